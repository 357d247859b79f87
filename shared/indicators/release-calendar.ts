import { addDays, type IsoDate } from "../calendar";
import { parsePeriod, type Period } from "./grid";

/**
 * When a quarter's indicators are released, and from when its entries and exits are closed (issue
 * 17, second red team: a provider could backdate enrolments into a quarter whose figures were
 * released for others before its own runs' release was first computed, and so shape that release).
 * A quarter stays open for RECORDING_DAYS after it ends, for the entries and exits of its last
 * days to be recorded; then it is released, and from that day no entry or exit dated in it is
 * accepted (subgraphs/providers/enrolment: BAD_USER_INPUT naming the field). Every release of a
 * quarter, whichever population it counts and whenever it is first computed, therefore counts the
 * same entries and exits: the data cut-off statistical offices set for a reference period.
 */
export const RECORDING_DAYS = 15;

/** The day a quarter's figures are released and its entries and exits close: RECORDING_DAYS after the day it ends. */
export const releaseDay = (year: number, quarter: number): IsoDate => addDays(parsePeriod(`${year}-Q${quarter}`).to, RECORDING_DAYS + 1);

/** The quarter whose release publishes a period: its own, and for a year, the fourth. */
export const quarterReleasing = (period: Period): number =>
  period.kind === "YEAR" ? 4 : period.kind === "QUARTER" ? Number(period.key.slice(-1)) : Math.ceil(Number(period.key.slice(5, 7)) / 3);

/** The last quarter of `year` whose figures are released on `today` (0: none yet). */
export const lastReleasedQuarter = (year: number, today: IsoDate): number => [4, 3, 2, 1].find((quarter) => releaseDay(year, quarter) <= today) ?? 0;

/**
 * Whether an entry or exit dated `day` may still be recorded on `today`: its quarter is not yet
 * released. Returns null when it may, else the quarter (`2026-Q3`) and the day it closed.
 */
export function closedQuarter(day: IsoDate, today: IsoDate): { quarter: string; closedOn: IsoDate } | null {
  const year = Number(day.slice(0, 4));
  const quarter = Math.ceil(Number(day.slice(5, 7)) / 3);
  const closedOn = releaseDay(year, quarter);
  return closedOn <= today ? { quarter: `${year}-Q${quarter}`, closedOn } : null;
}
