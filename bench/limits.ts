import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoUuid } from "../shared/demo-data";
import { scaleData } from "../shared/scale-data";
import { seedDatabases } from "../scripts/seed";
import { contractOperation } from "../test/support/contract";
import { benchDatabases, startHubProcesses, treeCpu, type HubProcesses } from "./processes";
import { load } from "./support";

/**
 * `npm run bench:limits [-- --participants N] [--seconds S] [--rounds R]`: what issue 12's
 * operation limits cost. Two hubs over the same PostgreSQL databases, each service in its own
 * process: one as deployed, one with `OPERATION_LIMITS=off` (its gateway and its five subgraphs).
 * After a warm-up pass, every round measures each operation on both, the order turning each round.
 * Two figures, medians of the rounds: requests/s with the limits over without (target ≥ 0.97), and
 * the CPU the hub spends per request (gateway and subgraphs) without over with — on a 2-core
 * machine whose every core the hub and the load share, the CPU ratio is the steadier one. Both gateways
 * count rate limits (with a limit no one reaches), so the ratio is the depth, alias, token,
 * directive and cost checks at the gateway and in every subgraph. Needs the machine's PostgreSQL
 * (the embedded databases belong to one process each).
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const PARTICIPANTS = Number(argument("--participants", "20000"));
const SECONDS = Number(argument("--seconds", "6"));
const ROUNDS = Number(argument("--rounds", "5"));
const CONNECTIONS = 10;

/** A gateway and its five subgraphs with the same settings; `OPERATION_LIMITS` as given. */
const startVariant = (limits: "on" | "off", base: NodeJS.ProcessEnv) => startHubProcesses({ ...base, OPERATION_LIMITS: limits, GATEWAY_PORT: "0" });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-limits-"));
  await benchDatabases({ reuse: false, prefix: "hub_bench_limits" });
  await seedDatabases({ participants: PARTICIPANTS, reset: true, dataDir });
  const base: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "false", RATE_LIMIT_USER_PER_MINUTE: "1000000" };
  const variants = { on: await startVariant("on", base), off: await startVariant("off", base) };

  const data = scaleData(PARTICIPANTS);
  const coordinator = demoUuid("scale:coordinator:5");
  const token = await mintDevToken(dataDir, { sub: "bench-coordinator", agency: "COORDINATION", unit: coordinator, roles: ["COORDINATOR"] });
  const someone = data.participants.find((person) => person.coordinatorId === coordinator && person.consentGrantedAt)!;
  const operations = [
    { name: "ParticipantView", body: { query: contractOperation("ParticipantView"), variables: { id: someone.id } } },
    { name: "Caseload (first: 50)", body: { query: contractOperation("Caseload"), variables: { first: 50 } } },
    { name: "Directory", body: { query: contractOperation("Directory") } },
  ];

  const hubCpu = (hub: HubProcesses) => [hub.gateway.child, ...hub.subgraphs.map((subgraph) => subgraph.child)].reduce((sum, child) => sum + treeCpu(child.pid!), 0);
  for (const operation of operations) for (const variant of ["on", "off"] as const) await load(variants[variant].url, token, operation.body, { seconds: 3, connections: CONNECTIONS });
  const measured = new Map<string, { rps: number; cpu: number }[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const operation of operations) {
      for (const variant of (round % 2 ? ["off", "on"] : ["on", "off"]) as ("on" | "off")[]) {
        const hub = variants[variant];
        await load(hub.url, token, operation.body, { seconds: 1, connections: CONNECTIONS });
        const before = hubCpu(hub);
        const result = await load(hub.url, token, operation.body, { seconds: SECONDS, connections: CONNECTIONS });
        const cpu = (hubCpu(hub) - before) / Math.max(1, result.requestsPerSecond * SECONDS);
        if (result.errors > 0) throw new Error(`${operation.name} with limits ${variant}: ${result.errors} errors; the comparison would mean nothing`);
        const key = `${operation.name}|${variant}`;
        measured.set(key, [...(measured.get(key) ?? []), { rps: result.requestsPerSecond, cpu }]);
        console.log(`round ${round + 1}  ${operation.name.padEnd(22)} limits ${variant.padEnd(3)} ${result.requestsPerSecond.toFixed(1)} requests/s  p99 ${result.p99} ms  hub CPU ${cpu.toFixed(2)} ms/request`);
      }
    }
  }
  variants.on.stop();
  variants.off.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const lines = [`${PARTICIPANTS} participants on PostgreSQL, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s, medians:`];
  for (const operation of operations) {
    const on = measured.get(`${operation.name}|on`)!;
    const off = measured.get(`${operation.name}|off`)!;
    const rps = { on: median(on.map((each) => each.rps)), off: median(off.map((each) => each.rps)) };
    const cpu = { on: median(on.map((each) => each.cpu)), off: median(off.map((each) => each.cpu)) };
    lines.push(
      `ratio ${operation.name} limits on/off: requests/s ${(rps.on / rps.off).toFixed(3)} (${rps.on.toFixed(1)} / ${rps.off.toFixed(1)}); ` +
        `CPU off/on ${(cpu.off / cpu.on).toFixed(3)} (${cpu.off.toFixed(2)} / ${cpu.on.toFixed(2)} ms per request) — target >= 0.97: ${rps.on / rps.off >= 0.97 ? "met" : "not met"} (requests/s), ${cpu.off / cpu.on >= 0.97 ? "met" : "not met"} (CPU)`,
    );
  }
  console.log(lines.join("\n"));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
