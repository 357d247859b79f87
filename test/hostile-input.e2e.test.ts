import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { getIntrospectionQuery } from "graphql";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";
import { startGateway, type RunningGateway } from "../gateway";
import { DEFAULT_AUDIENCE } from "../shared/auth/settings";
import { Agency } from "../shared/enums";
import { todayInLjubljana } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import type { DemoData } from "../shared/demo-data.types";
import { GATEWAY_LIMITS } from "../shared/operation-limits";
import { contractOperation } from "./support/contract";
import { postGraphQL, startTestHub, usingPostgres, type GraphQLAnswer, type TestHub } from "./support/hub";
import { addDays } from "../shared/calendar";
import { makeEmso } from "../shared/emso";
import { Gender } from "../shared/enums";
import { expectRefused } from "./support/writes";
import { coordinatorOf, providerStaffOfRun, socialWorkerOf, user } from "./support/users";
import { cycle } from "./support/hostile-operations";

// The operation names this file picks its access-log records by: logs keep only known names (shared/operation-names.ts), as an agency lists its own front-end's.
process.env.OPERATION_NAMES = "R,L";

/**
 * Issue 12: what a hostile user sends with any signed-in token (or none) is refused in milliseconds,
 * by name, before any subgraph is called, while an ordinary user's requests keep answering; and no
 * refusal of any kind is an HTML page, a stack trace or a file path.
 */
let hub: TestHub;
let data: DemoData;
let token: string;

beforeAll(async () => {
  hub = await startTestHub();
  data = demoData(todayInLjubljana());
  token = await hub.tokenFor(coordinatorOf(data.participants.find((person) => person.coordinatorId)!));
});
afterAll(() => hub?.stop());

/** One POST with a raw body, as a hostile client would send it: status, headers, text and time taken. */
const post = (body: string | Buffer, headers: Record<string, string> = {}) => postRaw(hub.gateway.url, body, headers);

function postRaw(gatewayUrl: string, body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; ms: number }> {
  const started = performance.now();
  const url = new URL(gatewayUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
    });
    // The server may answer and close before a large body is sent: that answer is the one we want.
    request.on("error", (error) => ((error as NodeJS.ErrnoException).code === "EPIPE" || (error as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(error)));
    request.end(body);
  });
}

const signedIn = () => ({ authorization: `Bearer ${token}` });

const aliases = (count: number) => `query Aliases { ${Array.from({ length: count }, (_, index) => `a${index}: participants(first: 100) { totalCount edges { node { id firstName } } }`).join(" ")} }`;

