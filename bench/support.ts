import autocannon from "autocannon";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mintDevToken } from "../shared/auth/dev-token";
import type { Caller } from "../shared/context";
import { startHub, type RunningHub } from "../scripts/hub";
import { resetDatabases } from "../test/support/hub";

/** Shared pieces of the benchmarks: a hub on fresh demo data, and a fixed-duration load. */
export interface BenchHub {
  hub: RunningHub;
  dataDir: string;
  token(caller: Caller): Promise<string>;
  stop(): Promise<void>;
}

/** A fresh hub: new embedded databases, or emptied PostgreSQL databases (`<NAME>_DATABASE_URL`). */
export async function startBenchHub(): Promise<BenchHub> {
  await resetDatabases();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  // One user sends every request of the load: the per-user rate limit (600 a minute) would answer most with 429.
  const hub = await startHub({ dataDir, demoData: true, ephemeralPorts: true, rateLimits: { perUserPerMinute: 1_000_000_000, failedSignInsPerMinute: 1_000_000_000, anonymousPerMinute: 1_000_000_000 } });
  return {
    hub,
    dataDir,
    token: (caller) => mintDevToken(dataDir, caller),
    async stop() {
      await hub.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * POSTs one GraphQL operation for `seconds` at `connections` connections. Errors: failed or non-2xx
 * responses and answers with an internal error (a FORBIDDEN field is the policy working, not an error).
 */
export async function load(url: string, token: string, body: object, { seconds, connections }: { seconds: number; connections: number }): Promise<LoadResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    setupClient(client) {
      client.on("body", (buffer: Buffer) => {
        if (buffer.includes("INTERNAL_SERVER_ERROR")) graphqlErrors += 1;
      });
    },
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + graphqlErrors,
  };
}

export const database = () => (process.env.COORDINATION_DATABASE_URL ? "PostgreSQL" : "embedded PGlite");
