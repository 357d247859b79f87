import { GraphQLError } from "graphql";
import { DateScalar } from "./scalars";
import { ACCEPTED_DAYS, DAY_BOUNDS, requireDayWithin, requireDecisionEnd } from "./plausibility";

const TODAY = "2026-11-30";

function refusal(run: () => unknown): { message: string; extensions: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, extensions: error.extensions };
    throw error;
  }
  throw new Error("was accepted");
}

describe("the Date scalar", () => {
  it.each([ACCEPTED_DAYS.first, ACCEPTED_DAYS.last, "2024-02-29"])("accepts %s", (day) => {
    expect(DateScalar.parseValue(day)).toBe(day);
    expect(DateScalar.parseLiteral({ kind: "StringValue", value: day } as never)).toBe(day);
  });

  it.each(["1899-12-31", "2100-01-01", "9999-05-01", "0001-01-01", "2999-05-01"])("refuses %s, naming the range", (day) => {
    expect(() => DateScalar.parseValue(day)).toThrow(`Date must be a day from ${ACCEPTED_DAYS.first} to ${ACCEPTED_DAYS.last}`);
    expect(() => DateScalar.parseLiteral({ kind: "StringValue", value: day } as never)).toThrow("from 1900-01-01 to 2099-12-31");
  });

  it("still refuses days that do not exist", () => {
    expect(() => DateScalar.parseValue("2026-02-29")).toThrow("real calendar day");
  });

  it("serializes any real day the hub computed", () => {
    expect(DateScalar.serialize("2100-08-30")).toBe("2100-08-30");
  });
});

describe("DAY_BOUNDS", () => {
  // [bound, earliest accepted, latest accepted] on 2026-11-30, written out by hand.
  it.each([
    ["runStart", "2026-11-30", "2028-11-30"],
    ["programmeEvent", "2017-01-01", "2026-11-30"],
    ["registerEntry", "1991-01-01", "2026-11-30"],
    ["decisionStart", "1991-01-01", "2026-12-01"],
    ["birthDate", "1906-11-30", "2026-11-30"],
  ] as const)("%s accepts %s to %s and refuses the days either side", (name, earliest, latest) => {
    const bound = DAY_BOUNDS[name];
    expect(requireDayWithin("input.day", earliest, bound, TODAY)).toBe(earliest);
    expect(requireDayWithin("input.day", latest, bound, TODAY)).toBe(latest);
    const before = refusal(() => requireDayWithin("input.day", dayBefore(earliest), bound, TODAY));
    expect(before.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.day" });
    expect(before.message).toBe(`input.day: ${dayBefore(earliest)} is before ${earliest}; ${bound.what} must be ${bound.text}`);
    const after = refusal(() => requireDayWithin("input.day", dayAfter(latest), bound, TODAY));
    expect(after.message).toBe(`input.day: ${dayAfter(latest)} is after ${latest}; ${bound.what} must be ${bound.text}`);
  });

  it("counts a run's horizon in calendar months: from 29 February, 2 years ahead is 28 February", () => {
    expect(requireDayWithin("s", "2026-02-28", DAY_BOUNDS.runStart, "2024-02-29")).toBe("2026-02-28");
    expect(() => requireDayWithin("s", "2026-03-01", DAY_BOUNDS.runStart, "2024-02-29")).toThrow("is after 2026-02-28");
  });

  it("lets a decision start on the first of next month, across a year's end", () => {
    expect(requireDayWithin("f", "2027-01-01", DAY_BOUNDS.decisionStart, "2026-12-31")).toBe("2027-01-01");
    expect(() => requireDayWithin("f", "2027-01-02", DAY_BOUNDS.decisionStart, "2026-12-31")).toThrow("is after 2027-01-01");
  });
});

describe("requireDecisionEnd", () => {
  it("accepts a one-day decision and one of exactly 12 months", () => {
    expect(requireDecisionEnd("input.validTo", "2026-01-01", "2026-01-01")).toBe("2026-01-01");
    expect(requireDecisionEnd("input.validTo", "2026-01-01", "2026-12-31")).toBe("2026-12-31");
    expect(requireDecisionEnd("input.validTo", "2024-02-29", "2025-02-27")).toBe("2025-02-27");
  });

  it("refuses an end before the start, and one day more than 12 months", () => {
    expect(refusal(() => requireDecisionEnd("input.validTo", "2026-01-02", "2026-01-01")).message).toBe("input.validTo: 2026-01-01 is before validFrom 2026-01-02");
    const tooLong = refusal(() => requireDecisionEnd("input.validTo", "2026-01-01", "2027-01-01"));
    expect(tooLong.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.validTo" });
    expect(tooLong.message).toContain("2027-01-01 is after 2026-12-31");
    expect(() => requireDecisionEnd("input.validTo", "0001-01-01", "9999-12-31")).toThrow("is after 0001-12-31");
  });
});

// Written out here rather than taken from shared/calendar, for the few days these tests step over.
function dayBefore(day: string): string {
  const known: Record<string, string> = { "2026-11-30": "2026-11-29", "2017-01-01": "2016-12-31", "1991-01-01": "1990-12-31", "1906-11-30": "1906-11-29" };
  return known[day];
}
function dayAfter(day: string): string {
  const known: Record<string, string> = { "2028-11-30": "2028-12-01", "2026-11-30": "2026-12-01", "2026-12-01": "2026-12-02" };
  return known[day];
}