/** A GraphQL JSON error body: no HTML, no stack, no path of this machine. */
function expectCleanJsonError(answer: { headers: http.IncomingHttpHeaders; text: string }): GraphQLAnswer<unknown> {
  expect(answer.headers["content-type"]).toMatch(/^application\/(graphql-response\+)?json/);
  expect(answer.text).not.toMatch(/<html|<pre|\bat [\w.<>]+ \(|node_modules|\/work\/|\.ts:\d+/i);
  const body = JSON.parse(answer.text) as GraphQLAnswer<unknown>;
  expect(body.errors?.length).toBeGreaterThan(0);
  return body;
}

describe("operation limits, before any subgraph is called", () => {
  const refusals: [string, () => string, keyof typeof GATEWAY_LIMITS][] = [
    ["the probe's cycle 25 levels deep (909 bytes)", () => cycle(25), "maxDepth"],
    ["a query 50 levels deep", () => cycle(50), "maxDepth"],
    ["the cycle 10 levels deep, inside the depth limit: its cost multiplies", () => cycle(10), "maxCost"],
    ["1 000 aliases of participants(first: 100)", () => aliases(1000), "maxTokens"],
    ["31 aliases", () => `query { ${Array.from({ length: 31 }, (_, index) => `a${index}: participants(first: 1) { totalCount }`).join(" ")} }`, "maxAliases"],
    ["a page of 100 people, their runs' people and those people's enrolments", () => "{ participants(first: 100) { edges { node { enrolments { run { enrolments { participant { enrolments { id } } } } } } } } }", "maxCost"],
    ["30 directives on one field", () => `query { participants(first: 1) { totalCount ${"@include(if: true) ".repeat(30)} } }`, "maxDirectives"],
    ["a document of 5 000 tokens", () => `query { ${"__typename ".repeat(5000)} }`, "maxTokens"],
  ];

  it.each(refusals)("%s is refused in under 100 ms, naming the limit", async (_name, query, limit) => {
    const before = hub.subgraphs.reduce((sum, subgraph) => sum + subgraph.requests.count, 0);
    // The best of three: a refusal that is slow in itself is slow every time; a busy machine is not.
    const attempts = [];
    for (let attempt = 0; attempt < 3; attempt += 1) attempts.push(await post(JSON.stringify({ query: query() }), signedIn()));
    const answer = attempts.reduce((best, next) => (next.ms < best.ms ? next : best));
    const body = expectCleanJsonError(answer);
    const error = body.errors![0];
    expect(error.extensions?.code).toBe("OPERATION_LIMIT_EXCEEDED");
    expect(error.extensions?.limit).toBe(limit);
    expect(error.message).toContain(String(GATEWAY_LIMITS[limit]));
    expect(answer.status).toBe(400);
    expect(answer.ms).toBeLessThan(100);
    expect(hub.subgraphs.reduce((sum, subgraph) => sum + subgraph.requests.count, 0)).toBe(before);
  });

  it("a fragment 'node bomb' that makes the cost uncountable is refused, not let through unestimated", async () => {
    const bomb = Array.from({ length: 5 }, (_, level) => (level === 0 ? "fragment B0 on Query { __typename }" : `fragment B${level} on Query { ${`...B${level - 1} `.repeat(10)}}`)).join(" ");
    const heavy = "a: participants(first: 100) { edges { node { enrolments { run { enrolments { participant { enrolments { id } } } } } } } }";
    const answer = await post(JSON.stringify({ query: `query Bomb { ${heavy} ...B4 } ${bomb}` }), signedIn());
    expect(answer.status).toBe(400);
    expect(expectCleanJsonError(answer).errors![0].extensions).toMatchObject({ code: "OPERATION_LIMIT_EXCEEDED", limit: "maxCost" });
  });

  it("introspection: __schema once per operation, with or without a token; the explorer's own query still works", async () => {
    const typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
    const heavy = `query { ${Array.from({ length: 30 }, (_, index) => `a${index}: __schema { types { name fields { name args { name type { ${typeRef} } } type { ${typeRef} } } } }`).join(" ")} }`;
    const refused = await post(JSON.stringify({ query: heavy }));
    expect(refused.status).toBe(400);
    expect(expectCleanJsonError(refused).errors![0].extensions).toMatchObject({ code: "OPERATION_LIMIT_EXCEEDED", limit: "introspection", maximum: 1 });
    expect(refused.ms).toBeLessThan(1000);
    const explorer = await hub.request<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(explorer.errors).toBeUndefined();
    expect(explorer.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it("a page size that is a variable is counted with its value", async () => {
    const query = "query Page($first: Int!) { participants(first: $first) { edges { node { id enrolments { id run { id enrolments { id participant { id enrolments { id } } } } } } } } }";
    const small = await hub.request(query, { first: 1 }, signedIn());
    expect(small.errors?.find((error) => error.extensions?.code === "OPERATION_LIMIT_EXCEEDED")).toBeUndefined();
    const large = await hub.request(query, { first: 100 }, signedIn());
    expect(large.errors?.[0].extensions).toMatchObject({ code: "OPERATION_LIMIT_EXCEEDED", limit: "maxCost" });
  });

  it("an ordinary user's requests keep answering while a hostile one sends refused operations", async () => {
    const person = data.participants.find((candidate) => candidate.coordinatorId)!;
    const ordinary = (async () => {
      const answers: GraphQLAnswer<{ participant: { id: string } }>[] = [];
      for (let index = 0; index < 20; index += 1) answers.push(await hub.requestAs(coordinatorOf(person), contractOperation("ParticipantView"), { id: person.id }));
      return answers;
    })();
    const hostile = Promise.all(Array.from({ length: 40 }, (_, index) => post(JSON.stringify({ query: index % 2 ? cycle(25) : aliases(1000) }), signedIn())));
    const [answers, refused] = await Promise.all([ordinary, hostile]);
    for (const answer of answers) expect(answer.data?.participant?.id).toBe(person.id);
    for (const refusal of refused) expect(refusal.status).toBe(400);
  });
});

/**
 * Sends the headers and the first `sent` bytes of a body declared (or chunked) far larger, then
 * waits: an answer now shows that the gateway judged the request without reading the rest.
 */
function answerBeforeBody(headers: Record<string, string>, sent: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(hub.gateway.url), { method: "POST", headers: { "content-type": "application/json", ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString("utf8") });
        request.destroy();
      });
    });
    request.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(error)));
    request.write(Buffer.alloc(sent, 0x20));
  });
}

