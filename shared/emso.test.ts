import fc from "fast-check";
import { contractCheckValue } from "../test/support/contract-oracle";
import { addDays } from "./calendar";
import { makeEmso, parseEmso } from "./emso";
import { Gender } from "./enums";

/** The check value written out independently of the module, so the tests do not trust its own helper. */
function referenceCheckValue(firstTwelve: string): number {
  const weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(firstTwelve[i]), 0);
  return sum % 11 === 0 ? 0 : 11 - (sum % 11);
}

/** Completes twelve digits with their check digit; fails the test if the check value is 10. */
function withCheckDigit(firstTwelve: string): string {
  const k = referenceCheckValue(firstTwelve);
  if (k === 10) throw new Error(`${firstTwelve} has check value 10`);
  return firstTwelve + String(k);
}

function reasonOf(emso: string): string {
  const result = parseEmso(emso);
  if (result.valid) throw new Error(`${emso} was accepted`);
  return result.reason;
}

describe("parseEmso: valid numbers", () => {
  it("accepts 0101006500006, computed by hand (sum 82, 82 mod 11 = 5, K = 6)", () => {
    // 0·7 + 1·6 + 0·5 + 1·4 + 0·3 + 0·2 + 6·7 + 5·6 + 0·5 + 0·4 + 0·3 + 0·2 = 82
    expect(parseEmso("0101006500006")).toEqual({ valid: true, birthDate: "2006-01-01", gender: Gender.MALE });
  });

  it("reads YYY 985 as 1985", () => {
    const emso = withCheckDigit("150698550012");
    expect(parseEmso(emso)).toEqual({ valid: true, birthDate: "1985-06-15", gender: Gender.MALE });
  });

  it("reads YYY 005 as 2005", () => {
    const emso = withCheckDigit("150600550013");
    expect(parseEmso(emso)).toEqual({ valid: true, birthDate: "2005-06-15", gender: Gender.MALE });
  });

  it("reads YYY 800 as 1800 and 799 as 2799 (the split point)", () => {
    expect(parseEmso(withCheckDigit("010180050001"))).toMatchObject({ valid: true, birthDate: "1800-01-01" });
    expect(parseEmso(withCheckDigit("010179950002"))).toMatchObject({ valid: true, birthDate: "2799-01-01" });
  });

  it.each([
    ["000", Gender.MALE],
    ["123", Gender.MALE],
    ["499", Gender.MALE],
    ["500", Gender.FEMALE],
    ["777", Gender.FEMALE],
    ["999", Gender.FEMALE],
  ])("reads serial %s as %s", (bbb, gender) => {
    // Vary the day so every serial here has a usable check value.
    for (const day of ["01", "02", "03"]) {
      const firstTwelve = `${day}0398550${bbb}`;
      if (referenceCheckValue(firstTwelve) === 10) continue;
      expect(parseEmso(withCheckDigit(firstTwelve))).toEqual({ valid: true, birthDate: `1985-03-${day}`, gender });
      return;
    }
    throw new Error("no usable day found");
  });

  it("accepts 29 February in a leap year", () => {
    expect(parseEmso(withCheckDigit("290200050500"))).toEqual({
      valid: true,
      birthDate: "2000-02-29",
      gender: Gender.FEMALE,
    });
  });

  it("accepts a check digit of 0 (sum divisible by 11)", () => {
    let found: string | undefined;
    for (let bbb = 0; bbb < 1000 && found === undefined; bbb += 1) {
      const firstTwelve = `010198550${String(bbb).padStart(3, "0")}`;
      if (referenceCheckValue(firstTwelve) === 0) found = `${firstTwelve}0`;
    }
    expect(found).toBeDefined();
    expect(parseEmso(found as string).valid).toBe(true);
  });
});

