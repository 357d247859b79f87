import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData, demoEligibilityFacts } from "../shared/demo-data";
import type { DemoParticipant } from "../shared/demo-data.types";
import { Agency, EnrolmentStatus, ProgrammeType } from "../shared/enums";
import { assessEligibility, isEligibleFor } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn } from "../subgraphs/providers/run/run-schedule";
import { contractOperation } from "./support/contract";
import { startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { analyst, coordinatorOf, hasConsent, providerStaffOfRun, user } from "./support/users";
import { rowsTouchedBy, writeOperation } from "./support/writes";

/**
 * ACCESS.md, "What counts as reading": existence is personal data. A caller outside the case team
 * gets the same answer for a person (or their enrolment) that does not exist and for one they may
 * not see, in every query and mutation; refusals name nothing of another agency's or unit's data;
 * every refused read of personal data, and a registration that runs into an existing person, is
 * in that person's access log with the rule that refused it.
 */
const today = todayInLjubljana();
const data = demoData(today);

const activeEnrolmentOf = (person: DemoParticipant) =>
  data.enrolments.find((enrolment) => enrolment.participantId === person.id && enrolment.status === EnrolmentStatus.ENROLLED);
const providerOfRun = (runId: string) => providerStaffOfRun(data, runId).unit;
const runsOf = (person: DemoParticipant) => [...data.referrals, ...data.enrolments].filter((record) => record.participantId === person.id).map((record) => record.runId);
const assessmentOf = (person: DemoParticipant) => assessEligibility(demoEligibilityFacts(data, person, today), today);

/** An assigned, consenting person on the jobseeker register, enrolled in a run that is under way. */
const person = data.participants.find(
  (candidate) =>
    candidate.coordinatorId !== null &&
    hasConsent(candidate) &&
    activeEnrolmentOf(candidate) !== undefined &&
    data.jobseekers.some((record) => record.participantId === candidate.id) &&
    data.coordinators.some((coordinator) => coordinator.region === candidate.region && coordinator.id !== candidate.coordinatorId),
)!;
const enrolment = activeEnrolmentOf(person)!;
const run = data.runs.find((candidate) => candidate.id === enrolment.runId)!;

const outsiderCoordinator = user(Agency.COORDINATION, data.coordinators.find((coordinator) => coordinator.region !== person.region)!.id);
/** Same agency, same region, another unit: outside the case team too. */
const neighbourCoordinator = user(Agency.COORDINATION, data.coordinators.find((coordinator) => coordinator.region === person.region && coordinator.id !== person.coordinatorId)!.id);
const outsiderCentre = user(Agency.CSD, data.socialWorkCentres.find((centre) => centre.id !== person.centreId)!.id);
const personsRecord = data.jobseekers.find((record) => record.participantId === person.id)!;
const outsiderOffice = user(Agency.EMPLOYMENT, data.employmentOffices.find((office) => office.id !== personsRecord.officeId && office.id !== person.officeId)!.id);
/** A provider none of whose runs the person was referred or enrolled to, and one of its runs still open for enrolment. */
const outsiderProviderRun = data.runs.find(
  (candidate) => !runsOf(person).some((runId) => providerOfRun(runId) === providerOfRun(candidate.id)) && phaseOn(candidate.startDate, today) === "PREPARATION",
)!;
const outsiderProvider = user(Agency.PROVIDER, providerOfRun(outsiderProviderRun.id));

let hub: TestHub;
let communityOfferId: string;
beforeAll(async () => {
  hub = await startTestHub();
  const offers = await hub.requestAs<{ communityOffers: { id: string }[] }>(outsiderCoordinator, `{ communityOffers { id } }`);
  communityOfferId = offers.data!.communityOffers[0].id;
});
afterAll(() => hub?.stop());

/** The whole answer, with the id asked about replaced: what is left must not depend on whether the person exists. */
const withoutId = (answer: GraphQLAnswer<unknown>, id: string) => JSON.parse(JSON.stringify(answer).split(id).join("<id>"));

const database = (name: string) => hub.subgraphs.find((subgraph) => subgraph.name === name)!.database.dataSource;

interface LogRow {
  subject: string;
  action: string;
  outcome: string;
  fields: string[];
  refused_by: string | null;
}
const logOf = (subgraph: string, participantId: string): Promise<LogRow[]> =>
  database(subgraph).query(`SELECT subject, action, outcome, fields, refused_by FROM access_log WHERE participant_id = $1 ORDER BY position`, [participantId]);

const PARTICIPANT = `query Participant($id: ID!) { participant(id: $id) { id firstName } }`;

describe("one answer for a person who does not exist and one the caller may not see", () => {
  it.each([
    ["a coordinator of another region", outsiderCoordinator],
    ["a CSD of another centre", outsiderCentre],
    ["an Urad za delo of another office", outsiderOffice],
    ["a provider the person never met", outsiderProvider],
    ["an analyst", analyst()],
  ])("participant(id) answers %s identically, with FORBIDDEN", async (_, as) => {
    const nobody = randomUUID();
    const outsider = await hub.requestAs(as, PARTICIPANT, { id: person.id });
    const unknown = await hub.requestAs(as, PARTICIPANT, { id: nobody });
    expect(outsider.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(withoutId(outsider, person.id)).toEqual(withoutId(unknown, nobody));
  });

  const meeting = (participantId: string) => ({ input: { kind: "INTERIM", runId: run.id, heldOn: today, agencies: ["COORDINATION"], participantIds: [participantId], agreements: "" } });
  const PARTICIPANT_WRITES: [string, string, Caller, (participantId: string) => Record<string, unknown>][] = [
    ["recordConsent", "RecordConsent", outsiderCoordinator, (participantId) => ({ participantId, granted: false })],
    ["recordConsent, by a coordinator of the same region", "RecordConsent", neighbourCoordinator, (participantId) => ({ participantId, granted: false })],
    ["recordCaseNote", "RecordCaseNote", outsiderCoordinator, (participantId) => ({ participantId, text: "Poskus." })],
    ["recordCaseNote, by a coordinator of the same region", "RecordCaseNote", neighbourCoordinator, (participantId) => ({ participantId, text: "Poskus." })],
    ["referToCommunityOffer", "ReferToCommunityOffer", outsiderCoordinator, (participantId) => ({ participantId, offerId: communityOfferId })],
    ["recordTeamMeeting", "RecordTeamMeeting", outsiderCoordinator, meeting],
    ["referToProgramme", "ReferToProgramme", outsiderCoordinator, (participantId) => ({ participantId, runId: outsiderProviderRun.id })],
    ["enrolParticipant", "Enrol", outsiderProvider, (participantId) => ({ runId: outsiderProviderRun.id, participantId, enrolledOn: today })],
    [
      "registerJobseeker (the record is at another office)",
      "RegisterJobseeker",
      outsiderOffice,
      (participantId) => ({ input: { participantId, officeId: outsiderOffice.unit, status: "UNEMPLOYED", registeredOn: today } }),
    ],
    [
      "recordAssistanceDecision",
      "RecordAssistanceDecision",
      outsiderCentre,
      (participantId) => ({ input: { participantId, centreId: outsiderCentre.unit, number: `X-${participantId.slice(0, 8)}`, validFrom: today, validTo: today, monthlyAmount: 100 } }),
    ],
    ["assessSocialCase", "AssessSocialCase", outsiderCentre, (participantId) => ({ input: { participantId, centreId: outsiderCentre.unit, caseWorker: "Nekdo", complexSocialProblems: true } })],
  ];

  it.each(PARTICIPANT_WRITES)("%s: FORBIDDEN alike, with participant(id)'s words, and nothing stored", async (_, operation, as, variables) => {
    const nobody = randomUUID();
    const before = await rowsTouchedBy(hub, operation, variables(person.id));
    const outsider = await hub.requestAs(as, writeOperation(operation), variables(person.id));
    expect(await rowsTouchedBy(hub, operation, variables(person.id))).toEqual(before);
    const unknown = await hub.requestAs(as, writeOperation(operation), variables(nobody));
    expect(outsider.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(withoutId(outsider, person.id)).toEqual(withoutId(unknown, nobody));
    const read = await hub.requestAs(as, PARTICIPANT, { id: person.id });
    expect(outsider.errors![0].message).toBe(read.errors![0].message);
  });

  it.each([
    ["recordAttendance", "RecordAttendance", (enrolmentId: string) => ({ enrolmentId, on: today, present: true })],
    ["recordExit", "RecordExit", (enrolmentId: string) => ({ enrolmentId, exitedOn: today, outcome: "EMPLOYMENT" })],
  ])("%s of another provider's enrolment and of an unknown one: FORBIDDEN alike, and nothing stored", async (_, operation, variables) => {
    const nobody = randomUUID();
    const before = await rowsTouchedBy(hub, operation, variables(enrolment.id));
    const outsider = await hub.requestAs(outsiderProvider, writeOperation(operation), variables(enrolment.id));
    expect(await rowsTouchedBy(hub, operation, variables(enrolment.id))).toEqual(before);
    const unknown = await hub.requestAs(outsiderProvider, writeOperation(operation), variables(nobody));
    expect(outsider.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect(withoutId(outsider, enrolment.id)).toEqual(withoutId(unknown, nobody));
  });
});

describe("refusals that name nothing of another provider's or coordinator's data", () => {
  it("ALREADY_ENROLLED says only that the person is enrolled in a run that has not ended", async () => {
    // Someone enrolled at one provider, eligible for a GENERAL programme of another, referred there by their coordinator.
    const enrolled = data.participants.find(
      (candidate) =>
        candidate.id !== person.id &&
        candidate.coordinatorId !== null &&
        hasConsent(candidate) &&
        isEligibleFor(assessmentOf(candidate), ProgrammeType.GENERAL) &&
        activeEnrolmentOf(candidate) !== undefined &&
        data.programmes.some((programme) => programme.type === ProgrammeType.GENERAL && programme.providerId !== providerOfRun(activeEnrolmentOf(candidate)!.runId)),
    )!;
    const current = activeEnrolmentOf(enrolled)!;
    const currentRun = data.runs.find((candidate) => candidate.id === current.runId)!;
    const currentProgramme = data.programmes.find((programme) => programme.id === currentRun.programmeId)!;
    const programme = data.programmes.find((candidate) => candidate.type === ProgrammeType.GENERAL && candidate.providerId !== currentProgramme.providerId)!;
    const otherProvider = user(Agency.PROVIDER, programme.providerId);

    const scheduled = await hub.requestAs<{ scheduleProgrammeRun: { id: string } }>(otherProvider, contractOperation("ScheduleRun"), {
      input: { programmeId: programme.id, startDate: today, capacity: 5 },
    });
    expect(scheduled.errors).toBeUndefined();
    const runId = scheduled.data!.scheduleProgrammeRun.id;
    const referred = await hub.requestAs(coordinatorOf(enrolled), contractOperation("ReferToProgramme"), { participantId: enrolled.id, runId });
    expect(referred.errors).toBeUndefined();

    const answer = await hub.requestAs(otherProvider, contractOperation("Enrol"), { runId, participantId: enrolled.id, enrolledOn: today });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["ALREADY_ENROLLED"]);
    const told = JSON.stringify(answer);
    const { endDate } = (await hub.requestAs<{ programmeRun: { endDate: string } }>(otherProvider, `query { programmeRun(id: "${currentRun.id}") { endDate } }`)).data!.programmeRun;
    for (const secret of [currentRun.id, currentProgramme.id, currentProgramme.providerId, current.id, endDate, currentRun.startDate]) {
      expect(told).not.toContain(secret);
    }
  });

  it("ALREADY_REGISTERED: refused to a coordinator elsewhere without the person's id, coordinator or region, and logged as a probe", async () => {
    const centre = data.socialWorkCentres.find((candidate) => candidate.region === data.coordinators.find((coordinator) => coordinator.id === outsiderCoordinator.unit)!.region)!;
    const office = data.employmentOffices.find((candidate) => candidate.region === centre.region)!;
    const input = { firstName: "Ime", lastName: "Priimek", emso: person.emso, gender: person.gender, residenceStatus: "CITIZEN", centreId: centre.id, officeId: office.id };
    const prober = { ...outsiderCoordinator, sub: `prober-${randomUUID()}` };

    const answer = await hub.requestAs(prober, contractOperation("RegisterCandidate"), { input });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["ALREADY_REGISTERED"]);
    const told = JSON.stringify(answer);
    for (const secret of [person.id, person.coordinatorId!, person.region, person.centreId, person.officeId, person.lastName]) {
      expect(told).not.toContain(secret);
    }
    const probes = (await logOf("coordination", person.id)).filter((row) => row.subject === prober.sub);
    expect(probes).toEqual([{ subject: prober.sub, action: "WRITE", outcome: "REFUSED", fields: ["registerCandidate"], refused_by: expect.stringContaining("EMŠO") }]);
  });

  it("ALREADY_REGISTERED: the person's own coordinator is told which participant it is", async () => {
    const own = coordinatorOf(person);
    const input = { firstName: "Ime", lastName: "Priimek", emso: person.emso, gender: person.gender, residenceStatus: "CITIZEN", centreId: person.centreId, officeId: person.officeId };
    const answer = await hub.requestAs(own, contractOperation("RegisterCandidate"), { input });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["ALREADY_REGISTERED"]);
    expect(answer.errors![0].message).toContain(person.id);
  });
});

describe("refused reads are in the person's access log, with the rule that refused them", () => {
  it("participant(id) refused to an outsider", async () => {
    const outsider = { ...outsiderCentre, sub: `outsider-${randomUUID()}` };
    await hub.requestAs(outsider, PARTICIPANT, { id: person.id });
    const rows = (await logOf("coordination", person.id)).filter((row) => row.subject === outsider.sub);
    expect(rows).toEqual([{ subject: outsider.sub, action: "READ", outcome: "REFUSED", fields: ["participant"], refused_by: expect.stringContaining("Query.participant") }]);
  });

  it("accessLog refused to an analyst", async () => {
    const reader = { ...analyst(), sub: `analyst-${randomUUID()}` };
    const answer = await hub.requestAs(reader, contractOperation("AccessLog"), { participantId: person.id, first: 10 });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const rows = (await logOf("coordination", person.id)).filter((row) => row.subject === reader.sub);
    expect(rows).toEqual([{ subject: reader.sub, action: "READ", outcome: "REFUSED", fields: ["accessLog"], refused_by: expect.stringContaining("Query.accessLog") }]);
  });
});
