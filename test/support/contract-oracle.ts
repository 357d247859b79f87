/**
 * The front-end contract's rules (shared/contract/README.md, "Rules the answers follow") written
 * again from its text, for tests' expected values. Nothing here imports the hub's own rules or
 * calendar (shared/calendar.ts, run-schedule.ts, eligibility.ts): a rule the hub gets wrong must not
 * also be the test's expectation. Day arithmetic goes through Date.UTC, a different road from the
 * calendar module's integer algorithms; it holds for the years the Date scalar accepts (1900–2099).
 */
import type { DemoData, DemoParticipant } from "../../shared/demo-data.types";
import { EligibilityGround, Gender, JobseekerStatus, ProgrammePhase, ProgrammeType, ResidenceStatus } from "../../shared/enums";

type Day = string;

const split = (day: Day) => ({ year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) });
const written = (utc: Date): Day => utc.toISOString().slice(0, 10);

/** Days in a month: day 0 of the next month is this month's last day. */
export const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "Adding months keeps the day of the month and clamps it to the month's last day." */
export function plusMonths(start: Day, months: number): Day {
  const { year, month, day } = split(start);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = daysIn(target.getUTCFullYear(), target.getUTCMonth() + 1);
  target.setUTCDate(Math.min(day, lastDay));
  return written(target);
}

export function plusDays(start: Day, days: number): Day {
  const { year, month, day } = split(start);
  return written(new Date(Date.UTC(year, month - 1, day + days)));
}

/**
 * "A run that starts on day S has PREPARATION from S for one calendar month, IMPLEMENTATION for the
 * next six, FOLLOW_UP for the eighth. IMPLEMENTATION begins on S + 1 month, FOLLOW_UP on S + 7
 * months, and each phase ends the day before the next begins; endDate is the day before S + 8 months."
 */
export function contractSchedule(start: Day) {
  const implementation = plusMonths(start, 1);
  const followUp = plusMonths(start, 7);
  const end = plusDays(plusMonths(start, 8), -1);
  return {
    endDate: end,
    schedule: [
      { phase: ProgrammePhase.PREPARATION, startsOn: start, endsOn: plusDays(implementation, -1) },
      { phase: ProgrammePhase.IMPLEMENTATION, startsOn: implementation, endsOn: plusDays(followUp, -1) },
      { phase: ProgrammePhase.FOLLOW_UP, startsOn: followUp, endsOn: end },
    ],
  };
}

/** "Before S the phase is NOT_STARTED, after endDate FINISHED." */
export function contractPhase(start: Day, on: Day): ProgrammePhase {
  if (on < start) return ProgrammePhase.NOT_STARTED;
  if (on < plusMonths(start, 1)) return ProgrammePhase.PREPARATION;
  if (on < plusMonths(start, 7)) return ProgrammePhase.IMPLEMENTATION;
  if (on < plusMonths(start, 8)) return ProgrammePhase.FOLLOW_UP;
  return ProgrammePhase.FINISHED;
}

/** Completed years on `on`: one less while this year's birthday (month and day) is still ahead. */
export function yearsOld(birthDate: Day, on: Day): number {
  const birth = split(birthDate);
  const day = split(on);
  const birthdayAhead = day.month * 100 + day.day < birth.month * 100 + birth.day;
  return day.year - birth.year - (birthdayAhead ? 1 : 0);
}

export interface ContractEligibility {
  eligible: boolean;
  grounds: EligibilityGround[];
  programmeTypes: ProgrammeType[];
}

/** Eligibility on `on` of a demo person, from the agencies' records in the demo data, by the contract's words. */
export function contractEligibility(data: DemoData, person: DemoParticipant, on: Day): ContractEligibility {
  const status = data.jobseekers.find((record) => record.participantId === person.id)?.status ?? null;
  const complex = data.socialCases.find((record) => record.participantId === person.id)?.complexSocialProblems === true;
  const grounds: EligibilityGround[] = [];
  // "a DSP decision valid that day"
  if (data.assistanceDecisions.some((decision) => decision.participantId === person.id && decision.validFrom <= on && on <= decision.validTo)) {
    grounds.push(EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE);
  }
  if (status === JobseekerStatus.UNEMPLOYED) grounds.push(EligibilityGround.REGISTERED_UNEMPLOYED);
  if (status === JobseekerStatus.TEMPORARILY_UNEMPLOYABLE) grounds.push(EligibilityGround.TEMPORARILY_UNEMPLOYABLE);
  // "complex social problems assessed by a CSD and jobseeker status neither UNEMPLOYED nor EMPLOYED, or no record"
  if (complex && status !== JobseekerStatus.UNEMPLOYED && status !== JobseekerStatus.EMPLOYED) grounds.push(EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS);

  const resident = person.residenceStatus === ResidenceStatus.CITIZEN || person.residenceStatus === ResidenceStatus.PERMANENT_RESIDENCE;
  const eligible = grounds.length > 0 && yearsOld(person.birthDate, on) >= 18 && resident;
  if (!eligible) return { eligible, grounds, programmeTypes: [] };
  const woman = person.gender === Gender.FEMALE;
  return {
    eligible,
    grounds,
    programmeTypes: [
      ProgrammeType.GENERAL,
      ...(woman && person.languageBarrier ? [ProgrammeType.WOMEN_LANGUAGE_BARRIERS] : []),
      ...(woman && person.romaCommunity ? [ProgrammeType.ROMA_WOMEN] : []),
    ],
  };
}

/** "WOMEN_LANGUAGE_BARRIERS also needs FEMALE and a language barrier; ROMA_WOMEN also needs FEMALE and the Roma community." */
export const contractEligibleFor = (eligibility: ContractEligibility, type: ProgrammeType): boolean => eligibility.eligible && eligibility.programmeTypes.includes(type);

/** "K is the check digit: with weights 7,6,5,4,3,2,7,6,5,4,3,2 ..., m = sum mod 11, K = 0 when m = 0, else 11 − m" (10: no valid EMŠO). */
export function contractCheckValue(firstTwelve: string): number {
  const weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const m = weights.reduce((sum, weight, index) => sum + weight * Number(firstTwelve[index]), 0) % 11;
  return m === 0 ? 0 : 11 - m;
}

/**
 * An EMŠO written from the contract's layout DDMMYYYRRBBBK: region 50, serial `serial` mod 500 in the
 * gender's range (000–499 male, 500–999 female), the next serial when the check value would be 10.
 */
export function contractEmso(birthDate: Day, gender: Gender, serial: number): string {
  const datePart = `${birthDate.slice(8, 10)}${birthDate.slice(5, 7)}${birthDate.slice(1, 4)}`;
  for (let step = 0; step < 500; step += 1) {
    const bbb = (gender === Gender.FEMALE ? 500 : 0) + ((((serial + step) % 500) + 500) % 500);
    const firstTwelve = `${datePart}50${String(bbb).padStart(3, "0")}`;
    const check = contractCheckValue(firstTwelve);
    if (check !== 10) return `${firstTwelve}${check}`;
  }
  throw new Error(`no EMŠO for ${birthDate} ${gender}`);
}
