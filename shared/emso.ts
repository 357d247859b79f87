/**
 * EMŠO (enotna matična številka občana), the 13-digit Slovenian personal identification number
 * DDMMYYYRRBBBK: birth day, month and last three digits of the year, region RR, serial BBB whose
 * range gives the gender, and a mod-11 check digit K.
 */
import { IsoDate, isValidIsoDate } from "./calendar";
import { Gender } from "./enums";

/** What an EMŠO says about its holder, or why a caseworker must re-check the number. */
export type EmsoResult = { valid: true; birthDate: IsoDate; gender: Gender } | { valid: false; reason: string };

const CHECK_WEIGHTS = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Region code used for generated demo numbers. */
const DEMO_REGION = "50";

/** Serials 000–499 are male, 500–999 female; the range is what encodes the gender. */
const SERIALS_PER_GENDER = 500;

/**
 * The check digit for the first twelve digits, or 10 when no digit fits (such numbers are never
 * issued, so they are refused rather than given a substitute digit).
 */
function checkValue(firstTwelve: string): number {
  let sum = 0;
  for (let i = 0; i < CHECK_WEIGHTS.length; i += 1) sum += Number(firstTwelve[i]) * CHECK_WEIGHTS[i];
  const m = sum % 11;
  return m === 0 ? 0 : 11 - m;
}

/** The three year digits stand for 1800–1999 from 800 up and for 2000–2799 below 800. */
function fullYear(yyy: number): number {
  return yyy >= 800 ? 1000 + yyy : 2000 + yyy;
}

/**
 * Validates an EMŠO and reads the birth date and gender from it. Reasons are written for the
 * caseworker who typed the number, naming what to compare against the person's documents.
 */
export function parseEmso(emso: string): EmsoResult {
  if (!/^\d*$/.test(emso)) {
    return { valid: false, reason: "EMŠO must be exactly 13 digits; it contains characters that are not digits" };
  }
  if (emso.length !== 13) {
    return { valid: false, reason: `EMŠO must be exactly 13 digits; ${emso.length} were given` };
  }

  const dd = emso.slice(0, 2);
  const mm = emso.slice(2, 4);
  const year = fullYear(Number(emso.slice(4, 7)));
  const birthDate = `${year}-${mm}-${dd}`;
  // The date is checked before the check digit: a mistyped date digit usually breaks both, and
  // naming the date tells the caseworker where to look.
  if (!isValidIsoDate(birthDate)) {
    return { valid: false, reason: `EMŠO contains an impossible birth date (${dd}.${mm}.${year})` };
  }

  const expected = checkValue(emso.slice(0, 12));
  if (expected === 10) {
    return { valid: false, reason: "EMŠO check value is 10, no valid EMŠO has it" };
  }
  const found = Number(emso[12]);
  if (found !== expected) {
    return { valid: false, reason: `EMŠO check digit is wrong (expected ${expected}, found ${found})` };
  }

  const gender = Number(emso.slice(9, 12)) < SERIALS_PER_GENDER ? Gender.MALE : Gender.FEMALE;
  return { valid: true, birthDate, gender };
}

/**
 * A valid EMŠO for demo data, deterministic in its arguments: region "50", serial `serial` mod 500
 * within the gender's range. Serials whose check value would be 10 are skipped in favour of the
 * next one (wrapping within the range), so the result always passes `parseEmso` with the given
 * birth date and gender. Birth years must lie in 1800–2799, the span EMŠO can encode.
 */
export function makeEmso(birthDate: IsoDate, gender: Gender, serial: number): string {
  if (!isValidIsoDate(birthDate)) throw new RangeError(`Not a valid ISO calendar date: "${birthDate}"`);
  if (!Number.isInteger(serial)) throw new RangeError(`EMŠO serial must be a whole number, got ${serial}`);
  const year = Number(birthDate.slice(0, 4));
  if (year < 1800 || year > 2799) throw new RangeError(`EMŠO cannot encode birth year ${year} (1800–2799 only)`);

  const datePart = birthDate.slice(8, 10) + birthDate.slice(5, 7) + String(year % 1000).padStart(3, "0");
  const rangeStart = gender === Gender.FEMALE ? SERIALS_PER_GENDER : 0;
  const first = ((serial % SERIALS_PER_GENDER) + SERIALS_PER_GENDER) % SERIALS_PER_GENDER;
  for (let step = 0; step < SERIALS_PER_GENDER; step += 1) {
    const bbb = String(rangeStart + ((first + step) % SERIALS_PER_GENDER)).padStart(3, "0");
    const firstTwelve = datePart + DEMO_REGION + bbb;
    const check = checkValue(firstTwelve);
    if (check !== 10) return firstTwelve + String(check);
  }
  // Unreachable: consecutive serials change the weighted sum by 2 (mod 11), so most have a check digit.
  throw new Error(`No valid EMŠO serial for ${birthDate} ${gender}`);
}
