/**
 * Calendar arithmetic on ISO calendar dates ("YYYY-MM-DD").
 *
 * Dates stay strings in every API so that no JS Date (an instant, not a day) can shift a day across
 * a timezone boundary; arithmetic works on year/month/day integers. Two valid ISO dates compare
 * correctly with `<` and `>`, which callers rely on.
 */

/** A calendar day written "YYYY-MM-DD" (years 0000–9999). */
export type IsoDate = string;

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when `value` is exactly "YYYY-MM-DD" and names a day that exists (29 February only in leap years). */
export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parse(date: IsoDate): CalendarDay {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a valid ISO calendar date (YYYY-MM-DD): "${date}"`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function format({ year, month, day }: CalendarDay): IsoDate {
  // Outside 0000–9999 the string would no longer sort correctly, so such results are refused.
  if (year < 0 || year > 9999) throw new RangeError(`Date out of the supported range 0000–9999 (year ${year})`);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function requireInteger(value: number, name: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
}

// Days since 1970-01-01 and back, after Howard Hinnant's civil-date algorithms: pure integer
// arithmetic, so no time zone or daylight-saving change can move a day.
function toDayNumber({ year, month, day }: CalendarDay): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): CalendarDay {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The same day of the month `months` calendar months later (or earlier when negative), clamped to
 * the target month's last day: 2025-01-31 + 1 = 2025-02-28, 2024-01-31 + 1 = 2024-02-29.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  requireInteger(months, "months");
  const { year, month, day } = parse(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** The day `days` calendar days later (earlier when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  requireInteger(days, "days");
  return format(fromDayNumber(toDayNumber(parse(date)) + days));
}

// Built once: resolvers ask for today per participant and per run, and a formatter is costly to make.
const LJUBLJANA_DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Ljubljana", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The calendar day in Slovenia at the instant `now`; "today" for every agency is the Ljubljana day,
 * whatever time zone the server runs in.
 */
export function todayInLjubljana(now: Date = new Date()): IsoDate {
  if (Number.isNaN(now.getTime())) throw new RangeError("todayInLjubljana needs a valid instant");
  // Slovenia's day changes only on a whole minute: the day found for one instant holds for its minute.
  const minute = Math.floor(now.getTime() / 60000);
  if (minute === lastDay.minute) return lastDay.day;
  lastDay = { minute, day: ljubljanaDay(now) };
  return lastDay.day;
}
let lastDay: { minute: number; day: IsoDate } = { minute: Number.NaN, day: "" as IsoDate };

function ljubljanaDay(now: Date): IsoDate {
  const parts = LJUBLJANA_DAY.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): number => {
    const found = parts.find((p) => p.type === type);
    if (found === undefined) throw new Error(`Intl.DateTimeFormat gave no ${type} part`);
    return Number(found.value);
  };
  return format({ year: part("year"), month: part("month"), day: part("day") });
}

/**
 * Completed years of age on the day `on`. Someone born on 29 February turns a year older on
 * 1 March in non-leap years: only then has 28 February, the last day before the missing birthday,
 * fully passed. Negative when `on` precedes the birth.
 */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const birth = parse(birthDate);
  const day = parse(on);
  const birthdayNotYetReached = day.month < birth.month || (day.month === birth.month && day.day < birth.day);
  return day.year - birth.year - (birthdayNotYetReached ? 1 : 0);
}

/** The calendar year of a date. */
export function yearOf(date: IsoDate): number {
  return parse(date).year;
}
