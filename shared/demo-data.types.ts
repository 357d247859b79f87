import type { IsoDate } from "./calendar";
import type {
  Agency,
  EnrolmentStatus,
  ExitOutcome,
  Gender,
  JobseekerStatus,
  JourneyStage,
  ProgrammeType,
  ReferralStatus,
  ResidenceStatus,
  TeamMeetingKind,
} from "./enums";

/**
 * The demo data set: one consistent picture of the same people across the four agencies'
 * databases. Each subgraph loads only its own part; ids are deterministic so the parts agree even
 * when the subgraphs load them separately.
 */
export interface DirectoryEntry {
  id: string;
  name: string;
  region: string;
}

export interface DemoParticipant {
  id: string;
  firstName: string;
  lastName: string;
  emso: string;
  gender: Gender;
  birthDate: IsoDate;
  residenceStatus: ResidenceStatus;
  languageBarrier: boolean;
  romaCommunity: boolean;
  region: string;
  /** null: an unassigned candidate of the region. */
  coordinatorId: string | null;
  centreId: string;
  officeId: string;
  stage: JourneyStage;
  consentGrantedAt: string | null;
  consentWithdrawnAt: string | null;
  registeredAt: string;
}

export interface DemoJobseeker {
  participantId: string;
  officeId: string;
  status: JobseekerStatus;
  registeredOn: IsoDate;
  employmentPlan: string | null;
}

export interface DemoSocialCase {
  participantId: string;
  centreId: string;
  caseWorker: string;
  complexSocialProblems: boolean;
  note: string | null;
}

export interface DemoAssistanceDecision {
  id: string;
  participantId: string;
  centreId: string;
  number: string;
  validFrom: IsoDate;
  validTo: IsoDate;
  monthlyAmount: number;
}

export interface DemoProgramme {
  id: string;
  providerId: string;
  name: string;
  type: ProgrammeType;
  region: string;
}

export interface DemoRun {
  id: string;
  programmeId: string;
  startDate: IsoDate;
  capacity: number;
}

export interface DemoReferral {
  id: string;
  participantId: string;
  runId: string;
  status: ReferralStatus;
  createdAt: string;
}

export interface DemoEnrolment {
  id: string;
  participantId: string;
  runId: string;
  status: EnrolmentStatus;
  enrolledOn: IsoDate;
  exitedOn: IsoDate | null;
  exitOutcome: ExitOutcome | null;
}

export interface DemoAttendance {
  enrolmentId: string;
  on: IsoDate;
  present: boolean;
}

/** A team meeting about a run: the units that attended, the people discussed, what was agreed. */
export interface DemoTeamMeeting {
  id: string;
  kind: TeamMeetingKind;
  runId: string;
  heldOn: IsoDate;
  /** The units that attended: coordinators, social work centres, employment offices, the run's provider. */
  units: string[];
  /** The agencies those units belong to, in the order the units name them. */
  agencies: Agency[];
  participantIds: string[];
  agreements: string;
  recordedAt: string;
}

export interface DemoData {
  /** The day the data set is anchored on: run phases and DSP validity are relative to it. */
  anchor: IsoDate;
  regions: string[];
  employmentOffices: DirectoryEntry[];
  socialWorkCentres: DirectoryEntry[];
  coordinators: DirectoryEntry[];
  providers: DirectoryEntry[];
  participants: DemoParticipant[];
  jobseekers: DemoJobseeker[];
  socialCases: DemoSocialCase[];
  assistanceDecisions: DemoAssistanceDecision[];
  programmes: DemoProgramme[];
  runs: DemoRun[];
  referrals: DemoReferral[];
  enrolments: DemoEnrolment[];
  attendance: DemoAttendance[];
  teamMeetings: DemoTeamMeeting[];
}
