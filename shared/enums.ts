import { registerEnumType } from "type-graphql";
import { Agency } from "./agency";

/** Enums of the front-end contract (`../shared/contract/README.md`), one definition for every subgraph. */

export enum Gender {
  FEMALE = "FEMALE",
  MALE = "MALE",
}
registerEnumType(Gender, { name: "Gender", description: "Gender as recorded in the EMŠO (digits 10–12)." });

export enum ResidenceStatus {
  CITIZEN = "CITIZEN",
  PERMANENT_RESIDENCE = "PERMANENT_RESIDENCE",
  OTHER = "OTHER",
}
registerEnumType(ResidenceStatus, {
  name: "ResidenceStatus",
  description: "Slovenian citizenship, a permanent residence permit, or neither (not eligible).",
});

export enum JourneyStage {
  CANDIDATE = "CANDIDATE",
  MOTIVATION_INTERVIEW = "MOTIVATION_INTERVIEW",
  REFERRED = "REFERRED",
  ENROLLED = "ENROLLED",
  FOLLOW_UP = "FOLLOW_UP",
  CLOSED = "CLOSED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(JourneyStage, {
  name: "JourneyStage",
  description: "Where the person is on the social-activation journey the coordinator accompanies.",
});

export enum EligibilityGround {
  FINANCIAL_SOCIAL_ASSISTANCE = "FINANCIAL_SOCIAL_ASSISTANCE",
  REGISTERED_UNEMPLOYED = "REGISTERED_UNEMPLOYED",
  TEMPORARILY_UNEMPLOYABLE = "TEMPORARILY_UNEMPLOYABLE",
  INACTIVE_COMPLEX_SOCIAL_PROBLEMS = "INACTIVE_COMPLEX_SOCIAL_PROBLEMS",
}
registerEnumType(EligibilityGround, {
  name: "EligibilityGround",
  description: "A legal ground for inclusion in social activation; any one suffices.",
});

export enum ProgrammeType {
  GENERAL = "GENERAL",
  WOMEN_LANGUAGE_BARRIERS = "WOMEN_LANGUAGE_BARRIERS",
  ROMA_WOMEN = "ROMA_WOMEN",
}
registerEnumType(ProgrammeType, {
  name: "ProgrammeType",
  description: "The programme's target group: adults; women with language barriers; Roma women.",
});

export enum ProgrammePhase {
  NOT_STARTED = "NOT_STARTED",
  PREPARATION = "PREPARATION",
  IMPLEMENTATION = "IMPLEMENTATION",
  FOLLOW_UP = "FOLLOW_UP",
  FINISHED = "FINISHED",
}
registerEnumType(ProgrammePhase, {
  name: "ProgrammePhase",
  description: "Phase of an 8-month programme run: preparation (1 month), implementation (6), follow-up (1).",
});

export enum JobseekerStatus {
  UNEMPLOYED = "UNEMPLOYED",
  TEMPORARILY_UNEMPLOYABLE = "TEMPORARILY_UNEMPLOYABLE",
  EMPLOYED = "EMPLOYED",
  DEREGISTERED = "DEREGISTERED",
}
registerEnumType(JobseekerStatus, {
  name: "JobseekerStatus",
  description: "Status in the Employment Service's register (ZRSZ); TEMPORARILY_UNEMPLOYABLE is under ZUTD.",
});

export enum EnrolmentStatus {
  ENROLLED = "ENROLLED",
  COMPLETED = "COMPLETED",
  LEFT_EARLY = "LEFT_EARLY",
}
registerEnumType(EnrolmentStatus, { name: "EnrolmentStatus", description: "State of a participant's enrolment in a run." });

export enum ExitOutcome {
  EMPLOYMENT = "EMPLOYMENT",
  EDUCATION = "EDUCATION",
  OTHER_PROGRAMME = "OTHER_PROGRAMME",
  COMMUNITY_SERVICE = "COMMUNITY_SERVICE",
  NO_EXIT = "NO_EXIT",
}
registerEnumType(ExitOutcome, { name: "ExitOutcome", description: "Where the participant went after the programme (izhod)." });

export enum TeamMeetingKind {
  RECRUITMENT = "RECRUITMENT",
  OPENING = "OPENING",
  INTERIM = "INTERIM",
  CLOSING = "CLOSING",
}
registerEnumType(TeamMeetingKind, { name: "TeamMeetingKind", description: "Kind of team meeting (timski sestanek) of the four actors." });

export { Agency };
registerEnumType(Agency, { name: "Agency", description: "The actor a user works for." });

export enum ReferralStatus {
  PENDING = "PENDING",
  ENROLLED = "ENROLLED",
  DECLINED = "DECLINED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(ReferralStatus, { name: "ReferralStatus", description: "State of a coordinator's referral to a programme run." });
