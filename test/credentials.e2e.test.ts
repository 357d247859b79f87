import { DEADLINE_HEADER } from "../shared/deadline";
import { decodeJwt } from "jose";
import { todayInLjubljana } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import { ProgrammePhase } from "../shared/enums";
import { phaseOn } from "../subgraphs/providers/run/run-schedule";
import { SUBGRAPHS } from "../subgraphs";
import { contractOperation } from "./support/contract";
import { postGraphQL, startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { RecordingProxy, type CapturedRequest } from "./support/recording-proxy";
import { coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf } from "./support/users";

/**
 * ACCESS.md, "No credential travels further than it must" (issue 11, input 6): a proxy in front of
 * every service records everything the gateway and the other services send it, while front-ends
 * read, write and read the access log. Nothing recorded is a user's token or an identity for
 * another service, and every credential recorded, replayed at the gateway, at every other service
 * and at the same service after its request, is refused.
 */
const today = todayInLjubljana();
const data = demoData(today);
const person = data.participants.find(
  (candidate) => candidate.coordinatorId && hasConsent(candidate) && data.enrolments.some((enrolment) => enrolment.participantId === candidate.id),
)!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id)!;
const coordinator = coordinatorOf(person);
const openRun = data.runs.find((run) => ![ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED].includes(phaseOn(run.startDate, today)))!;
const users = [coordinator, socialWorkerOf(person), officerOf(person), providerStaffOfRun(data, enrolment.runId)];

const captured: CapturedRequest[] = [];
const proxies = new Map(SUBGRAPHS.map((definition) => [definition.name, new RecordingProxy(definition.name, captured)]));
let hub: TestHub;
const userTokens: string[] = [];

beforeAll(async () => {
  await Promise.all([...proxies.values()].map((proxy) => proxy.start()));
  hub = await startTestHub({
    interpose: (name, url) => {
      const proxy = proxies.get(name)!;
      proxy.target = url;
      return proxy.url;
    },
  });
  const participantView = contractOperation("ParticipantView").replace("enrolments {", "communityReferrals { id } enrolments {");
  for (const as of users) {
    const token = await hub.tokenFor(as);
    userTokens.push(token);
    const asUser = (query: string, variables: Record<string, unknown>) => postGraphQL(hub.gateway.url, query, variables, { authorization: `Bearer ${token}` });
    await asUser(participantView, { id: person.id });
    await asUser(contractOperation("Caseload"), { first: 5 });
    await asUser(contractOperation("RunRoster"), { runId: enrolment.runId });
  }
  const asCoordinator = (query: string, variables: Record<string, unknown>) => hub.requestAs(coordinator, query, variables);
  // A write that makes providers ask coordination (eligibility, the journey) on the coordinator's behalf,
  // and a read of the access log that makes coordination ask every agency for its part.
  await asCoordinator(contractOperation("ReferToProgramme"), { participantId: person.id, runId: openRun.id });
  await asCoordinator(contractOperation("AccessLog"), { participantId: person.id, first: 10 });
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await Promise.all([...proxies.values()].map((proxy) => proxy.stop()));
});

/** Every header that could carry a credential: the time budget (`x-hub-deadline-ms`, shared/deadline.ts) is the one x-hub- header that does not. */
const credentialHeaders = (request: CapturedRequest) =>
  Object.entries(request.headers).filter(([name]) => name === "authorization" || (name.startsWith("x-hub-") && name !== DEADLINE_HEADER));

