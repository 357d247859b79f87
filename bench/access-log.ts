import fs from "node:fs";
import path from "node:path";
import { demoData } from "../shared/demo-data";
import { Agency } from "../shared/enums";
import { contractOperation } from "../test/support/contract";
import { database, load, startBenchHub, type LoadResult } from "./support";

/**
 * `npm run bench:access-log`: requests per second of ParticipantView with the access log on, as a
 * ratio to the same run with it off (target: at least 0.8). Each mode runs twice, alternating,
 * after a warm-up, on a fresh hub with the demo data. Not part of `npm test`.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;

async function measure(mode: "on" | "off"): Promise<LoadResult> {
  process.env.ACCESS_LOG = mode;
  const bench = await startBenchHub();
  try {
    const data = demoData();
    const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt && candidate.stage === "ENROLLED")!;
    const token = await bench.token({ sub: "bench-coordinator", agency: Agency.COORDINATION, unit: person.coordinatorId!, roles: ["COORDINATOR"] });
    const body = { query: contractOperation("ParticipantView"), variables: { id: person.id }, operationName: "ParticipantView" };
    await load(bench.hub.gateway.url, token, body, { seconds: 2, connections: CONNECTIONS });
    const result = await load(bench.hub.gateway.url, token, body, { seconds: SECONDS, connections: CONNECTIONS });
    // Let the requests still in flight when the clock stopped finish before the hub goes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return result;
  } finally {
    await bench.stop();
    delete process.env.ACCESS_LOG;
  }
}

async function main() {
  const runs: { mode: "on" | "off"; result: LoadResult }[] = [];
  for (const mode of ["off", "on", "off", "on"] as const) {
    runs.push({ mode, result: await measure(mode) });
    console.log(`access log ${mode.padEnd(3)}: ${runs.at(-1)!.result.requestsPerSecond.toFixed(1)} req/s, p50 ${runs.at(-1)!.result.p50} ms, p99 ${runs.at(-1)!.result.p99} ms, errors ${runs.at(-1)!.result.errors}`);
  }
  const mean = (mode: "on" | "off") => runs.filter((run) => run.mode === mode).reduce((sum, run) => sum + run.result.requestsPerSecond, 0) / 2;
  const ratio = mean("on") / mean("off");
  const line = `ParticipantView, ${CONNECTIONS} connections, ${SECONDS} s × 2 per mode, ${database()}: log off ${mean("off").toFixed(1)} req/s, log on ${mean("on").toFixed(1)} req/s, ratio on/off ${ratio.toFixed(2)} (target ≥ 0.80)`;
  console.log(line);
  const results = path.resolve(__dirname, "results");
  fs.mkdirSync(results, { recursive: true });
  fs.appendFileSync(path.join(results, "access-log.md"), `- ${new Date().toISOString().slice(0, 10)}: ${line}\n`);
  if (runs.some((run) => run.result.errors > 0)) {
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
