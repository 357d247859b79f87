import fs from "node:fs";
import path from "node:path";
import { CHAINED_APPEND } from "../shared/audit/access-log.migration";
import { appendWaits } from "../shared/audit/recorder";
import { demoData } from "../shared/demo-data";
import { Agency } from "../shared/enums";
import { contractOperation } from "../test/support/contract";
import { database, load, startBenchHub, type LoadResult } from "./support";

/**
 * `npm run bench:access-log`: ParticipantView requests per second with the access log on, as a
 * ratio to the same run with it off, at 20 and 50 connections (issue 16's target: at least 0.9),
 * and with the first version's append put back (one lock per subgraph: the queue issue 16 removed),
 * and how long a request waits for its records to be written (each flush's INSERT, in the
 * subgraphs). Each mode runs `BENCH_ROUNDS` (3) times per level, the order turning each round
 * (off-on, on-off, …), each after a warm-up on a fresh hub with the demo data; medians compared; on PostgreSQL when <NAME>_DATABASE_URLs are set (the embedded
 * PGlite has one connection, which serialises everything anyway). Not part of `npm test`.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LEVELS = (process.env.BENCH_CONNECTIONS ?? "20,50").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
};

type Mode = "off" | "on" | "queue";

/** The first version's append, one lock per subgraph, put back for the "before" figure. */
async function restoreQueue(bench: Awaited<ReturnType<typeof startBenchHub>>): Promise<void> {
  for (const subgraph of bench.hub.subgraphs) {
    const db = subgraph.database.dataSource;
    await db.query(`DROP TRIGGER access_log_seal ON access_log`);
    await db.query(`DROP FUNCTION IF EXISTS access_log_chain()`);
    await db.query(CHAINED_APPEND);
    await db.query(`CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_chain()`);
  }
}

async function measure(mode: Mode, connections: number): Promise<LoadResult & { waits: number[] }> {
  process.env.ACCESS_LOG = mode === "off" ? "off" : "on";
  const bench = await startBenchHub();
  try {
    if (mode === "queue") await restoreQueue(bench);
    const data = demoData();
    const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt && candidate.stage === "ENROLLED")!;
    const token = await bench.token({ sub: "bench-coordinator", agency: Agency.COORDINATION, unit: person.coordinatorId!, roles: ["COORDINATOR"] });
    const body = { query: contractOperation("ParticipantView"), variables: { id: person.id }, operationName: "ParticipantView" };
    await load(bench.hub.gateway.url, token, body, { seconds: 2, connections });
    appendWaits.reset();
    const result = await load(bench.hub.gateway.url, token, body, { seconds: SECONDS, connections });
    const waits = appendWaits.samples();
    // Let the requests still in flight when the clock stopped finish before the hub goes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return { ...result, waits };
  } finally {
    await bench.stop();
    delete process.env.ACCESS_LOG;
  }
}

async function main() {
  const lines: string[] = [];
  let failed = false;
  for (const connections of LEVELS) {
    const runs: { mode: Mode; result: LoadResult & { waits: number[] } }[] = [];
    const turns: Mode[][] = [["off", "on", "queue"], ["on", "queue", "off"], ["queue", "off", "on"]];
    const order = Array.from({ length: ROUNDS }, (_, round) => turns[round % turns.length]).flat();
    for (const mode of order) {
      const result = await measure(mode, connections);
      runs.push({ mode, result });
      failed ||= result.errors > 0;
      console.log(`${connections} connections, access log ${mode.padEnd(5)}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}`);
    }
    const mean = (mode: Mode) => percentile(runs.filter((run) => run.mode === mode).map((run) => run.result.requestsPerSecond), 0.5);
    const wait = (mode: Mode) => {
      const waits = runs.filter((run) => run.mode === mode).flatMap((run) => run.result.waits);
      return `${percentile(waits, 0.5).toFixed(2)} ms median, ${percentile(waits, 0.99).toFixed(2)} ms p99 (${waits.length} writes)`;
    };
    lines.push(
      `ParticipantView, ${connections} connections, ${SECONDS} s × ${ROUNDS} rounds per mode (medians), ${database()}: log off ${mean("off").toFixed(1)} req/s, log on ${mean("on").toFixed(1)} req/s, ratio on/off ${(mean("on") / mean("off")).toFixed(2)} (target ≥ 0.90); the first version's queue ${mean("queue").toFixed(1)} req/s, ratio ${(mean("queue") / mean("off")).toFixed(2)}; a request waits for its records ${wait("on")} (queue: ${wait("queue")})`,
    );
    console.log(lines.at(-1));
  }
  const results = path.resolve(__dirname, "results");
  fs.mkdirSync(results, { recursive: true });
  fs.appendFileSync(path.join(results, "access-log.md"), lines.map((line) => `- ${new Date().toISOString().slice(0, 10)}: ${line}\n`).join(""));
  if (failed) {
    console.error("Some requests failed: the figures are not comparable");
    process.exit(1);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
