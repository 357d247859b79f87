import fc from "fast-check";
import { addDays } from "../../../shared/calendar";
import { contractPhase, contractSchedule, daysIn, plusDays } from "../../../test/support/contract-oracle";
import { ProgrammePhase } from "../../../shared/enums";
import { phaseOn, runEndDate, runSchedule } from "./run-schedule";

const { NOT_STARTED, PREPARATION, IMPLEMENTATION, FOLLOW_UP, FINISHED } = ProgrammePhase;

describe("runSchedule", () => {
  it("clamps a start on 31 January without drifting (2026)", () => {
    expect(runSchedule("2026-01-31")).toEqual([
      { phase: PREPARATION, startsOn: "2026-01-31", endsOn: "2026-02-27" },
      { phase: IMPLEMENTATION, startsOn: "2026-02-28", endsOn: "2026-08-30" },
      { phase: FOLLOW_UP, startsOn: "2026-08-31", endsOn: "2026-09-29" },
    ]);
  });

  it("clamps to 29 February in a leap year (2024)", () => {
    expect(runSchedule("2024-01-31")).toEqual([
      { phase: PREPARATION, startsOn: "2024-01-31", endsOn: "2024-02-28" },
      { phase: IMPLEMENTATION, startsOn: "2024-02-29", endsOn: "2024-08-30" },
      { phase: FOLLOW_UP, startsOn: "2024-08-31", endsOn: "2024-09-29" },
    ]);
  });

  it("uses whole calendar months for a start on the 1st", () => {
    expect(runSchedule("2026-03-01")).toEqual([
      { phase: PREPARATION, startsOn: "2026-03-01", endsOn: "2026-03-31" },
      { phase: IMPLEMENTATION, startsOn: "2026-04-01", endsOn: "2026-09-30" },
      { phase: FOLLOW_UP, startsOn: "2026-10-01", endsOn: "2026-10-31" },
    ]);
  });

  it("crosses a year end", () => {
    expect(runSchedule("2025-09-15")).toEqual([
      { phase: PREPARATION, startsOn: "2025-09-15", endsOn: "2025-10-14" },
      { phase: IMPLEMENTATION, startsOn: "2025-10-15", endsOn: "2026-04-14" },
      { phase: FOLLOW_UP, startsOn: "2026-04-15", endsOn: "2026-05-14" },
    ]);
  });

  it("handles a start on 30 July whose follow-up falls in February", () => {
    expect(runSchedule("2025-07-30")).toEqual([
      { phase: PREPARATION, startsOn: "2025-07-30", endsOn: "2025-08-29" },
      { phase: IMPLEMENTATION, startsOn: "2025-08-30", endsOn: "2026-02-27" },
      { phase: FOLLOW_UP, startsOn: "2026-02-28", endsOn: "2026-03-29" },
    ]);
  });

  it("leaves no gap or overlap between phases for any start day of two years", () => {
    const problems: string[] = [];
    let start = "2024-01-01";
    for (let i = 0; i < 731; i += 1) {
      const [preparation, implementation, followUp] = runSchedule(start);
      if (preparation.startsOn !== start) problems.push(`${start}: preparation`);
      if (addDays(preparation.endsOn, 1) !== implementation.startsOn) problems.push(`${start}: gap 1`);
      if (addDays(implementation.endsOn, 1) !== followUp.startsOn) problems.push(`${start}: gap 2`);
      if (followUp.endsOn !== runEndDate(start)) problems.push(`${start}: end`);
      for (const entry of [preparation, implementation, followUp]) {
        if (entry.endsOn < entry.startsOn) problems.push(`${start}: empty ${entry.phase}`);
      }
      start = addDays(start, 1);
    }
    expect(problems).toEqual([]);
  });

  it("refuses an invalid start date", () => {
    expect(() => runSchedule("2026-02-30")).toThrow(RangeError);
  });
});

describe("runEndDate", () => {
  it.each([
    ["2026-01-31", "2026-09-29"],
    ["2024-01-31", "2024-09-29"],
    ["2026-03-01", "2026-10-31"],
    ["2025-06-30", "2026-02-27"],
    ["2023-06-29", "2024-02-28"],
    ["2023-06-30", "2024-02-28"],
    ["2025-05-01", "2025-12-31"],
  ])("a run starting %s ends %s", (start, end) => expect(runEndDate(start)).toBe(end));
});

