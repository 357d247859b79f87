/**
 * Eligibility for social activation on a given day, derived from the facts the agencies own
 * (CSD: social assistance and complex social problems; ZRSZ: jobseeker status) rather than stored.
 */
import { ageOn, IsoDate } from "../../../shared/calendar";
import { EligibilityGround, Gender, JobseekerStatus, ProgrammeType, ResidenceStatus } from "../../../shared/enums";

/** What the agencies know about a person on the day of the assessment. */
export interface EligibilityFacts {
  birthDate: IsoDate;
  gender: Gender;
  residenceStatus: ResidenceStatus;
  languageBarrier: boolean;
  romaCommunity: boolean;
  /** null when the Employment Service has no record of the person. */
  jobseekerStatus: JobseekerStatus | null;
  /** A DSP decision is valid on the assessment day. */
  receivesSocialAssistance: boolean;
  hasComplexSocialProblems: boolean;
}

/** The outcome: whether the person may join, on which grounds, and which programme types fit. */
export interface EligibilityAssessment {
  eligible: boolean;
  grounds: EligibilityGround[];
  programmeTypes: ProgrammeType[];
}

const ADULT_AGE = 18;

const ELIGIBLE_RESIDENCE: ReadonlySet<ResidenceStatus> = new Set([
  ResidenceStatus.CITIZEN,
  ResidenceStatus.PERMANENT_RESIDENCE,
]);

function groundsThatHold(facts: EligibilityFacts): EligibilityGround[] {
  const { jobseekerStatus } = facts;
  // "Inactive" means outside the labour market: a registered unemployed person already has their
  // own ground, and an employed one is not the target group, however complex their problems.
  const inactive = jobseekerStatus !== JobseekerStatus.UNEMPLOYED && jobseekerStatus !== JobseekerStatus.EMPLOYED;
  const holds: Record<EligibilityGround, boolean> = {
    [EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE]: facts.receivesSocialAssistance,
    [EligibilityGround.REGISTERED_UNEMPLOYED]: jobseekerStatus === JobseekerStatus.UNEMPLOYED,
    [EligibilityGround.TEMPORARILY_UNEMPLOYABLE]: jobseekerStatus === JobseekerStatus.TEMPORARILY_UNEMPLOYABLE,
    [EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS]: facts.hasComplexSocialProblems && inactive,
  };
  // Object.values keeps the enum's declaration order, which is the order the contract promises.
  return Object.values(EligibilityGround).filter((ground) => holds[ground]);
}

/**
 * Assesses a person on day `on`: any one ground suffices, together with adulthood and citizenship
 * or permanent residence. The grounds that hold are reported even when the person is not eligible,
 * so a caseworker sees what is missing; programme types are listed only for eligible people.
 */
export function assessEligibility(facts: EligibilityFacts, on: IsoDate): EligibilityAssessment {
  const grounds = groundsThatHold(facts);
  const eligible =
    grounds.length > 0 && ageOn(facts.birthDate, on) >= ADULT_AGE && ELIGIBLE_RESIDENCE.has(facts.residenceStatus);
  if (!eligible) return { eligible, grounds, programmeTypes: [] };

  const woman = facts.gender === Gender.FEMALE;
  const programmeTypes = [ProgrammeType.GENERAL];
  if (woman && facts.languageBarrier) programmeTypes.push(ProgrammeType.WOMEN_LANGUAGE_BARRIERS);
  if (woman && facts.romaCommunity) programmeTypes.push(ProgrammeType.ROMA_WOMEN);
  return { eligible, grounds, programmeTypes };
}

/** Whether the assessed person fits the target group of a programme of `type` (the check before a referral). */
export function isEligibleFor(assessment: EligibilityAssessment, type: ProgrammeType): boolean {
  return assessment.eligible && assessment.programmeTypes.includes(type);
}
