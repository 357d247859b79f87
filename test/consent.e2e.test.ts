import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData } from "../shared/demo-data";
import { EnrolmentStatus, ProgrammeType } from "../shared/enums";
import { contractOperation } from "./support/contract";
import { forbiddenPaths, startTestHub, type TestHub } from "./support/hub";
import { coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf } from "./support/users";

/**
 * Consent (ACCESS.md): without it each agency sees only the data it owns about the person, and the
 * coordinator identity and journey only. The same ParticipantView, as each agency, before and
 * after the coordinator records the withdrawal — and again after consent is given anew.
 */
const data = demoData(todayInLjubljana());
const person = data.participants.find(
  (candidate) =>
    candidate.coordinatorId !== null &&
    hasConsent(candidate) &&
    candidate.stage === "ENROLLED" &&
    data.jobseekers.some((record) => record.participantId === candidate.id) &&
    data.socialCases.some((record) => record.participantId === candidate.id),
)!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id && candidate.status === EnrolmentStatus.ENROLLED)!;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const viewAs = async (as: Caller): Promise<{ participant: any; refused: string[] }> => {
  const answer = await hub.requestAs<{ participant: unknown }>(as, contractOperation("ParticipantView"), { id: person.id });
  return { participant: answer.data?.participant, refused: forbiddenPaths(answer) };
};

const agencies = {
  EMPLOYMENT: officerOf(person),
  CSD: socialWorkerOf(person),
  COORDINATION: coordinatorOf(person),
  PROVIDER: providerStaffOfRun(data, enrolment.runId),
};

const setConsent = async (granted: boolean) => {
  const answer = await hub.requestAs(agencies.COORDINATION, contractOperation("RecordConsent"), { participantId: person.id, granted });
  expect(answer.errors).toBeUndefined();
};

it("narrows every agency to its own data when consent is withdrawn, and opens up again when it is given", async () => {
  const before = Object.fromEntries(await Promise.all(Object.entries(agencies).map(async ([agency, as]) => [agency, await viewAs(as)])));
  // With consent: each agency sees the shared identity and the others' shared facts.
  // Values from the demo data, not `expect.any(Object)` (which null matches too).
  const jobseeker = { status: data.jobseekers.find((record) => record.participantId === person.id)!.status };
  const socialCase = { caseWorker: data.socialCases.find((record) => record.participantId === person.id)!.caseWorker };
  expect(before.EMPLOYMENT.participant).toMatchObject({ firstName: person.firstName, receivesSocialAssistance: expect.any(Boolean), jobseeker });
  expect(before.CSD.participant).toMatchObject({ firstName: person.firstName, jobseeker, socialCase });
  expect(before.COORDINATION.participant).toMatchObject({ firstName: person.firstName, jobseeker, eligibility: { eligible: expect.any(Boolean), grounds: expect.any(Array) } });
  expect(before.PROVIDER.participant).toMatchObject({ firstName: person.firstName, birthYear: expect.any(Number) });
  // Of the journey, the office sees the records of GENERAL programmes only (a women's programme names the target group).
  const isGeneral = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((run) => run.id === runId)!.programmeId)!.type === ProgrammeType.GENERAL;
  expect(before.EMPLOYMENT.participant.enrolments).toHaveLength(data.enrolments.filter((e) => e.participantId === person.id && isGeneral(e.runId)).length);

  await setConsent(false);
  const after = Object.fromEntries(await Promise.all(Object.entries(agencies).map(async ([agency, as]) => [agency, await viewAs(as)])));

  // The Urad za delo keeps its register record; the rest is gone, lists filtered.
  expect(after.EMPLOYMENT.participant).toMatchObject({ firstName: null, emso: null, receivesSocialAssistance: null, eligibility: null, jobseeker: before.EMPLOYMENT.participant.jobseeker, referrals: [], enrolments: [] });
  expect(after.EMPLOYMENT.refused).toEqual(expect.arrayContaining(["participant.firstName", "participant.receivesSocialAssistance", "participant.eligibility"]));
  // The CSD keeps its case file.
  expect(after.CSD.participant).toMatchObject({ firstName: null, jobseeker: null, socialCase: before.CSD.participant.socialCase, socialAssistance: before.CSD.participant.socialAssistance, referrals: [] });
  expect(after.CSD.refused).toEqual(expect.arrayContaining(["participant.firstName", "participant.jobseeker"]));
  // The coordinator keeps identity and journey, and loses the other agencies' facts.
  expect(after.COORDINATION.participant).toMatchObject({
    firstName: person.firstName,
    stage: person.stage,
    consent: { granted: false, withdrawnAt: expect.any(String) },
    jobseeker: null,
    registeredUnemployed: null,
    receivesSocialAssistance: null,
    eligibility: null,
    referrals: before.COORDINATION.participant.referrals,
  });
  expect(after.COORDINATION.participant.enrolments.map((row: { attendanceRate: unknown }) => row.attendanceRate)).toEqual(
    before.COORDINATION.participant.enrolments.map(() => null),
  );
  // The provider keeps its own enrolment, and no longer sees who the person is.
  expect(after.PROVIDER.participant).toMatchObject({ firstName: null, birthYear: null });
  expect(after.PROVIDER.participant.enrolments.map((row: { id: string }) => row.id)).toContain(enrolment.id);

  await setConsent(true);
  const again = Object.fromEntries(await Promise.all(Object.entries(agencies).map(async ([agency, as]) => [agency, await viewAs(as)])));
  for (const agency of Object.keys(agencies)) {
    const { consent: _before, ...rest } = before[agency].participant;
    expect({ agency, participant: again[agency].participant }).toMatchObject({ agency, participant: rest });
  }
});