describe("phaseOn", () => {
  it.each([
    ["2026-01-30", NOT_STARTED],
    ["2026-01-31", PREPARATION],
    ["2026-02-27", PREPARATION],
    ["2026-02-28", IMPLEMENTATION],
    ["2026-08-30", IMPLEMENTATION],
    ["2026-08-31", FOLLOW_UP],
    ["2026-09-29", FOLLOW_UP],
    ["2026-09-30", FINISHED],
    ["2025-01-01", NOT_STARTED],
    ["2030-01-01", FINISHED],
  ])("a run starting 2026-01-31 is on %s in %s", (day, phase) => expect(phaseOn("2026-01-31", day)).toBe(phase));

  it.each([
    ["2024-01-30", NOT_STARTED],
    ["2024-01-31", PREPARATION],
    ["2024-02-28", PREPARATION],
    ["2024-02-29", IMPLEMENTATION],
    ["2024-08-30", IMPLEMENTATION],
    ["2024-08-31", FOLLOW_UP],
    ["2024-09-29", FOLLOW_UP],
    ["2024-09-30", FINISHED],
  ])("a run starting 2024-01-31 is on %s in %s", (day, phase) => expect(phaseOn("2024-01-31", day)).toBe(phase));

  it.each([
    ["2026-02-28", NOT_STARTED],
    ["2026-03-01", PREPARATION],
    ["2026-03-31", PREPARATION],
    ["2026-04-01", IMPLEMENTATION],
    ["2026-09-30", IMPLEMENTATION],
    ["2026-10-01", FOLLOW_UP],
    ["2026-10-31", FOLLOW_UP],
    ["2026-11-01", FINISHED],
  ])("a run starting 2026-03-01 is on %s in %s", (day, phase) => expect(phaseOn("2026-03-01", day)).toBe(phase));

  it("refuses an invalid day", () => {
    expect(() => phaseOn("2026-03-01", "2026-3-5")).toThrow(RangeError);
    expect(() => phaseOn("2026-02-29", "2026-03-05")).toThrow(RangeError);
  });
});

/**
 * Properties over generated start days (fast-check, fixed seed: a failure prints the seed and the
 * smallest counterexample). Expected values come from the contract's wording re-implemented over
 * Date.UTC (test/support/contract-oracle.ts), not from shared/calendar.ts.
 */
describe("run schedule: properties", () => {
  const SETTINGS = { seed: 13_2026, numRuns: 300 };
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  const start = fc
    .record({ year: fc.integer({ min: 1900, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), dayIndex: fc.nat(30) })
    .map(({ year, month, dayIndex }) => `${pad(year, 4)}-${pad(month, 2)}-${pad((dayIndex % daysIn(year, month)) + 1, 2)}`);

  it("is the contract's schedule: boundaries at S + 1 and S + 7 months, end the day before S + 8 months", () => {
    fc.assert(
      fc.property(start, (day) => {
        const expected = contractSchedule(day);
        expect(runSchedule(day)).toEqual(expected.schedule);
        expect(runEndDate(day)).toBe(expected.endDate);
      }),
      SETTINGS,
    );
  });

  it("partitions the run's days into the three phases, with no gap and no overlap", () => {
    fc.assert(
      fc.property(start, (day) => {
        const [preparation, implementation, followUp] = runSchedule(day);
        expect(preparation.startsOn).toBe(day);
        expect(implementation.startsOn).toBe(plusDays(preparation.endsOn, 1));
        expect(followUp.startsOn).toBe(plusDays(implementation.endsOn, 1));
        expect(followUp.endsOn).toBe(runEndDate(day));
        const phases = [preparation, implementation, followUp];
        for (let on = plusDays(day, -1); on <= plusDays(followUp.endsOn, 1); on = plusDays(on, 1)) {
          const holding = phases.filter((phase) => phase.startsOn <= on && on <= phase.endsOn).length;
          expect({ on, holding }).toEqual({ on, holding: day <= on && on <= followUp.endsOn ? 1 : 0 });
        }
      }),
      SETTINGS,
    );
  });

  it("gives the contract's phase on any day around the run", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: -60, max: 300 }), (day, offset) => {
        const on = plusDays(day, offset);
        expect(phaseOn(day, on)).toBe(contractPhase(day, on));
      }),
      { ...SETTINGS, numRuns: 3000 },
    );
  });
});
