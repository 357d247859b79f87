import fc from "fast-check";
import { daysIn, plusDays, plusMonths } from "../test/support/contract-oracle";
import { addDays, addMonths, ageOn, daysInMonth, isValidIsoDate, todayInLjubljana, yearOf } from "./calendar";

describe("isValidIsoDate", () => {
  it.each(["2025-01-01", "2025-12-31", "2024-02-29", "2000-02-29", "1985-06-15", "0001-01-01", "9999-12-31"])(
    "accepts %s",
    (value) => expect(isValidIsoDate(value)).toBe(true),
  );

  it.each([
    ["2025-02-29", "29 February in a non-leap year"],
    ["1900-02-29", "29 February in a century year not divisible by 400"],
    ["2025-04-31", "31st of a 30-day month"],
    ["2025-13-01", "month 13"],
    ["2025-00-10", "month 0"],
    ["2025-01-00", "day 0"],
    ["2025-01-32", "day 32"],
    ["2025-1-01", "one-digit month"],
    ["2025-01-1", "one-digit day"],
    ["25-01-01", "two-digit year"],
    ["2025/01/01", "slashes"],
    ["2025-01-01T00:00:00Z", "a timestamp"],
    [" 2025-01-01", "leading space"],
    ["2025-01-01\n", "trailing newline"],
    ["", "empty string"],
    ["abcd-ef-gh", "letters"],
  ])("refuses %s (%s)", (value) => expect(isValidIsoDate(value)).toBe(false));
});