describe("parseEmso: refusals", () => {
  it("names the expected and the found check digit", () => {
    const valid = "0101006500006";
    expect(reasonOf("0101006500007")).toBe("EMŠO check digit is wrong (expected 6, found 7)");
    expect(reasonOf("0101006500000")).toBe("EMŠO check digit is wrong (expected 6, found 0)");
    expect(parseEmso(valid).valid).toBe(true);
  });

  it("refuses a number with a swapped pair of digits", () => {
    expect(parseEmso("0101006500060").valid).toBe(false);
  });

  it("refuses 31 February and names the date", () => {
    // Even with the check digit made right, the date alone must refuse it.
    expect(reasonOf(withCheckDigit("310298550012"))).toBe("EMŠO contains an impossible birth date (31.02.1985)");
  });

  it.each([
    ["290298550012", "29.02.1985"],
    ["310498550012", "31.04.1985"],
    ["001098550012", "00.10.1985"],
    ["011398550012", "01.13.1985"],
    ["010000550012", "01.00.2005"],
    ["290290050012", "29.02.1900"],
  ])("refuses the impossible date in %s (%s)", (firstTwelve, shown) => {
    const emso = firstTwelve + "0";
    expect(reasonOf(emso)).toBe(`EMŠO contains an impossible birth date (${shown})`);
  });

  it("refuses a number whose check value is 10, found by brute force", () => {
    let firstTwelve: string | undefined;
    for (let bbb = 0; bbb < 1000 && firstTwelve === undefined; bbb += 1) {
      const candidate = `150698550${String(bbb).padStart(3, "0")}`;
      if (referenceCheckValue(candidate) === 10) firstTwelve = candidate;
    }
    expect(firstTwelve).toBeDefined();
    for (let k = 0; k <= 9; k += 1) {
      expect(reasonOf(`${firstTwelve as string}${k}`)).toBe("EMŠO check value is 10, no valid EMŠO has it");
    }
  });

  it.each([
    ["010100650000", 12],
    ["01010065000066", 14],
    ["", 0],
  ])("refuses %s as the wrong length (%i digits)", (emso, length) => {
    expect(reasonOf(emso)).toBe(`EMŠO must be exactly 13 digits; ${length} were given`);
  });

  it.each(["010100650000A", "0101-006500006", "0101006 500006", " 0101006500006", "０１０１００６５０００６"])(
    "refuses %j as containing non-digits",
    (emso) => {
      expect(reasonOf(emso)).toBe("EMŠO must be exactly 13 digits; it contains characters that are not digits");
    },
  );
});

describe("makeEmso", () => {
  it("builds region 50 with the serial in the gender's range", () => {
    expect(makeEmso("2006-01-01", Gender.MALE, 0)).toBe("0101006500006");
    expect(makeEmso("1985-06-15", Gender.MALE, 12).slice(0, 12)).toBe("150698550012");
    expect(makeEmso("1985-06-15", Gender.FEMALE, 12).slice(0, 12)).toBe("150698550512");
    expect(makeEmso("1985-06-15", Gender.MALE, 512).slice(0, 12)).toBe("150698550012");
    expect(makeEmso("1985-06-15", Gender.FEMALE, 1012).slice(0, 12)).toBe("150698550512");
  });

  it("is deterministic", () => {
    expect(makeEmso("1990-07-04", Gender.FEMALE, 42)).toBe(makeEmso("1990-07-04", Gender.FEMALE, 42));
  });

  it("skips a serial whose check value is 10 and takes the next one", () => {
    let serial = -1;
    for (let bbb = 0; bbb < 500 && serial < 0; bbb += 1) {
      if (referenceCheckValue(`150698550${String(bbb).padStart(3, "0")}`) === 10) serial = bbb;
    }
    expect(serial).toBeGreaterThanOrEqual(0);
    const emso = makeEmso("1985-06-15", Gender.MALE, serial);
    expect(emso.slice(9, 12)).toBe(String((serial + 1) % 500).padStart(3, "0"));
    expect(parseEmso(emso).valid).toBe(true);
  });

  it("wraps within the female range after serial 999", () => {
    // Find a date whose female serial 999 has check value 10, so the next one is 500.
    let date = "1980-01-01";
    for (let i = 0; i < 5000; i += 1) {
      const firstTwelve = `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(1, 4)}50999`;
      if (referenceCheckValue(firstTwelve) === 10) {
        const emso = makeEmso(date, Gender.FEMALE, 499);
        expect(emso.slice(9, 12)).toBe("500");
        expect(parseEmso(emso)).toEqual({ valid: true, birthDate: date, gender: Gender.FEMALE });
        return;
      }
      date = addDays(date, 1);
    }
    throw new Error("no date with check value 10 at serial 999 found");
  });

  it("handles negative serials within the range", () => {
    const emso = makeEmso("1985-06-15", Gender.FEMALE, -1);
    expect(Number(emso.slice(9, 12))).toBeGreaterThanOrEqual(500);
    expect(parseEmso(emso)).toEqual({ valid: true, birthDate: "1985-06-15", gender: Gender.FEMALE });
  });

  it("always yields a number parseEmso accepts with the same birth date and gender", () => {
    const failures: string[] = [];
    let date = "1940-01-01";
    for (let i = 0; i < 3000; i += 1) {
      for (const gender of [Gender.MALE, Gender.FEMALE]) {
        const serial = (i * 37) % 1200;
        const emso = makeEmso(date, gender, serial);
        const result = parseEmso(emso);
        if (!result.valid || result.birthDate !== date || result.gender !== gender) {
          failures.push(`${date} ${gender} ${serial} -> ${emso}`);
        }
      }
      date = addDays(date, 9);
    }
    expect(failures).toEqual([]);
  });

  it("covers every serial of one day in both ranges", () => {
    const seen = new Set<string>();
    for (let serial = 0; serial < 500; serial += 1) {
      for (const gender of [Gender.MALE, Gender.FEMALE]) {
        const emso = makeEmso("2001-09-11", gender, serial);
        expect(parseEmso(emso)).toEqual({ valid: true, birthDate: "2001-09-11", gender });
        seen.add(emso);
      }
    }
    // Skipped serials fall back onto a neighbour, so there are fewer distinct numbers than calls.
    expect(seen.size).toBeGreaterThan(800);
    expect(seen.size).toBeLessThanOrEqual(1000);
  });

  it("refuses inputs it cannot encode", () => {
    expect(() => makeEmso("1799-12-31", Gender.MALE, 1)).toThrow(RangeError);
    expect(() => makeEmso("2800-01-01", Gender.MALE, 1)).toThrow(RangeError);
    expect(() => makeEmso("1985-02-29", Gender.MALE, 1)).toThrow(RangeError);
    expect(() => makeEmso("1985-06-15", Gender.MALE, 1.5)).toThrow(RangeError);
  });

  it("encodes the edge years 1800 and 2799", () => {
    expect(parseEmso(makeEmso("1800-01-01", Gender.MALE, 3))).toMatchObject({ valid: true, birthDate: "1800-01-01" });
    expect(parseEmso(makeEmso("2799-12-31", Gender.FEMALE, 3))).toMatchObject({ valid: true, birthDate: "2799-12-31" });
  });
});

