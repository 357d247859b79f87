import { startTestHub, type TestHub } from "./support/hub";
import { interposeThrough, OutageProxy } from "./support/outage-proxy";

/**
 * Issue 15: `/health` (the process lives) and `/ready` (it can serve) on the gateway and every
 * subgraph (shared/health.ts). CSD's database and CSD itself sit behind proxies that can cut them:
 * a subgraph whose database does not answer is not ready, and ready again once it answers; the
 * gateway is not ready while a subgraph is not, names it, and with `?partial=1` stays ready for the
 * agencies that still answer.
 */
let hub: TestHub;
const csdDatabase = new OutageProxy();
const csd = new OutageProxy();

interface Readiness {
  status: string;
  checks: Record<string, { ok: boolean; reason?: string; ms: number }>;
}

const probe = async (url: string, path: string) => {
  const response = await fetch(new URL(path, url));
  return { status: response.status, body: (await response.json()) as Readiness, cache: response.headers.get("cache-control") };
};
/** /ready until it answers `status` (readiness is kept READY_CACHE_MS), at most 5 s. */
async function readyTurns(url: string, path: string, status: number) {
  let answer = await probe(url, path);
  for (let attempt = 0; attempt < 50 && answer.status !== status; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await probe(url, path);
  }
  return answer;
}
const subgraphUrl = (name: string) => hub.subgraphs.find((subgraph) => subgraph.name === name)!.url;

beforeAll(async () => {
  await csdDatabase.start();
  await csd.start();
  hub = await startTestHub({ interposeDatabase: interposeThrough({ csd: csdDatabase }), interpose: interposeThrough({ csd }) });
});
afterAll(async () => {
  await hub?.stop();
  await csdDatabase.stop();
  await csd.stop();
});
afterEach(async () => {
  await csdDatabase.set("up");
  await csd.set("up");
});

it("answers /health and /ready on the gateway and every subgraph, without a token and uncached", async () => {
  for (const url of [hub.gateway.url, ...hub.subgraphs.map((subgraph) => subgraph.url)]) {
    expect(await probe(url, "/health")).toEqual({ status: 200, body: { status: "ok" }, cache: "no-store" });
    const ready = await probe(url, "/ready");
    expect({ url, status: ready.status, state: ready.body.status, failed: Object.entries(ready.body.checks).filter(([, check]) => !check.ok) }).toEqual({ url, status: 200, state: "ready", failed: [] });
  }
  expect(Object.keys((await probe(hub.gateway.url, "/ready")).body.checks).sort()).toEqual(hub.subgraphs.map((subgraph) => subgraph.name).sort());
  expect((await probe(subgraphUrl("employment"), "/ready")).body.checks).toEqual({ database: { ok: true, ms: expect.any(Number) } });
  const post = await fetch(new URL("/ready", hub.gateway.url), { method: "POST" });
  expect(post.status).toBe(405);
});

it("turns /ready false while a subgraph's database is cut off, and true again when it returns", async () => {
  await csdDatabase.set("refuse");
  const down = await readyTurns(subgraphUrl("csd"), "/ready", 503);
  expect(down.status).toBe(503);
  expect(down.body.status).toBe("not ready");
  expect(down.body.checks.database.ok).toBe(false);
  expect(down.body.checks.database.reason).not.toMatch(/postgres(ql)?:\/\//);
  // The subgraph process itself still lives.
  expect((await probe(subgraphUrl("csd"), "/health")).status).toBe(200);
  // The gateway is not ready and says which subgraph and why; partly ready for the others.
  const gateway = await readyTurns(hub.gateway.url, "/ready", 503);
  expect({ status: gateway.status, csd: gateway.body.checks.csd.ok, employment: gateway.body.checks.employment.ok }).toEqual({ status: 503, csd: false, employment: true });
  expect(gateway.body.checks.csd.reason).toMatch(/^database: /);
  const partial = await probe(hub.gateway.url, "/ready?partial=1");
  expect([partial.status, partial.body.status]).toEqual([200, "partly ready"]);

  await csdDatabase.set("up");
  const back = await readyTurns(subgraphUrl("csd"), "/ready", 200);
  expect([back.status, back.body.status]).toEqual([200, "ready"]);
  expect((await readyTurns(hub.gateway.url, "/ready", 200)).status).toBe(200);
});

it("counts a subgraph that does not answer at all as not ready at the gateway", async () => {
  await csd.set("refuse");
  const gateway = await readyTurns(hub.gateway.url, "/ready", 503);
  expect([gateway.status, gateway.body.checks.csd.ok, gateway.body.checks.csd.reason]).toEqual([503, false, "does not answer (connection refused)"]);
  await csd.set("up");
  expect((await readyTurns(hub.gateway.url, "/ready", 200)).status).toBe(200);
});

it("answers a flood of probes with one round of checks, and stays right (red team: 512 at once failed healthy subgraphs)", async () => {
  const before = hub.subgraphs.reduce((sum, subgraph) => sum + subgraph.database.statements.count, 0);
  const answers = await Promise.all(Array.from({ length: 300 }, () => probe(hub.gateway.url, "/ready")));
  expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
  // Each subgraph's /ready runs one statement per round; 300 probes within a second or two make a round or two, not 300.
  const statements = hub.subgraphs.reduce((sum, subgraph) => sum + subgraph.database.statements.count, 0) - before;
  expect(statements).toBeLessThanOrEqual(hub.subgraphs.length * 5);
});
