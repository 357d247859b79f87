import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData } from "../shared/demo-data";
import { Agency } from "../shared/enums";
import { startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { coordinatorOf, hasConsent, providerStaffOfRun, user } from "./support/users";

/**
 * Issue 11, inputs 1, 2, 7 and 12: the hub's machinery is not an API, roles belong to agencies, and
 * only what the caller asked for is answered and logged (ACCESS.md, "What counts as reading").
 */
const data = demoData(todayInLjubljana());
const person = data.participants.find(
  (candidate) => candidate.coordinatorId && hasConsent(candidate) && data.enrolments.some((enrolment) => enrolment.participantId === candidate.id),
)!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id)!;
const providerOfPerson = { ...providerStaffOfRun(data, enrolment.runId), sub: "staff@provider-of-person.test" };
const providersOfPerson = new Set(
  data.enrolments.filter((candidate) => candidate.participantId === person.id).map((candidate) => providerStaffOfRun(data, candidate.runId).unit),
);
const otherProvider = data.providers.find((provider) => !providersOfPerson.has(provider.id))!;
const unknownId = "6b1f0e3c-9d2a-4c57-8e11-3f5a7b9c0d21";
const dpo: Caller = { sub: "dpo@ministry.test", agency: Agency.OVERSIGHT, unit: "ministry", roles: ["DPO"] };

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const stageOf = async (id: string) => {
  const coordination = hub.subgraphs.find((subgraph) => subgraph.name === "coordination")!;
  const rows: { stage: string }[] = await coordination.database.dataSource.query(`SELECT stage FROM participants WHERE id = $1`, [id]);
  return rows[0]?.stage ?? null;
};

describe("the hub's machinery is not in the public graph (input 1, input 7)", () => {
  it("refuses a provider's journey event for anyone, alike for a person outside its runs and an unknown id, and the stage stays", async () => {
    const provider = user(Agency.PROVIDER, otherProvider.id);
    const before = await stageOf(person.id);
    const event = (id: string) => hub.requestAs(provider, `mutation { recordJourneyEvent(participantId: "${id}", event: EXITED) { id } }`);
    const outside = await event(person.id);
    const unknown = await event(unknownId);
    expect(outside.data ?? null).toBeNull();
    expect(outside.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(unknown).toEqual(outside);
    expect(await stageOf(person.id)).toBe(before);
  });

  it.each([
    ["case-team look-ups", `{ caseTeams(participantIds: ["${"ID"}"]) { participantId } }`],
    ["a provider's reach", `{ participantsInMyRuns }`],
    ["an agency's part of the access log", `{ csdAccessLog(participantId: "ID") { subject } }`],
  ])("does not answer %s to any user, however privileged", async (_, query) => {
    for (const as of [providerOfPerson, coordinatorOf(person), dpo]) {
      const answer = await hub.requestAs(as, query.replace("ID", person.id));
      expect({ as: as.agency, data: answer.data ?? null, code: answer.errors?.[0]?.extensions?.code }).toEqual({ as: as.agency, data: null, code: "GRAPHQL_VALIDATION_FAILED" });
    }
  });
});

describe("roles belong to agencies (input 2)", () => {
  it("gives a provider who asserts DPO nothing of the access log, and the DPO of the ministry everything", async () => {
    const impostor = { ...user(Agency.PROVIDER, otherProvider.id), roles: ["PROVIDER_STAFF", "DPO"] };
    const query = `query AccessLog($id: ID!) { accessLog(participantId: $id, first: 5) { subject } }`;
    const refused = await hub.requestAs<{ accessLog: unknown }>(impostor, query, { id: person.id });
    expect(refused.data?.accessLog ?? null).toBeNull();
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const served = await hub.requestAs<{ accessLog: unknown[] }>(dpo, query, { id: person.id });
    expect(served.errors).toBeUndefined();
    expect(served.data?.accessLog.length).toBeGreaterThan(0);
  });
});

describe("only what the caller asked for (input 12)", () => {
  const FACTS = ["employed", "registeredUnemployed", "temporarilyUnemployable", "receivesSocialAssistance", "hasComplexSocialProblems"];

  it("refuses a provider the eligibility it asked for, once, and neither reports nor logs the facts behind it", async () => {
    const answer: GraphQLAnswer<{ participant: { firstName: string; eligibility: unknown } }> = await hub.requestAs(
      providerOfPerson,
      `query ProviderLooksAtEligibility($id: ID!) { participant(id: $id) { firstName eligibility { eligible } } }`,
      { id: person.id },
    );
    expect(answer.data).toEqual({ participant: { firstName: person.firstName, eligibility: null } });
    expect(answer.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }))).toEqual([{ path: ["participant", "eligibility"], code: "FORBIDDEN" }]);

    const log = await hub.requestAs<{ accessLog: { subject: string; fields: string[]; outcome: string }[] }>(
      dpo,
      `query Log($id: ID!) { accessLog(participantId: $id, first: 200) { subject fields outcome } }`,
      { id: person.id },
    );
    const refusedToProvider = log.data!.accessLog.filter((record) => record.subject === providerOfPerson.sub && record.outcome === "REFUSED").flatMap((record) => record.fields);
    expect(refusedToProvider).toContain("eligibility");
    expect(refusedToProvider.filter((field) => FACTS.includes(field))).toEqual([]);
  });

  it("still refuses and logs the same facts when the caller asks for them itself", async () => {
    const asker = { ...providerOfPerson, sub: "curious@provider-of-person.test" };
    const answer = await hub.requestAs(asker, `query AskingForFacts($id: ID!) { participant(id: $id) { receivesSocialAssistance } }`, { id: person.id });
    expect(answer.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }))).toEqual([{ path: ["participant", "receivesSocialAssistance"], code: "FORBIDDEN" }]);
    const log = await hub.requestAs<{ accessLog: { subject: string; fields: string[]; outcome: string }[] }>(dpo, `query Log($id: ID!) { accessLog(participantId: $id, first: 200) { subject fields outcome } }`, {
      id: person.id,
    });
    expect(log.data!.accessLog.filter((record) => record.subject === asker.sub && record.outcome === "REFUSED").flatMap((record) => record.fields)).toContain("receivesSocialAssistance");
  });
});
