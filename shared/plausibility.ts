/**
 * Plausibility bounds for every calendar day the hub accepts (issue 13). A day can be a real date
 * and still not be one an agency can mean: a run starting in 2999, a DSP decision valid from year 1,
 * a birth in 2700. Each bound here is stated once, in words that serve both the field's schema
 * description (what the explorer shows) and the BAD_USER_INPUT that refuses a day outside it, so
 * the two cannot drift apart. Bounds that move with time count from `todayInLjubljana()`.
 */
import { addDays, addMonths, todayInLjubljana, type IsoDate } from "./calendar";
import { badInput } from "./errors";

/**
 * The days the `Date` scalar accepts at all, whatever the field. 1900 lies before the oldest birth
 * an EMŠO may give (120 years before today, so 1906 or later) and before every record day below;
 * 2099 lies decades beyond the farthest forward bound (a run 2 years ahead ends 8 months later).
 * Every sum the hub computes on an accepted day (a run's end, a decision's last day, an age) so
 * stays far inside what the calendar, JavaScript and PostgreSQL represent: no arithmetic overflows.
 */
export const ACCEPTED_DAYS = { first: "1900-01-01", last: "2099-12-31" } as const;

/** True when a valid ISO day lies within ACCEPTED_DAYS (valid ISO days compare as strings). */
export const isAcceptedDay = (day: IsoDate): boolean => ACCEPTED_DAYS.first <= day && day <= ACCEPTED_DAYS.last;

/** The first day of the social activation pilot's programmes (DOMAIN.md: the pilot ran from 2017). */
export const FIRST_PROGRAMME_DAY = "2017-01-01";

/**
 * The earliest day of an agency's register entry or decision (our rule): the registers the hub reads
 * are those of the Slovenian state; an older day is taken for a typing error, not for a record.
 */
export const FIRST_REGISTER_DAY = "1991-01-01";

/** How far ahead a run may be scheduled (our rule): providers plan a run or two ahead, not decades. */
export const RUN_START_HORIZON_MONTHS = 24;

/**
 * The longest period one DSP decision may cover (our rule): financial social assistance is granted
 * for a limited period and extended by a new decision; a longer period is taken for a typing error.
 */
export const DSP_DECISION_MAX_MONTHS = 12;

/** The oldest person the hub accepts, in years (our rule). */
export const MAX_AGE_YEARS = 120;

/** A range of days, both ends inclusive, counted from today where it moves with time. */
interface DayBound {
  /** What the day is, for the refusal: "a run's first day". */
  readonly what: string;
  /** The bound in words: for the schema description and the refusal alike. */
  readonly text: string;
  earliest(today: IsoDate): IsoDate;
  latest(today: IsoDate): IsoDate;
}

const firstOfNextMonth = (today: IsoDate): IsoDate => `${addMonths(today, 1).slice(0, 7)}-01`;

/** The bound of each kind of day the hub's writes accept. */
export const DAY_BOUNDS = {
  /** A run is scheduled ahead, within the planning horizon. */
  runStart: {
    what: "a run's first day",
    text: `today or later, and at most ${RUN_START_HORIZON_MONTHS / 12} years ahead (our rule)`,
    earliest: (today) => today,
    latest: (today) => addMonths(today, RUN_START_HORIZON_MONTHS),
  },
  /** Something that happened in a programme: an enrolment, an attendance, an exit, a team meeting. */
  programmeEvent: {
    what: "the day of a programme event",
    text: `not in the future, and not before ${FIRST_PROGRAMME_DAY} (the pilot's programmes began in 2017)`,
    earliest: () => FIRST_PROGRAMME_DAY,
    latest: (today) => today,
  },
  /** An entry in an agency's register, already made. */
  registerEntry: {
    what: "the day of a register entry",
    text: `not in the future, and not before ${FIRST_REGISTER_DAY} (our rule)`,
    earliest: () => FIRST_REGISTER_DAY,
    latest: (today) => today,
  },
  /**
   * A DSP decision's first day. It may lie just ahead: DSP is granted from the first day of the
   * month after the application, so a decision issued in the application's month starts next month.
   */
  decisionStart: {
    what: "a decision's first day",
    text: `not before ${FIRST_REGISTER_DAY} and not after the first day of next month (our rule)`,
    earliest: () => FIRST_REGISTER_DAY,
    latest: firstOfNextMonth,
  },
  /** A birth date read from an EMŠO. */
  birthDate: {
    what: "the birth date the EMŠO gives",
    text: `not in the future, and not more than ${MAX_AGE_YEARS} years ago (our rule)`,
    earliest: (today) => addMonths(today, -12 * MAX_AGE_YEARS),
    latest: (today) => today,
  },
} as const satisfies Record<string, DayBound>;

/**
 * Refuses `day` outside `bound` with BAD_USER_INPUT naming `field`, the day and the bound; returns
 * the day. `today` is a parameter for tests only: the hub passes nothing and gets Ljubljana's day.
 */
export function requireDayWithin(field: string, day: IsoDate, bound: DayBound, today: IsoDate = todayInLjubljana()): IsoDate {
  const earliest = bound.earliest(today);
  const latest = bound.latest(today);
  if (day < earliest) throw badInput(field, `${day} is before ${earliest}; ${bound.what} must be ${bound.text}`);
  if (day > latest) throw badInput(field, `${day} is after ${latest}; ${bound.what} must be ${bound.text}`);
  return day;
}

/** The bound of a DSP decision's last day, in words. */
export const DECISION_END_TEXT = `not before validFrom, and at most ${DSP_DECISION_MAX_MONTHS} months after it: the day before validFrom + ${DSP_DECISION_MAX_MONTHS} months (our rule)`;

/** Refuses a DSP decision whose last day precedes its first or lies beyond the longest period. */
export function requireDecisionEnd(field: string, validFrom: IsoDate, validTo: IsoDate): IsoDate {
  if (validTo < validFrom) throw badInput(field, `${validTo} is before validFrom ${validFrom}`);
  const latest = addDays(addMonths(validFrom, DSP_DECISION_MAX_MONTHS), -1);
  if (validTo > latest) throw badInput(field, `${validTo} is after ${latest}; a decision's last day must be ${DECISION_END_TEXT}`);
  return validTo;
}
