import { closedQuarter, lastReleasedQuarter, releaseDay } from "./release-calendar";

describe("the release calendar (issue 17: entries and exits close when their quarter is released)", () => {
  it("releases a quarter 15 days after it ends, and the year with its fourth", () => {
    expect(releaseDay(2026, 3)).toBe("2026-10-16");
    expect(releaseDay(2025, 4)).toBe("2026-01-16");
    expect(lastReleasedQuarter(2026, "2026-10-15")).toBe(2);
    expect(lastReleasedQuarter(2026, "2026-10-16")).toBe(3);
    expect(lastReleasedQuarter(2025, "2026-01-16")).toBe(4);
  });

  it("accepts a day of a quarter until it is released, and refuses it from that day", () => {
    expect(closedQuarter("2026-09-30", "2026-10-15")).toBeNull();
    expect(closedQuarter("2026-09-30", "2026-10-16")).toEqual({ quarter: "2026-Q3", closedOn: "2026-10-16" });
    expect(closedQuarter("2026-07-01", "2026-12-01")).toEqual({ quarter: "2026-Q3", closedOn: "2026-10-16" });
    expect(closedQuarter("2026-10-01", "2026-12-01")).toBeNull();
  });
});
