import { addDays, todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData } from "../shared/demo-data";
import { makeEmso } from "../shared/emso";
import { Agency, EnrolmentStatus, Gender } from "../shared/enums";
import { startTestHub, type TestHub } from "./support/hub";
import { expectRefused } from "./support/writes";
import { analyst, coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf, user } from "./support/users";

/**
 * ACCESS.md's writing table: every write refused for the wrong agency and for the right agency at
 * the wrong unit, with FORBIDDEN, and the rows each write would touch unchanged (compared, not counted). (That the right user may do each
 * write is shown by test/write-paths.e2e.test.ts.)
 */
const today = todayInLjubljana();
const data = demoData(today);
const person = data.participants.find((candidate) => candidate.coordinatorId && hasConsent(candidate) && candidate.stage === "ENROLLED")!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id && candidate.status === EnrolmentStatus.ENROLLED)!;
const run = data.runs.find((candidate) => candidate.id === enrolment.runId)!;
const programme = data.programmes.find((candidate) => candidate.id === run.programmeId)!;
const openRun = data.runs.find((candidate) => candidate.startDate > today)!;

const otherCoordinator = user(Agency.COORDINATION, data.coordinators.find((coordinator) => coordinator.id !== person.coordinatorId && coordinator.region !== person.region)!.id);
const otherCentre = data.socialWorkCentres.find((centre) => centre.id !== person.centreId)!;
const otherOffice = data.employmentOffices.find((office) => office.id !== person.officeId)!;
const ownProvider = providerStaffOfRun(data, run.id);
const otherProvider = user(Agency.PROVIDER, data.providers.find((provider) => provider.id !== ownProvider.unit)!.id);

const candidate = {
  firstName: "Nova",
  lastName: "Kandidatka",
  emso: makeEmso("1990-05-05", Gender.FEMALE, 4242),
  gender: "FEMALE",
  residenceStatus: "CITIZEN",
  centreId: person.centreId,
  officeId: person.officeId,
};
const jobseeker = (officeId: string) => ({ input: { participantId: person.id, officeId, status: "UNEMPLOYED", registeredOn: today } });
const decision = (centreId: string) => ({ input: { participantId: person.id, centreId, number: "W-1", validFrom: today, validTo: addDays(today, 30), monthlyAmount: 200 } });
const socialCase = (centreId: string) => ({ input: { participantId: person.id, centreId, caseWorker: "Nekdo", complexSocialProblems: true } });
const meeting = { input: { kind: "INTERIM", runId: run.id, heldOn: today, agencies: ["COORDINATION"], participantIds: [person.id], agreements: "" } };

const WRITES: [string, string, Caller, Record<string, unknown>][] = [
  ["EMPLOYMENT's jobseeker record, by a CSD", "RegisterJobseeker", socialWorkerOf(person), jobseeker(person.officeId)],
  ["EMPLOYMENT's jobseeker record, at another office", "RegisterJobseeker", user(Agency.EMPLOYMENT, otherOffice.id), jobseeker(person.officeId)],
  ["EMPLOYMENT's jobseeker record, moved to another office over this office's record", "RegisterJobseeker", user(Agency.EMPLOYMENT, otherOffice.id), jobseeker(otherOffice.id)],
  ["CSD's DSP decision, by the Urad za delo", "RecordAssistanceDecision", officerOf(person), decision(person.centreId)],
  ["CSD's DSP decision, for another centre", "RecordAssistanceDecision", user(Agency.CSD, otherCentre.id), decision(person.centreId)],
  ["CSD's social-case assessment, by a coordinator", "AssessSocialCase", coordinatorOf(person), socialCase(person.centreId)],
  ["CSD's social-case assessment, for another centre", "AssessSocialCase", user(Agency.CSD, otherCentre.id), socialCase(person.centreId)],
  ["a new candidate, by a CSD", "RegisterCandidate", socialWorkerOf(person), { input: candidate }],
  ["a new candidate, by a provider", "RegisterCandidate", ownProvider, { input: candidate }],
  ["consent, by a CSD", "RecordConsent", socialWorkerOf(person), { participantId: person.id, granted: false }],
  ["consent, by another coordinator", "RecordConsent", otherCoordinator, { participantId: person.id, granted: false }],
  ["a case note, by a CSD", "RecordCaseNote", socialWorkerOf(person), { participantId: person.id, text: "x" }],
  ["a case note, by a coordinator who is not assigned", "RecordCaseNote", otherCoordinator, { participantId: person.id, text: "x" }],
  ["a referral, by a provider", "ReferToProgramme", ownProvider, { participantId: person.id, runId: openRun.id }],
  ["a referral, by another coordinator", "ReferToProgramme", otherCoordinator, { participantId: person.id, runId: openRun.id }],
  ["a team meeting, by the Urad za delo", "RecordTeamMeeting", officerOf(person), meeting],
  ["a team meeting about another coordinator's person", "RecordTeamMeeting", otherCoordinator, meeting],
  ["a run, by a coordinator", "ScheduleRun", coordinatorOf(person), { input: { programmeId: programme.id, startDate: today, capacity: 5 } }],
  ["a run of another provider's programme", "ScheduleRun", otherProvider, { input: { programmeId: programme.id, startDate: today, capacity: 5 } }],
  ["an enrolment, by a coordinator", "Enrol", coordinatorOf(person), { runId: openRun.id, participantId: person.id, enrolledOn: today }],
  ["an enrolment into another provider's run", "Enrol", otherProvider, { runId: run.id, participantId: person.id, enrolledOn: today }],
  ["attendance, by a CSD", "RecordAttendance", socialWorkerOf(person), { enrolmentId: enrolment.id, on: today, present: true }],
  ["attendance, in another provider's run", "RecordAttendance", otherProvider, { enrolmentId: enrolment.id, on: today, present: true }],
  ["an exit, by a coordinator", "RecordExit", coordinatorOf(person), { enrolmentId: enrolment.id, exitedOn: today, outcome: "EMPLOYMENT" }],
  ["an exit, in another provider's run", "RecordExit", otherProvider, { enrolmentId: enrolment.id, exitedOn: today, outcome: "EMPLOYMENT" }],
];

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

it.each(WRITES)("refuses %s with FORBIDDEN and leaves the rows it would touch as they were", async (_, operation, as, variables) => {
  await expectRefused(hub, as, operation, variables, { code: "FORBIDDEN" });
});

it.each([...new Set(WRITES.map(([, operation]) => operation))])("refuses %s to oversight, which writes nothing", async (operation) => {
  const [, , , variables] = WRITES.find(([, candidateOperation]) => candidateOperation === operation)!;
  await expectRefused(hub, analyst(), operation, variables, { code: "FORBIDDEN" });
});