describe("what the services receive", () => {
  it("recorded calls to every service: from the gateway, and between services", () => {
    const byService = new Set(captured.map((request) => request.service));
    expect([...byService].sort()).toEqual(SUBGRAPHS.map((definition) => definition.name).sort());
    expect(captured.some((request) => request.headers["x-hub-actor"])).toBe(true);
  });

  it("never carries a user's token, nor an authorization header", () => {
    for (const request of captured) {
      expect(request.headers.authorization).toBeUndefined();
      for (const token of userTokens) expect(Object.values(request.headers).join("\n")).not.toContain(token);
    }
  });

  it("carries one credential per request, addressed to the service that receives it", () => {
    for (const request of captured) {
      const credentials = credentialHeaders(request);
      expect({ service: request.service, headers: credentials.map(([name]) => name) }).toEqual({
        service: request.service,
        headers: [request.headers["x-hub-actor"] ? "x-hub-actor" : "x-hub-identity"],
      });
      expect(decodeJwt(credentials[0][1]).aud).toBe(request.service);
    }
  });

  it("passes on, inside a service call, only a subject addressed to the calling service (red team: a partner was handed coordination's identity)", () => {
    const calls = captured.filter((request) => request.headers["x-hub-actor"]);
    expect(calls.length).toBeGreaterThan(0);
    for (const request of calls) {
      const actor = decodeJwt(request.headers["x-hub-actor"]);
      const caller = String(actor.iss).split(":").pop();
      expect({ to: request.service, from: caller, subjectFor: decodeJwt(String(actor.sbj)).aud }).toEqual({ to: request.service, from: caller, subjectFor: caller });
    }
  });

  it("gives the partner's subgraph nothing addressed to anyone else (issue 11: it received the user's token and coordination's identity)", () => {
    const toPartner = captured.filter((request) => request.service === "community");
    expect(toPartner.length).toBeGreaterThan(0);
    for (const request of toPartner) {
      expect(request.headers["x-hub-user-authorization"]).toBeUndefined();
      expect(request.headers["x-hub-case-team-identity"]).toBeUndefined();
    }
  });
});

describe("every credential recorded, replayed", () => {
  const expectRefused = (answer: GraphQLAnswer<unknown>, where: string) => {
    expect({ where, data: answer.data ?? null, code: answer.errors?.[0]?.extensions?.code }).toEqual({ where, data: null, code: "UNAUTHENTICATED" });
  };

  it("is refused at the gateway, at every other service and at the same service after its request", async () => {
    let replays = 0;
    const emso = `query Replay($id: ID!) { participant(id: $id) { emso romaCommunity socialCase { complexSocialProblemsNote } } }`;
    // Every credential recorded, and every subject carried inside a service call, in each header it could be tried in.
    const credentials = captured.flatMap((request) => {
      const [[name, token]] = credentialHeaders(request);
      const subject = name === "x-hub-actor" ? String(decodeJwt(token).sbj) : null;
      return [{ request, name, token }, ...(subject ? [{ request, name: "x-hub-identity", token: subject }, { request, name: "x-hub-actor", token: subject }] : [])];
    });
    for (const { request, name, token } of credentials) {
      const { query, variables } = JSON.parse(request.body) as { query: string; variables?: Record<string, unknown> };
      expectRefused(await postGraphQL(hub.gateway.url, emso, { id: person.id }, { authorization: `Bearer ${token}` }), `gateway, as a bearer token (${request.service})`);
      expectRefused(await postGraphQL(hub.gateway.url, emso, { id: person.id }, { [name]: token }), `gateway, as ${name}`);
      for (const subgraph of hub.subgraphs) {
        // Straight to the service, past the proxy: the same question, and a question of the replayer's choosing.
        expectRefused(await postGraphQL(subgraph.url, query, variables, { [name]: token }), `${subgraph.name}, the same body (captured at ${request.service})`);
        expectRefused(await postGraphQL(subgraph.url, emso, { id: person.id }, { [name]: token }), `${subgraph.name}, another body (captured at ${request.service})`);
        replays += 2;
      }
      replays += 2;
    }
    console.log(`credentials: ${captured.length} requests recorded, ${credentials.length} credentials (subjects inside calls included), ${replays} replays refused`);
    expect(replays).toBeGreaterThan(100);
  }, 180_000);
});
