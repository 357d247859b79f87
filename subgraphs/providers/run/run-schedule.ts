/**
 * The 8-month schedule of a programme run (izvedba): one month of preparation, six of
 * implementation, one of follow-up, in calendar months from the start day.
 */
import { addDays, addMonths, IsoDate, isValidIsoDate } from "../../../shared/calendar";
import { ProgrammePhase } from "../../../shared/enums";

/** One phase of a run, both days inclusive. */
export interface SchedulePhase {
  phase: ProgrammePhase;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

const IMPLEMENTATION_AFTER_MONTHS = 1;
const FOLLOW_UP_AFTER_MONTHS = 7;
const RUN_MONTHS = 8;

/**
 * The three phases of a run starting on `startDate`. Every boundary is counted from the start day
 * itself, never from the previous boundary, so a start on the 31st is clamped only where a month is
 * too short and does not drift: 2026-01-31 gives implementation from 2026-02-28 but follow-up from
 * 2026-08-31.
 */
export function runSchedule(startDate: IsoDate): SchedulePhase[] {
  const implementationStart = addMonths(startDate, IMPLEMENTATION_AFTER_MONTHS);
  const followUpStart = addMonths(startDate, FOLLOW_UP_AFTER_MONTHS);
  return [
    { phase: ProgrammePhase.PREPARATION, startsOn: startDate, endsOn: addDays(implementationStart, -1) },
    { phase: ProgrammePhase.IMPLEMENTATION, startsOn: implementationStart, endsOn: addDays(followUpStart, -1) },
    { phase: ProgrammePhase.FOLLOW_UP, startsOn: followUpStart, endsOn: runEndDate(startDate) },
  ];
}

/** The last day of a run: the day before start + 8 months. */
export function runEndDate(startDate: IsoDate): IsoDate {
  return addDays(addMonths(startDate, RUN_MONTHS), -1);
}

/** The phase a run starting on `startDate` is in on `day`; NOT_STARTED before it, FINISHED after its last day. */
export function phaseOn(startDate: IsoDate, day: IsoDate): ProgrammePhase {
  const schedule = runSchedule(startDate);
  // String comparison only orders valid ISO dates; a malformed day would silently land in some phase.
  if (!isValidIsoDate(day)) throw new RangeError(`Not a valid ISO calendar date (YYYY-MM-DD): "${day}"`);
  if (day < startDate) return ProgrammePhase.NOT_STARTED;
  const current = schedule.find((entry) => entry.startsOn <= day && day <= entry.endsOn);
  return current === undefined ? ProgrammePhase.FINISHED : current.phase;
}
