import net from "node:net";
import { randomUUID } from "node:crypto";
import { startGateway, type RunningGateway } from "../gateway";
import { Agency } from "../shared/enums";
import { startTestHub, type TestHub } from "./support/hub";
import { user } from "./support/users";

/**
 * Issue 12: one user's flood, or one address's garbage tokens, gets 429 with Retry-After while
 * everyone else is answered as before; with Redis, several gateway processes share the count.
 * Each run uses users of its own (a fresh `sub`), so that counters of an earlier run do not count.
 */
const PER_USER = 30;
const FAILED_SIGN_INS = 10;
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ demoData: true, rateLimits: { perUserPerMinute: PER_USER, failedSignInsPerMinute: FAILED_SIGN_INS, anonymousPerMinute: 1_000_000 } });
});
afterAll(() => hub?.stop());

const OFFICES = "query Offices { employmentOffices { id } }";
const someone = () => user(Agency.EMPLOYMENT, "00000000-0000-4000-8000-000000000001", `rate-test-${randomUUID()}`);

async function send(url: string, authorization: string): Promise<{ status: number; retryAfter: string | null; code?: string }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: OFFICES }) });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), code: body.errors?.[0]?.extensions?.code };
}

const statuses = (answers: { status: number }[]) => answers.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

it("one user over the limit gets 429 with Retry-After; another user, asking at the same time, is answered every time", async () => {
  const flooding = `Bearer ${await hub.tokenFor(someone())}`;
  const other = `Bearer ${await hub.tokenFor(someone())}`;
  const [flood, calm] = await Promise.all([
    Promise.all(Array.from({ length: PER_USER + 10 }, () => send(hub.gateway.url, flooding))),
    (async () => {
      const answers = [];
      for (let index = 0; index < 10; index += 1) answers.push(await send(hub.gateway.url, other));
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
  const garbage = await Promise.all(Array.from({ length: FAILED_SIGN_INS + 5 }, (_, index) => send(hub.gateway.url, `Bearer garbage-${index}`)));
  expect(statuses(garbage)).toEqual({ 401: FAILED_SIGN_INS, 429: 5 });
  expect(garbage.find((answer) => answer.status === 429)!.retryAfter).toMatch(/^\d+$/);
  expect((await send(hub.gateway.url, `Bearer ${await hub.tokenFor(someone())}`)).status).toBe(200);
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
    for (let index = 0; index < 12; index += 1) answers.push(await send(gateways[index % 2].url, token));
    expect(statuses(answers)).toEqual({ 200: 10, 429: 2 });
  });
});