describe("daysInMonth", () => {
  it("knows leap-year February", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it("knows 30- and 31-day months", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe("addMonths", () => {
  it.each([
    ["2025-01-31", 1, "2025-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-01-31", 7, "2025-08-31"],
    ["2025-01-31", 3, "2025-04-30"],
    ["2025-03-15", 1, "2025-04-15"],
    ["2025-11-30", 2, "2026-01-30"],
    ["2025-12-31", 1, "2026-01-31"],
    ["2025-03-01", 0, "2025-03-01"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2025-01-15", 24, "2027-01-15"],
  ])("%s + %i months = %s", (date, months, expected) => expect(addMonths(date, months)).toBe(expected));

  it.each([
    ["2025-03-31", -1, "2025-02-28"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2025-01-15", -1, "2024-12-15"],
    ["2025-01-15", -13, "2023-12-15"],
  ])("%s + %i months = %s (going back)", (date, months, expected) => expect(addMonths(date, months)).toBe(expected));

  it("does not carry a clamp forward: each addition starts from the original day", () => {
    // Chaining would lose the 31st after February; adding 2 at once keeps it.
    expect(addMonths(addMonths("2025-01-31", 1), 1)).toBe("2025-03-28");
    expect(addMonths("2025-01-31", 2)).toBe("2025-03-31");
  });

  it("refuses an invalid date or a fractional month count", () => {
    expect(() => addMonths("2025-02-30", 1)).toThrow(RangeError);
    expect(() => addMonths("2025-01-01", 1.5)).toThrow(RangeError);
    expect(() => addMonths("9999-12-01", 1)).toThrow(RangeError);
  });
});

describe("addDays", () => {
  it.each([
    ["2025-01-01", 1, "2025-01-02"],
    ["2025-01-31", 1, "2025-02-01"],
    ["2025-02-28", 1, "2025-03-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2025-12-31", 1, "2026-01-01"],
    ["2025-03-01", -1, "2025-02-28"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2025-01-01", 365, "2026-01-01"],
    ["2024-01-01", 366, "2025-01-01"],
    ["2025-06-15", 0, "2025-06-15"],
    ["2000-02-28", 1, "2000-02-29"],
    ["1900-02-28", 1, "1900-03-01"],
  ])("%s + %i days = %s", (date, days, expected) => expect(addDays(date, days)).toBe(expected));

  it("agrees with UTC day arithmetic day by day over 1899–2101", () => {
    const mismatches: string[] = [];
    let date = "1899-12-25";
    let utc = Date.UTC(1899, 11, 25);
    for (let i = 0; i < 74000; i += 1) {
      const expected = new Date(utc).toISOString().slice(0, 10);
      if (date !== expected) mismatches.push(`${date} != ${expected}`);
      date = addDays(date, 1);
      utc += 86_400_000;
    }
    expect(mismatches).toEqual([]);
  });

  it("round-trips large jumps", () => {
    expect(addDays(addDays("2025-05-17", 100_000), -100_000)).toBe("2025-05-17");
    expect(addDays("1970-01-01", 20_000)).toBe(new Date(20_000 * 86_400_000).toISOString().slice(0, 10));
  });

  it("refuses an invalid date or a fractional day count", () => {
    expect(() => addDays("2025-13-01", 1)).toThrow(RangeError);
    expect(() => addDays("2025-01-01", 0.5)).toThrow(RangeError);
  });
});

describe("todayInLjubljana", () => {
  it("is already the next day late in the UTC evening (CET, UTC+1)", () => {
    expect(todayInLjubljana(new Date("2026-01-15T23:30:00Z"))).toBe("2026-01-16");
    expect(todayInLjubljana(new Date("2026-01-15T22:59:59Z"))).toBe("2026-01-15");
  });

  it("gives 29 March for 2026-03-28T23:30Z, the night summer time begins", () => {
    expect(todayInLjubljana(new Date("2026-03-28T23:30:00Z"))).toBe("2026-03-29");
    expect(todayInLjubljana(new Date("2026-03-28T22:59:59Z"))).toBe("2026-03-28");
  });

  it("follows summer time (CEST, UTC+2)", () => {
    expect(todayInLjubljana(new Date("2026-07-01T21:59:59Z"))).toBe("2026-07-01");
    expect(todayInLjubljana(new Date("2026-07-01T22:00:00Z"))).toBe("2026-07-02");
  });

  it("answers each instant on its own when asked one after another around midnight (the day is remembered per minute)", () => {
    const instants = ["2026-01-15T22:59:00Z", "2026-01-15T22:59:59.999Z", "2026-01-15T23:00:00Z", "2026-01-15T23:00:59Z", "2026-01-15T22:59:30Z"];
    expect(instants.map((instant) => todayInLjubljana(new Date(instant)))).toEqual(["2026-01-15", "2026-01-15", "2026-01-16", "2026-01-16", "2026-01-15"]);
  });

  it("crosses the year boundary", () => {
    expect(todayInLjubljana(new Date("2025-12-31T23:00:00Z"))).toBe("2026-01-01");
  });

  it("defaults to now and returns a valid date", () => {
    expect(isValidIsoDate(todayInLjubljana())).toBe(true);
  });

  it("refuses an invalid instant", () => {
    expect(() => todayInLjubljana(new Date("not a date"))).toThrow(RangeError);
  });
});

describe("ageOn", () => {
  it("counts completed years", () => {
    expect(ageOn("2000-05-10", "2018-05-09")).toBe(17);
    expect(ageOn("2000-05-10", "2018-05-10")).toBe(18);
    expect(ageOn("2000-05-10", "2018-05-11")).toBe(18);
    expect(ageOn("2000-05-10", "2018-04-30")).toBe(17);
    expect(ageOn("2000-05-10", "2018-06-01")).toBe(18);
    expect(ageOn("1985-12-31", "2026-01-01")).toBe(40);
  });

  it("is 0 on the birth day", () => {
    expect(ageOn("2025-03-01", "2025-03-01")).toBe(0);
  });

  it("treats a 29 February birthday as reached on 1 March in non-leap years", () => {
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
    expect(ageOn("2004-02-29", "2024-02-28")).toBe(19);
    expect(ageOn("2004-02-29", "2024-02-29")).toBe(20);
  });

  it("is negative before the birth", () => {
    expect(ageOn("2025-06-01", "2025-05-31")).toBeLessThan(0);
  });

  it("refuses invalid dates", () => {
    expect(() => ageOn("2001-02-29", "2025-01-01")).toThrow(RangeError);
    expect(() => ageOn("2001-01-01", "2025-1-1")).toThrow(RangeError);
  });
});

describe("yearOf", () => {
  it("returns the year", () => {
    expect(yearOf("2026-03-29")).toBe(2026);
    expect(yearOf("0999-01-01")).toBe(999);
  });

  it("refuses an invalid date", () => {
    expect(() => yearOf("2026-02-30")).toThrow(RangeError);
  });
});

describe("ISO date ordering", () => {
  it("string comparison is calendar order", () => {
    expect("2025-12-31" < "2026-01-01").toBe(true);
    expect("2026-02-09" < "2026-02-10").toBe(true);
    expect("2026-09-30" < "2026-10-01").toBe(true);
  });
});

/**
 * Properties over generated days of the years the Date scalar accepts (fast-check, fixed seed: a
 * failure prints the seed and the smallest counterexample). Expected values come from the contract's
 * wording re-implemented over Date.UTC (test/support/contract-oracle.ts), not from this module.
 */
describe("calendar: properties", () => {
  const SETTINGS = { seed: 13_2026, numRuns: 2000 };
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  const day = fc
    .record({ year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), dayIndex: fc.nat(30) })
    .map(({ year, month, dayIndex }) => `${pad(year, 4)}-${pad(month, 2)}-${pad((dayIndex % daysIn(year, month)) + 1, 2)}`);
  const months = fc.integer({ min: -1200, max: 1200 });

  it("adds months as the contract says: same day of the month, clamped to the target month's last day", () => {
    fc.assert(
      fc.property(day, months, (start, n) => {
        const result = addMonths(start, n);
        expect(result).toBe(plusMonths(start, n));
        const [year, month, dayOfMonth] = result.split("-").map(Number);
        const startDay = Number(start.slice(8, 10));
        expect(dayOfMonth).toBe(Math.min(startDay, daysIn(year, month)));
        if (startDay > daysIn(year, month)) expect(dayOfMonth).toBe(daysIn(year, month));
      }),
      SETTINGS,
    );
  });

  it("moves forward: S + 1 month > S, and more months never give an earlier day", () => {
    fc.assert(
      fc.property(day, months, months, (start, a, b) => {
        expect(addMonths(start, 1) > start).toBe(true);
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        expect(addMonths(start, fewer) <= addMonths(start, more)).toBe(true);
      }),
      SETTINGS,
    );
  });

  it("gives the contract's examples in every year: 31 January + 1 month = 28 or 29 February, + 7 months = 31 August", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), (year) => {
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        expect(addMonths(`${year}-01-31`, 1)).toBe(`${year}-02-${leap ? 29 : 28}`);
        expect(addMonths(`${year}-01-31`, 7)).toBe(`${year}-08-31`);
      }),
      { ...SETTINGS, numRuns: 200 },
    );
  });

  it("adds days like UTC day arithmetic", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -3000, max: 3000 }), (start, n) => {
        expect(addDays(start, n)).toBe(plusDays(start, n));
      }),
      SETTINGS,
    );
  });
});