/**
 * Properties over many generated numbers (fast-check, fixed seed: a failure prints the seed and the
 * smallest counterexample, and reruns the same way). Valid numbers are built here from a birth date,
 * a region and a serial, with the check digit from the contract's weights (contractCheckValue in
 * test/support/contract-oracle.ts), not from the module under test.
 */
describe("parseEmso: properties", () => {
  const SETTINGS = { seed: 13_2026, numRuns: 2000 };
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  const daysInMonthOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

  /** Twelve digits DDMMYYYRRBBB for a real day in 1800–2799 (the years EMŠO encodes), with what they mean. */
  const firstTwelve = fc
    .record({ year: fc.integer({ min: 1800, max: 2799 }), month: fc.integer({ min: 1, max: 12 }), dayIndex: fc.nat(30), region: fc.nat(99), serial: fc.nat(999) })
    .map(({ year, month, dayIndex, region, serial }) => {
      const day = (dayIndex % daysInMonthOf(year, month)) + 1;
      return {
        digits: `${pad(day, 2)}${pad(month, 2)}${pad(year % 1000, 3)}${pad(region, 2)}${pad(serial, 3)}`,
        birthDate: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
        gender: serial < 500 ? Gender.MALE : Gender.FEMALE,
      };
    });
  const validEmso = firstTwelve
    .filter(({ digits }) => contractCheckValue(digits) !== 10)
    .map((parts) => ({ ...parts, emso: parts.digits + String(contractCheckValue(parts.digits)) }));

  it("accepts every number built from a date, region and serial, giving back its birth date and gender", () => {
    fc.assert(
      fc.property(validEmso, ({ emso, birthDate, gender }) => {
        expect(parseEmso(emso)).toEqual({ valid: true, birthDate, gender });
      }),
      SETTINGS,
    );
  });

  it("refuses every number whose 11 − m is 10, whatever its last digit", () => {
    fc.assert(
      fc.property(
        firstTwelve.filter(({ digits }) => contractCheckValue(digits) === 10),
        fc.nat(9),
        ({ digits }, last) => {
          expect(parseEmso(`${digits}${last}`)).toEqual({ valid: false, reason: "EMŠO check value is 10, no valid EMŠO has it" });
        },
      ),
      SETTINGS,
    );
  });

  // Each weight is 2–7 and 11 is prime: changing one digit by 1–9 changes the sum mod 11, and so the
  // check value, which the old check digit then no longer matches.
  it("refuses every change of one digit of a valid number", () => {
    fc.assert(
      fc.property(validEmso, fc.nat(12), fc.integer({ min: 1, max: 9 }), ({ emso }, position, shift) => {
        const changed = emso.slice(0, position) + String((Number(emso[position]) + shift) % 10) + emso.slice(position + 1);
        expect(parseEmso(changed).valid).toBe(false);
      }),
      SETTINGS,
    );
  });

  // Neighbouring weights differ by 1 (or by 5, between the year's last digit and the region): a
  // swap of two different digits changes the sum mod 11 too.
  it("refuses every swap of two different neighbouring digits among the first twelve", () => {
    fc.assert(
      fc.property(
        validEmso.chain(({ emso }) => fc.record({ emso: fc.constant(emso), position: fc.nat(10) })).filter(({ emso, position }) => emso[position] !== emso[position + 1]),
        ({ emso, position }) => {
          const swapped = emso.slice(0, position) + emso[position + 1] + emso[position] + emso.slice(position + 2);
          expect(parseEmso(swapped).valid).toBe(false);
        },
      ),
      SETTINGS,
    );
  });

  it("makeEmso's numbers pass the contract's check digit computed here", () => {
    fc.assert(
      fc.property(validEmso, fc.integer({ min: -2000, max: 2000 }), ({ birthDate, gender }, serial) => {
        const emso = makeEmso(birthDate, gender, serial);
        expect(Number(emso[12])).toBe(contractCheckValue(emso.slice(0, 12)));
      }),
      SETTINGS,
    );
  });
});
