import { DEFAULT_ROLES } from "../../shared/auth/dev-token";
import type { Caller } from "../../shared/context";
import type { DemoData, DemoParticipant } from "../../shared/demo-data.types";
import { Agency } from "../../shared/enums";

/** Users of the demo data's units, as the README lists them: one per agency and kind of unit. */
export const user = (agency: Agency, unit: string, sub = `test-${agency.toLowerCase()}-${unit.slice(0, 8)}`): Caller => ({
  sub,
  agency,
  unit,
  roles: DEFAULT_ROLES[agency],
});

export const coordinatorOf = (person: DemoParticipant) => user(Agency.COORDINATION, person.coordinatorId!);
export const socialWorkerOf = (person: DemoParticipant) => user(Agency.CSD, person.centreId);
export const officerOf = (person: DemoParticipant) => user(Agency.EMPLOYMENT, person.officeId);
export const analyst = () => user(Agency.OVERSIGHT, "00000000-0000-4000-8000-00000000000a");

export function providerStaffOfRun(data: DemoData, runId: string): Caller {
  const run = data.runs.find((candidate) => candidate.id === runId)!;
  const programme = data.programmes.find((candidate) => candidate.id === run.programmeId)!;
  return user(Agency.PROVIDER, programme.providerId);
}

export const hasConsent = (person: DemoParticipant) => person.consentGrantedAt !== null && person.consentWithdrawnAt === null;

/** Someone with data at every agency: assigned, consenting, with a jobseeker record and an enrolment. */
export const knownToEveryAgency = (data: DemoData): DemoParticipant =>
  data.participants.find(
    (candidate) =>
      candidate.coordinatorId &&
      hasConsent(candidate) &&
      data.jobseekers.some((jobseeker) => jobseeker.participantId === candidate.id) &&
      data.enrolments.some((enrolment) => enrolment.participantId === candidate.id),
  )!;
