import { DEMO_PARTICIPANT_ID, DEMO_RUN_ID, DEMO_USERS } from "../shared/auth/demo-users";
import { demoData } from "../shared/demo-data";
import { GATEWAY_LIMITS } from "../shared/operation-limits";
import type { RunningGateway } from "../gateway";
import { startHiveGateway } from "../gateway/hive";
import { contractOperation } from "./support/contract";
import { postGraphQL, startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { coordinatorOf } from "./support/users";
import { cycle } from "./support/hostile-operations";

/**
 * Issue 15: the hub with Hive Gateway as its engine (gateway/hive.ts, `GATEWAY_ENGINE=hive`), over
 * the same subgraphs as ours. Every demo user's answers to the contract's reads are the same through
 * both engines — data, and each error's path and code — and Hive's side refuses what ours refuses:
 * no token, a token that does not verify, the operation limits, aliases shadowing an entity's field.
 */
let hub: TestHub;
let hive: RunningGateway;
const data = demoData();

beforeAll(async () => {
  hub = await startTestHub();
  const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
  hive = await startHiveGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls, rateLimits: { perUserPerMinute: 1_000_000, anonymousPerMinute: 1_000_000 } });
});
afterAll(async () => {
  await hive?.stop();
  await hub?.stop();
});

/** An answer as two engines may fairly differ in: errors by path and code (messages and order are the engine's), data as is. */
const comparable = (answer: GraphQLAnswer<unknown>) => ({
  data: answer.data ?? null,
  errors: (answer.errors ?? []).map((error) => `${(error.path ?? []).join(".")} ${error.extensions?.code}`).sort(),
});

const READS: [string, Record<string, unknown>][] = [
  ["Directory", {}],
  ["ParticipantView", { id: DEMO_PARTICIPANT_ID }],
  ["Caseload", { first: 20 }],
  ["RunRoster", { runId: DEMO_RUN_ID }],
  ["OpenRuns", {}],
];

describe("the contract's reads through Hive Gateway", () => {
  it.each([...DEMO_USERS.keys()])("answer %s as the hub's own gateway does", async (name) => {
    const user = DEMO_USERS.get(name)!.caller;
    const headers = { authorization: `Bearer ${await hub.tokenFor(user)}` };
    for (const [operation, variables] of READS) {
      const ours = await postGraphQL(hub.gateway.url, contractOperation(operation), variables, headers);
      const theirs = await postGraphQL(hive.url, contractOperation(operation), variables, headers);
      expect({ operation, ...comparable(theirs) }).toEqual({ operation, ...comparable(ours) });
    }
  });

  it("answers the DPO's AccessLog, which records the reads made through Hive as through ours", async () => {
    const headers = { authorization: `Bearer ${await hub.tokenFor(DEMO_USERS.get("dpo")!.caller)}` };
    const since = new Date(Date.now() - 1000).toISOString();
    const coordinator = { authorization: `Bearer ${await hub.tokenFor(DEMO_USERS.get("coordinator")!.caller)}` };
    await postGraphQL(hive.url, contractOperation("ParticipantView"), { id: DEMO_PARTICIPANT_ID }, coordinator);
    const answer = await postGraphQL<{ accessLog: { at: string; operationName: string; agency: string; dataOwner: string }[] }>(hive.url, contractOperation("AccessLog"), { participantId: DEMO_PARTICIPANT_ID, first: 500 }, headers);
    expect(answer.errors ?? []).toEqual([]);
    // The read through Hive is recorded under the client's operation name, by every agency whose data it read.
    const owners = new Set(answer.data!.accessLog.filter((record) => record.at >= since && record.operationName === "ParticipantView" && record.agency === "COORDINATION").map((record) => record.dataOwner));
    expect([...owners].sort()).toEqual(expect.arrayContaining(["COORDINATION", "CSD", "EMPLOYMENT"]));
  });
});

describe("Hive Gateway behind the hub's front", () => {
  const person = data.participants.find((candidate) => candidate.coordinatorId && data.enrolments.some((enrolment) => enrolment.participantId === candidate.id))!;
  const code = (answer: GraphQLAnswer<unknown>) => answer.errors?.[0]?.extensions?.code;

  it("answers introspection without a token outside production, and nothing else", async () => {
    expect((await postGraphQL<{ __typename: string }>(hive.url, "{ __typename }")).data?.__typename).toBe("Query");
    const anonymous = await postGraphQL<{ participant: unknown }>(hive.url, contractOperation("ParticipantView"), { id: person.id });
    expect([anonymous.data?.participant ?? null, code(anonymous)]).toEqual([null, "UNAUTHENTICATED"]);
  });

  it("refuses a token that does not verify before any engine runs", async () => {
    const response = await fetch(hive.url, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer forged.token.here" }, body: JSON.stringify({ query: "{ coordinators { id } }" }) });
    expect(response.status).toBe(401);
  });

  it.each([
    ["depth", cycle(25), "maxDepth"],
    ["aliases", `query { ${Array.from({ length: 31 }, (_, index) => `a${index}: participants(first: 1) { totalCount }`).join(" ")} }`, "maxAliases"],
    ["tokens", `query { ${"__typename ".repeat(5000)} }`, "maxTokens"],
    ["cost", "{ participants(first: 100) { edges { node { enrolments { run { enrolments { participant { enrolments { id } } } } } } } } }", "maxCost"],
  ])("refuses an operation over the %s limit, naming it", async (_name, query, limit) => {
    const answer = await postGraphQL(hive.url, query, {}, { authorization: `Bearer ${await hub.tokenFor(coordinatorOf(person))}` });
    expect({ code: code(answer), limit: answer.errors?.[0]?.extensions?.limit, maximum: answer.errors?.[0]?.extensions?.maximum }).toEqual({ code: "OPERATION_LIMIT_EXCEEDED", limit, maximum: GATEWAY_LIMITS[limit as keyof typeof GATEWAY_LIMITS] });
  });

  it("refuses an alias that takes the name of another field of an entity", async () => {
    const answer = await postGraphQL(hive.url, `query A($id: ID!) { participant(id: $id) { id: lastName } }`, { id: person.id }, { authorization: `Bearer ${await hub.tokenFor(coordinatorOf(person))}` });
    expect(code(answer)).toBe("BAD_USER_INPUT");
  });
});