describe("HTTP hygiene: every answer is GraphQL JSON, without stack or path", () => {
  it.each([
    ["malformed JSON", "{ not json", {}, 400],
    ["charset=latin1", JSON.stringify({ query: "{ __typename }" }), { "content-type": "application/json; charset=latin1" }, 415],
    ["a body over 1 MB, declared", JSON.stringify({ query: `{ __typename } #${"x".repeat(1_100_000)}` }), {}, 413],
  ] as const)("%s, anonymous, gets a JSON error", async (_name, body, headers, status) => {
    const answer = await post(body, headers);
    expect(answer.status).toBe(status);
    expectCleanJsonError(answer);
  });

  it("a 10 MB body with a token that does not verify is refused on its headers, before the body is read", async () => {
    const answer = await answerBeforeBody({ authorization: "Bearer not-a-token", "content-length": String(10 * 1024 * 1024) }, 64 * 1024);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("a signed-in 10 MB body is refused on its declared length, before it is read", async () => {
    const answer = await answerBeforeBody({ ...signedIn(), "content-length": String(10 * 1024 * 1024) }, 64 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].message).toContain(String(1024 * 1024));
  });

  it("a body sent in chunks with no declared length is cut off at 1 MB", async () => {
    const answer = await answerBeforeBody({ ...signedIn(), "transfer-encoding": "chunked" }, 1024 * 1024 + 64 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it.each([
    ["an operationName the document does not have", { query: "query A { __typename } query B { __typename }", operationName: "C" }, "OPERATION_RESOLUTION_FAILURE"],
    ["two operations and no operationName", { query: "query A { __typename } query B { __typename }" }, "OPERATION_RESOLUTION_FAILURE"],
    ["an automatic persisted query", { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "00" } } }, "PERSISTED_QUERY_NOT_SUPPORTED"],
  ] as const)("%s is the client's mistake, said so, not an internal error", async (_name, body, code) => {
    const answer = await post(JSON.stringify(body), signedIn());
    expect(answer.status).toBeLessThan(500);
    expect(expectCleanJsonError(answer).errors![0].extensions?.code).toBe(code);
  });

  it("answers GraphQL at /graphql only", async () => {
    const answer = await postRaw(hub.gateway.url.replace(/\/graphql$/, "/foo/bar"), JSON.stringify({ query: "{ __typename }" }), signedIn());
    expect(answer.status).toBe(404);
    expect(expectCleanJsonError(answer).errors![0].extensions?.code).toBe("NOT_FOUND");
  });

  it("does not name the subgraph an error came from (the path says where it belongs)", async () => {
    const outsider = data.participants.find((person) => !person.coordinatorId)!;
    const answer = await hub.request(contractOperation("ParticipantView"), { id: outsider.id }, signedIn());
    expect(answer.errors?.length).toBeGreaterThan(0);
    for (const error of answer.errors!) expect(error.extensions).not.toHaveProperty("serviceName");
  });

  it("an unknown field gets a GraphQL validation error, not an internal one", async () => {
    const answer = await post(JSON.stringify({ query: "{ participantz { id } }" }), signedIn());
    expect(expectCleanJsonError(answer).errors![0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("a subscription, which the hub has none of, is refused as the client's mistake, not an internal error (red team, issue 18)", async () => {
    const answer = await post(JSON.stringify({ query: "subscription { x }" }), signedIn());
    expect(answer.status).toBe(400);
    expect(expectCleanJsonError(answer).errors![0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("time budgets", () => {
  it("a subgraph that never answers costs a request its budget, not forever: the other agencies' data arrives with DEADLINE_EXCEEDED", async () => {
    const hanging: net.Socket[] = [];
    const closed = new Set<net.Socket>();
    const blackHole = net.createServer((socket) => {
      hanging.push(socket);
      socket.resume().on("close", () => closed.add(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    subgraphUrls.csd = `http://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}/graphql`;
    process.env.REQUEST_TIMEOUT_MS = "1000";
    const gateway = await startGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls }).finally(() => delete process.env.REQUEST_TIMEOUT_MS);
    try {
      const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt)!;
      const started = performance.now();
      const answer = await postGraphQL<{ participant: { firstName: string | null } }>(gateway.url, contractOperation("ParticipantView"), { id: person.id }, {
        authorization: `Bearer ${await hub.tokenFor(coordinatorOf(person))}`,
      });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(answer.data?.participant?.firstName).toBe(person.firstName);
      // At the fields CSD owes, naming it, like an outage (red team: a hung subgraph's error had no path and no agency).
      const late = answer.errors!.filter((error) => error.extensions?.code === "DEADLINE_EXCEEDED");
      expect(late.length).toBeGreaterThan(0);
      for (const error of late) expect(error).toMatchObject({ path: expect.any(Array), extensions: { subgraph: "csd", agency: "CSD" } });
      // The call to the silent subgraph was cut off, not left open.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hanging.length).toBeGreaterThan(0);
      expect(closed.size).toBe(hanging.length);
    } finally {
      await gateway.stop();
      for (const socket of hanging) socket.destroy();
      blackHole.close();
    }
  });

  it("SQL statements stop at statement_timeout on PostgreSQL", async () => {
    if (!usingPostgres()) return console.warn("statement_timeout: the embedded PGlite does not enforce it (README, Limits)");
    const [{ statement_timeout }] = await hub.subgraphs[0].database.dataSource.query("SHOW statement_timeout");
    expect(statement_timeout).toBe("10s");
  });
});

describe("in production", () => {
  const ISSUER = "https://login.example.gov.si";
  let gateway: RunningGateway;
  let signedInProduction: string;

  beforeAll(async () => {
    const users = await generateKeyPair("ES256", { extractable: true });
    const gatewayKey = await generateKeyPair("ES256", { extractable: true });
    const production = {
      NODE_ENV: "production",
      DEV_ISSUER: "false",
      TRUSTED_ISSUERS: JSON.stringify([{ issuer: ISSUER, publicKey: await exportSPKI(users.publicKey), agencies: [Agency.COORDINATION] }]),
      GATEWAY_SIGNING_KEY: JSON.stringify(await exportJWK(gatewayKey.privateKey)),
    };
    const saved = Object.fromEntries(Object.keys(production).map((name) => [name, process.env[name]]));
    Object.assign(process.env, production);
    try {
      const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
      gateway = await startGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls });
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    signedInProduction = await new SignJWT({ agency: Agency.COORDINATION, unit: data.coordinators[0].id, roles: ["COORDINATOR"] })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(ISSUER)
      .setAudience(DEFAULT_AUDIENCE)
      .setSubject("production-user")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(users.privateKey);
  });
  afterAll(() => gateway?.stop());

  it("answers a caller without a token with 401 JSON, before reading the body", async () => {
    const answer = await postRaw(gateway.url, JSON.stringify({ query: "{ participantz { id } }" }), {});
    expect(answer.status).toBe(401);
    expect(expectCleanJsonError(answer).errors![0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("gives no schema hints ('Did you mean …'), while development does", async () => {
    const query = "{ participantz(first: 1) { totalCount } }";
    const answer = await postGraphQL(gateway.url, query, {}, { authorization: `Bearer ${signedInProduction}` });
    expect(answer.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(answer.errors?.[0].message).not.toMatch(/did you mean/i);
    const development = await hub.request(query, {}, signedIn());
    expect(development.errors?.[0].message).toMatch(/did you mean/i);
  });
});

/**
 * Rate limits: one user's flood, or one address's garbage tokens, gets 429 with Retry-After while
 * everyone else is answered as before; with Redis, several gateway processes share the count. Each
 * run uses users of its own (a fresh `sub`), so that counters of an earlier run do not count.
 */
const PER_USER = 30;
const FAILED_SIGN_INS = 10;

const OFFICES = "query Offices { employmentOffices { id } }";
const someone = () => user(Agency.EMPLOYMENT, "00000000-0000-4000-8000-000000000001", `rate-test-${randomUUID()}`);

async function sendOffices(url: string, authorization: string): Promise<{ status: number; retryAfter: string | null; code?: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: OFFICES }) });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), code: body.errors?.[0]?.extensions?.code };
}

const statuses = (answers: { status: number }[]) => answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

describe("rate limits (a gateway of their own over the same subgraphs, with low limits)", () => {
  let limited: RunningGateway;
  beforeAll(async () => {
    const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    limited = await startGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls, rateLimits: { perUserPerMinute: PER_USER, failedSignInsPerMinute: FAILED_SIGN_INS, anonymousPerMinute: 1_000_000, reportsPerMinute: 2 } });
  });
  afterAll(() => limited?.stop());

  it("a participant's report has a limit of its own: the third in a minute gets 429 (red team: report loops slowed everyone)", async () => {
    const dpo = `Bearer ${await hub.tokenFor({ sub: "report-loop@ministry.test", agency: Agency.OVERSIGHT, unit: "ministry", roles: ["DPO"] })}`;
    const person = data.participants[0].id;
    const statusesOf: number[] = [];
    for (let round = 0; round < 3; round += 1) statusesOf.push((await fetch(`${limited.url.replace(/\/graphql$/, "")}/report/${person}`, { headers: { authorization: dpo } })).status);
    expect(statusesOf).toEqual([200, 200, 429]);
    // Other requests of the same user still pass.
    expect((await sendOffices(limited.url, dpo)).status).toBe(200);
  });

  it("one user over the limit gets 429 with Retry-After; another user, asking at the same time, is answered every time", async () => {
    const flooding = `Bearer ${await hub.tokenFor(someone())}`;
    const other = `Bearer ${await hub.tokenFor(someone())}`;
    const [flood, calm] = await Promise.all([
      Promise.all(Array.from({ length: PER_USER + 10 }, () => sendOffices(limited.url, flooding))),
      (async () => {
        const answers = [];
        for (let index = 0; index < 10; index += 1) answers.push(await sendOffices(limited.url, other));
        return answers;
      })(),
    ]);
    expect(statuses(flood)).toEqual({ 200: PER_USER, 429: 10 });
    for (const refused of flood.filter((answer) => answer.status === 429)) {
      expect(refused.code).toBe("RATE_LIMITED");
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    }
    expect(statuses(calm)).toEqual({ 200: 10 });
  });

  it("an address sending tokens that do not verify gets 429 after the limit; a valid token from the same address still passes", async () => {
    const garbage = await Promise.all(Array.from({ length: FAILED_SIGN_INS + 5 }, (_, index) => sendOffices(limited.url, `Bearer garbage-${index}`)));
    expect(statuses(garbage)).toEqual({ 401: FAILED_SIGN_INS, 429: 5 });
    expect(garbage.find((answer) => answer.status === 429)!.retryAfter).toMatch(/^\d+$/);
    expect((await sendOffices(limited.url, `Bearer ${await hub.tokenFor(someone())}`)).status).toBe(200);
  });
});

/** Whether Redis answers at 127.0.0.1:6379 (it runs on this machine and in CI). */
const redisAnswers = () =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(6379, "127.0.0.1", () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });

describe("with Redis, two gateway processes share one count", () => {
  const gateways: RunningGateway[] = [];
  afterAll(() => Promise.all(gateways.map((gateway) => gateway.stop())));

  it("a user's requests to either gateway count against one limit", async () => {
    if (!(await redisAnswers())) return console.warn("Redis does not answer at 127.0.0.1:6379: the shared count is not tested");
    const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
    for (let index = 0; index < 2; index += 1) {
      gateways.push(
        await startGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls, rateLimits: { perUserPerMinute: 10, redisUrl: "redis://127.0.0.1:6379" } }),
      );
    }
    const token = `Bearer ${await hub.tokenFor(someone())}`;
    const answers = [];
    for (let index = 0; index < 12; index += 1) answers.push(await sendOffices(gateways[index % 2].url, token));
    expect(statuses(answers)).toEqual({ 200: 10, 429: 2 });
  });
});

/**
 * Issue 13: answers stay true whatever the letter case of an id, the characters of a text, or the
 * writes before them in the same operation. Expected values come from the demo data set and the
 * contract's text, never from the code under test.
 */
describe("correctness under unusual input (issue 13)", () => {
  type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const errorOf = (answer: GraphQLAnswer<unknown>) => answer.errors?.[0]?.extensions ?? {};
  const coordinatorWithCaseload = () => coordinatorOf(data.participants.find((person) => person.coordinatorId && person.consentGrantedAt)!);

  it("input 1: a write is seen by the next field of the same operation (two recordAttendance in one mutation)", async () => {
    const today = todayInLjubljana();
    const recordedDays = (enrolmentId: string) => new Set(data.attendance.filter((day) => day.enrolmentId === enrolmentId).map((day) => day.on));
    // An ongoing enrolment with two days of the last two weeks not yet recorded, in its own time
    // (not always yesterday and the day before: on a Tuesday both are weekdays the demo data recorded).
    const freeDays = (candidate: (typeof data.enrolments)[number]) =>
      Array.from({ length: 14 }, (_, back) => addDays(today, -(back + 1))).filter((day) => day >= candidate.enrolledOn && !recordedDays(candidate.id).has(day));
    const enrolment = data.enrolments.find((candidate) => candidate.status === "ENROLLED" && freeDays(candidate).length >= 2)!;
    const [d2, d1] = freeDays(enrolment);
    const before = data.attendance.filter((day) => day.enrolmentId === enrolment.id);
    const present = before.filter((day) => day.present).length;
    const answer = await hub.requestAs<Any>(
      providerStaffOfRun(data, enrolment.runId),
      `mutation TwoDays($e: ID!, $upper: ID!, $d1: Date!, $d2: Date!) {
        a: recordAttendance(enrolmentId: $e, on: $d1, present: true) { id attendanceRate }
        b: recordAttendance(enrolmentId: $upper, on: $d2, present: false) { id attendanceRate }
      }`,
      { e: enrolment.id, upper: enrolment.id.toUpperCase(), d1, d2 },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.a.attendanceRate).toBeCloseTo((present + 1) / (before.length + 1), 10);
    expect(answer.data.b.attendanceRate).toBeCloseTo((present + 1) / (before.length + 2), 10);
    expect(answer.data.b.id).toBe(enrolment.id);
  });

  it("input 2: an id in any letter case is the same id in reads, for every entity a client can name", async () => {
    const coordinator = coordinatorWithCaseload();
    const person = data.participants.find((candidate) => candidate.coordinatorId === coordinator.unit)!;
    const run = data.runs[0];
    const reads: [string, string, string][] = [
      ["participant", person.id, "participant(id: $id) { id lastName }"],
      ["programmeRun", run.id, "programmeRun(id: $id) { id startDate }"],
      ["employmentOffice", data.employmentOffices[0].id, "employmentOffice(id: $id) { id name }"],
      ["socialWorkCentre", data.socialWorkCentres[0].id, "socialWorkCentre(id: $id) { id name }"],
    ];
    for (const [root, id, selection] of reads) {
      const query = `query ById($id: ID!) { ${selection} }`;
      const lower = await hub.requestAs<Any>(coordinator, query, { id });
      const upper = await hub.requestAs<Any>(coordinator, query, { id: id.toUpperCase() });
      expect([root, upper]).toEqual([root, lower]);
      expect(lower.data[root]?.id).toBe(id);
    }
  });

  it("input 2: an id in any letter case is the same id in writes, and the answer and the log give it in lower case", async () => {
    const coordinator = coordinatorWithCaseload();
    const person = data.participants.find((candidate) => candidate.coordinatorId === coordinator.unit)!;
    const consent = await hub.requestAs<Any>(coordinator, contractOperation("RecordConsent"), { participantId: person.id.toUpperCase(), granted: true });
    expect(consent.errors).toBeUndefined();
    const note = await hub.requestAs<Any>(coordinator, `mutation Note($p: ID!) { recordCaseNote(participantId: $p, text: "Dogovor") { id } }`, { p: person.id.toUpperCase() });
    expect(note.errors).toBeUndefined();
    const [{ notes }] = await hub.subgraphs.find((subgraph) => subgraph.name === "coordination")!.database.dataSource.query(
      `SELECT count(*)::int AS notes FROM case_notes WHERE participant_id::text = $1 AND text = 'Dogovor'`,
      [person.id],
    );
    expect(notes).toBe(1);
    const filtered = await hub.requestAs<Any>(coordinator, `query F($c: ID) { participants(first: 100, filter: { coordinatorId: $c }) { totalCount } }`, { c: coordinator.unit.toUpperCase() });
    expect(filtered.data.participants.totalCount).toBe(data.participants.filter((candidate) => candidate.coordinatorId === coordinator.unit).length);
  });

  it("input 3: a 1 MB invalid id is refused naming the field, and not echoed back", async () => {
    const huge = "Z".repeat(1_000_000);
    const answer = await post(JSON.stringify({ query: `query P($id: ID!) { participant(id: $id) { id } }`, variables: { id: huge } }), signedIn());
    expect(answer.text.length).toBeLessThan(2_000);
    expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  });

  it("input 3: a 1 MB value the schema cannot accept (a string for an Int) is refused without being echoed back", async () => {
    const answer = await post(JSON.stringify({ query: `query P($first: Int!) { participants(first: $first) { totalCount } }`, variables: { first: "9".repeat(1_000_000) } }), signedIn());
    expect(answer.text.length).toBeLessThan(2_000);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  const NUL = "\u0000";
  it.each([
    ["a NUL in a search", "query S($s: String) { participants(first: 5, filter: { search: $s }) { totalCount } }", { s: `a${NUL}b` }, "filter.search"],
    ["a NUL as a region", "query R($r: String) { programmeRuns(region: $r) { id } }", { r: NUL }, "region"],
    ["a lone surrogate in a search", "query S($s: String) { participants(first: 5, filter: { search: $s }) { totalCount } }", { s: "No\ud800vak" }, "filter.search"],
    ["a right-to-left override in a region", "query R($r: String) { communityOffers(region: $r) { id } }", { r: "\u202ePomurska" }, "region"],
  ])("input 3: %s is BAD_USER_INPUT naming the argument, not an internal error", async (_what, query, variables, field) => {
    const answer = await hub.requestAs(coordinatorWithCaseload(), query, variables);
    expect(errorOf(answer)).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("input 5: a name search is case-blind on both databases, also for Č, Š and Ž, and Ž is still not Z", async () => {
    const person = data.participants.find((candidate) => candidate.coordinatorId && /^[ČŠŽ]/.test(candidate.lastName))!;
    const search = `query S($s: String) { participants(first: 100, filter: { search: $s }) { edges { node { id } } } }`;
    const found = async (text: string) => ((await hub.requestAs<Any>(coordinatorOf(person), search, { s: text })).data.participants.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    const prefix = person.lastName.slice(0, 2);
    expect(await found(prefix.toUpperCase())).toContain(person.id);
    expect(await found(prefix.toLowerCase())).toContain(person.id);
    expect(await found(prefix.normalize("NFD").replace(/\u030C/, "").toLowerCase())).not.toContain(person.id);
  });

  // Before any registration below adds to the region.
  it("input 6: a coordinator's filter.region is applied, not replaced by the coordinator's own region", async () => {
    const coordinator = coordinatorWithCaseload();
    const caseload = `query C($region: String) { participants(first: 100, filter: { region: $region }) { totalCount } }`;
    const nowhere = await hub.requestAs<Any>(coordinator, caseload, { region: "Nonexistent" });
    expect(nowhere.data.participants.totalCount).toBe(0);
    const own = data.coordinators.find((candidate) => candidate.id === coordinator.unit)!.region;
    const inOwn = await hub.requestAs<Any>(coordinator, caseload, { region: own });
    const expected = data.participants.filter((person) => person.region === own && (person.coordinatorId === coordinator.unit || person.coordinatorId === null)).length;
    expect(inOwn.data.participants.totalCount).toBe(expected);
  });

  /** A registration the coordinator may make, with one field changed; each call a new EMŠO. */
  let serial = 600;
  const candidate = (overrides: Record<string, unknown>) => {
    const coordinator = coordinatorWithCaseload();
    const region = data.coordinators.find((unit) => unit.id === coordinator.unit)!.region;
    serial += 3;
    const input = {
      firstName: "Mojca",
      lastName: "Horvat",
      emso: makeEmso("1984-02-29", Gender.FEMALE, serial),
      gender: "FEMALE",
      residenceStatus: "CITIZEN",
      centreId: data.socialWorkCentres.find((centre) => centre.region === region)!.id,
      officeId: data.employmentOffices.find((office) => office.region === region)!.id,
      ...overrides,
    };
    return [coordinator, "RegisterCandidate", { input }] as const;
  };
  const decision = (number: string) => {
    const person = data.participants.find((candidate) => candidate.consentGrantedAt)!;
    const today = todayInLjubljana();
    return [socialWorkerOf(person), "RecordAssistanceDecision", { input: { participantId: person.id, centreId: person.centreId, number, validFrom: today, validTo: today, monthlyAmount: 100 } }] as const;
  };
  const caseNote = (text: string) => {
    const coordinator = coordinatorWithCaseload();
    return [coordinator, "RecordCaseNote", { participantId: data.participants.find((person) => person.coordinatorId === coordinator.unit)!.id, text }] as const;
  };
  it.each([
    ["a NUL in a first name", () => candidate({ firstName: `X${NUL}` }), "input.firstName"],
    ["a name of zero-width characters only", () => candidate({ firstName: "\u200b\u200c\u200d" }), "input.firstName"],
    ["a name that starts with U+202E", () => candidate({ lastName: "\u202eravoH" }), "input.lastName"],
    ["a lone surrogate in a name", () => candidate({ lastName: "Hor\udc00vat" }), "input.lastName"],
    ["an escape sequence in an EMŠO", () => candidate({ emso: "\u001b[2J" }), "input.emso"],
    ["a NUL in a decision's number", () => decision(`DSP${NUL}1`), "input.number"],
    ["a line break in a decision's number", () => decision("DSP\n1"), "input.number"],
    ["a lone surrogate in a case note", () => caseNote("Dogovor \ud83d"), "text"],
    ["a bidirectional isolate in a case note", () => caseNote("Dogovor \u2067x"), "text"],
  ])("input 3: %s is refused naming the field, and nothing is stored", async (_what, write, field) => {
    const [as, operation, variables] = write();
    await expectRefused(hub, as, operation, variables, { code: "BAD_USER_INPUT", field });
  });

  it("input 3: a name is stored in NFC, whichever form it was typed in", async () => {
    const [as, , variables] = candidate({ lastName: "C\u030Ceh", firstName: "Z\u030Ciga" });
    const answer = await hub.requestAs<Any>(as, contractOperation("RegisterCandidate"), variables);
    expect(answer.errors).toBeUndefined();
    const stored = await hub.requestAs<Any>(as, `query P($id: ID!) { participant(id: $id) { firstName lastName } }`, { id: answer.data.registerCandidate.id });
    expect(stored.data.participant).toEqual({ firstName: "\u017Diga", lastName: "\u010Ceh" });
  });


  describe("input 7: an alias that takes the name of another field of an entity (apollographql/federation#3036)", () => {
    const keyAlias = `query Aliased($id: ID!) { participant(id: $id) { id: lastName enrolments { status } } }`;
    // The planner fetches eligibility's @requires inputs under their own names (red team: eligibility flipped).
    const inputAlias = `query Aliased($id: ID!) { participant(id: $id) { receivesSocialAssistance: registeredUnemployed eligibility { grounds } } }`;
    const someoneEnrolled = () => data.participants.find((person) => person.coordinatorId && data.enrolments.some((enrolment) => enrolment.participantId === person.id))!;
    let unguarded: RunningGateway | undefined;
    afterAll(() => unguarded?.stop());

    it("is refused with BAD_USER_INPUT naming the alias, before any subgraph is asked: on a key and on a @requires input", async () => {
      const person = someoneEnrolled();
      for (const query of [keyAlias, inputAlias]) {
        const answer = await hub.requestAs(coordinatorOf(person), query, { id: person.id });
        expect(answer.data ?? null).toBeNull();
        expect(errorOf(answer)).toMatchObject({ code: "BAD_USER_INPUT" });
      }
      // The key under its own name, and aliases with fresh names, are fine.
      const plain = await hub.requestAs<Any>(coordinatorOf(person), `query P($id: ID!) { participant(id: $id) { id surname: lastName } }`, { id: person.id });
      expect(plain.data.participant).toEqual({ id: person.id, surname: person.lastName });
    });

    it("still answers wrongly without the guard in the pinned @apollo/gateway: when this fails, upstream has fixed it and the guard can go", async () => {
      const subgraphUrls = Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.url]));
      unguarded = await startGateway({ port: 0, host: "127.0.0.1", dataDir: hub.dataDir, subgraphUrls, refuseShadowingAliases: false, rateLimits: { perUserPerMinute: 1_000 } });
      const ask = async (query: string, person: { id: string } & Parameters<typeof coordinatorOf>[0]) =>
        (await postGraphQL<Any>(unguarded!.url, query, { id: person.id }, { authorization: `Bearer ${await hub.tokenFor(coordinatorOf(person))}` })).data.participant;
      const enrolled = someoneEnrolled();
      // The right answer would be the last name; the bug answers the UUID. (The @requires case is
      // wrong only when the fetches return in one order, a race: not a pin that could tell reliably.)
      expect((await ask(keyAlias, enrolled)).id).toBe(enrolled.id);
    });
  });


  describe("found by the red team", () => {
    it("a referral of a person without consent is CONSENT_REQUIRED, and the facts the hub fetched for it are not logged as the coordinator's refused reads", async () => {
      const person = data.participants.find((candidate) => candidate.coordinatorId && !candidate.consentGrantedAt)!;
      const run = data.runs.find((candidate) => candidate.startDate > todayInLjubljana())!;
      const answer = await hub.requestAs(coordinatorOf(person), `mutation R($p: ID!, $r: ID!) { referToProgramme(participantId: $p, runId: $r) { id } }`, { p: person.id, r: run.id });
      expect(errorOf(answer)).toMatchObject({ code: "CONSENT_REQUIRED", field: "participantId" });
      expect(answer.errors![0].message).not.toMatch(/receivesSocialAssistance|registeredUnemployed|hasComplexSocialProblems/);
      const log = await hub.requestAs<Any>(coordinatorOf(person), `query L($p: ID!) { accessLog(participantId: $p, first: 500) { fields outcome operationName } }`, { p: person.id });
      const facts = new Set(["registeredUnemployed", "temporarilyUnemployable", "employed", "receivesSocialAssistance", "hasComplexSocialProblems", "eligibilityForReferral"]);
      const records = (log.data.accessLog as { fields: string[]; outcome: string; operationName: string }[]).filter((record) => record.operationName === "R");
      // The refused referral itself is recorded; no read the coordinator never asked for is.
      expect(records.filter((record) => record.fields.some((field) => facts.has(field)))).toEqual([]);
      expect(records).toContainEqual({ fields: ["referToProgramme"], outcome: "REFUSED", operationName: "R" });
    });

    it("a DSP decision's number is unique within its centre only: another centre's number neither refuses nor names that decision", async () => {
      const taken = data.assistanceDecisions[0];
      const person = data.participants.find((candidate) => candidate.centreId !== taken.centreId && candidate.consentGrantedAt)!;
      const today = todayInLjubljana();
      const record = (number: string) =>
        hub.requestAs<Any>(socialWorkerOf(person), contractOperation("RecordAssistanceDecision"), {
          input: { participantId: person.id, centreId: person.centreId, number, validFrom: today, validTo: today, monthlyAmount: 100 },
        });
      const answer = await record(taken.number);
      expect(answer.errors).toBeUndefined();
      // Within the centre the number is taken now, and the refusal names only the caller's own decision.
      expect(errorOf(await record(taken.number))).toMatchObject({ code: "BAD_USER_INPUT", field: "input.number" });
    });

    it("a search typed with combining accents finds what its precomposed twin finds", async () => {
      const person = data.participants.find((candidate) => candidate.coordinatorId && /^[ČŠŽ]/.test(candidate.lastName))!;
      const count = async (text: string) =>
        (await hub.requestAs<Any>(coordinatorOf(person), `query S($s: String) { participants(first: 5, filter: { search: $s }) { totalCount } }`, { s: text })).data.participants.totalCount;
      const precomposed = person.lastName.slice(0, 1);
      expect(await count(precomposed.normalize("NFD"))).toBe(await count(precomposed));
      expect(await count(precomposed)).toBeGreaterThan(0);
    });

    it("a token whose unit is a UUID in upper case is the same unit", async () => {
      const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt)!;
      const shouting = user(Agency.COORDINATION, person.coordinatorId!.toUpperCase());
      const answer = await hub.requestAs<Any>(shouting, `query P($id: ID!) { participant(id: $id) { id lastName } }`, { id: person.id });
      expect(answer.data.participant).toEqual({ id: person.id, lastName: person.lastName });
    });
  });
});
