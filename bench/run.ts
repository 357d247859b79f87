import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoUuid } from "../shared/demo-data";
import type { Caller } from "../shared/context";
import { scaleData } from "../shared/scale-data";
import { startSubgraph, type RunningSubgraph } from "../shared/subgraph";
import { SUBGRAPHS } from "../subgraphs";
import { seedDatabases } from "../scripts/seed";
import { contractOperation } from "../test/support/contract";

/**
 * `npm run bench [-- --embedded] [--participants N] [--seconds S]`: the hub under load on a
 * national-scale data set. The subgraphs run in this process (so their requests and SQL statements
 * can be counted), the gateway in its own (so its CPU and memory can be read from /proc). For each
 * contract operation, at 10 and 50 connections after a warm-up: requests/s, p50, p99, errors,
 * gateway CPU ms per request, subgraph requests and SQL statements per request, peak gateway RSS.
 * Writes bench/results/<date>.md. Not part of `npm test`.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const EMBEDDED = process.argv.includes("--embedded");
const PARTICIPANTS = Number(argument("--participants", EMBEDDED ? "20000" : "100000"));
const SECONDS = Number(argument("--seconds", "10"));
const CONNECTIONS = [10, 50];
const ROOT = path.resolve(__dirname, "..");

async function prepareDatabases(): Promise<void> {
  if (EMBEDDED) return;
  const server = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (const { name } of SUBGRAPHS) {
    const database = `hub_bench_${name.replace(/-/g, "_")}`;
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(server);
    url.pathname = `/${database}`;
    process.env[`${name.toUpperCase().replace(/-/g, "_")}_DATABASE_URL`] = url.toString();
  }
  await admin.end();
}

function cpuMilliseconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

interface Operation {
  name: string;
  /** A request body and the token to send it with; called for every request (Enrol needs a new person each time). */
  next(): { body: string; token: string };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  await prepareDatabases();
  const seeding = Date.now();
  await seedDatabases({ participants: PARTICIPANTS, reset: true, dataDir });
  console.log(`${PARTICIPANTS} participants seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s on ${EMBEDDED ? "embedded PGlite" : "PostgreSQL"}`);

  const gatewayPort = 4800 + Math.floor(Math.random() * 100);
  const subgraphs: RunningSubgraph[] = [];
  for (const definition of SUBGRAPHS) {
    subgraphs.push(
      await startSubgraph(definition, {
        dataDir,
        demoData: false,
        port: 0,
        gatewayUrl: () => `http://127.0.0.1:${gatewayPort}/graphql`,
        peers: SUBGRAPHS.map((peer) => peer.name),
        peerUrl: (name) => subgraphs.find((subgraph) => subgraph.name === name)?.url,
      }),
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, GATEWAY_PORT: String(gatewayPort), NODE_OPTIONS: "" };
  for (const subgraph of subgraphs) env[`${subgraph.name.toUpperCase().replace(/-/g, "_")}_URL`] = subgraph.url;
  const gateway: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "gateway"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => gateway.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
  const url = `http://127.0.0.1:${gatewayPort}/graphql`;

  const data = scaleData(PARTICIPANTS);
  const token = (caller: Caller) => mintDevToken(dataDir, caller);
  const coordinator = demoUuid("scale:coordinator:5");
  const asCoordinator = await token({ sub: "bench-coordinator", agency: "COORDINATION", unit: coordinator, roles: ["COORDINATOR"] });
  const someone = data.participants.find((person) => person.coordinatorId === coordinator && person.consentGrantedAt)!;
  const run = data.runs.find((candidate) => candidate.id === demoUuid("scale:run:3"))!;
  const providerOf = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((candidate) => candidate.id === runId)!.programmeId)!.providerId;
  const providerTokens = new Map<string, string>();
  for (const provider of data.providers) providerTokens.set(provider.id, await token({ sub: "bench-provider", agency: "PROVIDER", unit: provider.id, roles: ["PROVIDER_STAFF"] }));
  const pending = data.referrals.filter((referral) => referral.status === "PENDING");
  let nextEnrolment = 0;
  const today = data.anchor;

  const fixed = (query: string, variables: object, bearer: string): Operation["next"] => {
    const body = JSON.stringify({ query, variables });
    return () => ({ body, token: bearer });
  };
  const operations: Operation[] = [
    { name: "ParticipantView", next: fixed(contractOperation("ParticipantView"), { id: someone.id }, asCoordinator) },
    { name: "Caseload (first: 50)", next: fixed(contractOperation("Caseload"), { first: 50 }, asCoordinator) },
    { name: "RunRoster", next: fixed(contractOperation("RunRoster"), { runId: run.id }, providerTokens.get(providerOf(run.id))!) },
    {
      name: "Enrol",
      next: () => {
        const referral = pending[nextEnrolment++ % pending.length];
        return { body: JSON.stringify({ query: contractOperation("Enrol"), variables: { runId: referral.runId, participantId: referral.participantId, enrolledOn: today } }), token: providerTokens.get(providerOf(referral.runId))! };
      },
    },
  ];

  const rows: string[] = [];
  for (const operation of operations) {
    for (const connections of CONNECTIONS) {
      let refused = 0;
      const requestsFor = (seconds: number) =>
        autocannon({
          url,
          method: "POST",
          connections,
          duration: seconds,
          requests: [
            {
              setupRequest: (request) => {
                const { body, token: bearer } = operation.next();
                return { ...request, body, headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` } };
              },
              // A FORBIDDEN field is the policy working; any other error in an answer counts as an error.
              onResponse: (_status: number, body: string) => {
                const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
                if (errors.some((error) => error.extensions?.code !== "FORBIDDEN")) refused += 1;
              },
            },
          ],
        });
      await requestsFor(2);
      refused = 0;
      const before = { cpu: cpuMilliseconds(gateway.pid!), requests: subgraphs.reduce((sum, s) => sum + s.requests.count, 0), statements: subgraphs.reduce((sum, s) => sum + s.database.statements.count, 0) };
      const result = await requestsFor(SECONDS);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const total = result.requests.total || 1;
      const row = {
        operation: operation.name,
        connections,
        rps: result.requests.average.toFixed(1),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.non2xx + refused,
        cpu: ((cpuMilliseconds(gateway.pid!) - before.cpu) / total).toFixed(2),
        subgraphRequests: ((subgraphs.reduce((sum, s) => sum + s.requests.count, 0) - before.requests) / total).toFixed(1),
        statements: ((subgraphs.reduce((sum, s) => sum + s.database.statements.count, 0) - before.statements) / total).toFixed(1),
        rss: peakRssMb(gateway.pid!).toFixed(0),
      };
      const line = `| ${row.operation} | ${row.connections} | ${row.rps} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.cpu} | ${row.subgraphRequests} | ${row.statements} | ${row.rss} |`;
      console.log(line);
      rows.push(line);
    }
  }
  gateway.kill("SIGTERM");
  for (const subgraph of subgraphs) await subgraph.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const versions = ["@apollo/gateway", "@apollo/server", "graphql", "typeorm", "pg", "@electric-sql/pglite"].map(
    (name) => `${name} ${JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version}`,
  );
  const report = [
    `# Benchmark ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${versions.join(", ")}.`,
    `Data: ${PARTICIPANTS} participants (npm run seed -- --participants ${PARTICIPANTS}) on ${EMBEDDED ? "embedded PGlite" : "PostgreSQL"}; ${SECONDS} s per cell after a 2 s warm-up; gateway in its own process, subgraphs and load generator in another.`,
    "",
    "| operation | connections | requests/s | p50 ms | p99 ms | errors | gateway CPU ms/request | subgraph requests/request | SQL statements/request | peak gateway RSS MB |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "Not yet measured in the same run: the monolith baseline and Hive Gateway (issue 6).",
    "",
  ].join("\n");
  const results = path.join(ROOT, "bench", "results");
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `${new Date().toISOString().slice(0, 10)}.md`), report);
  console.log(`Written to bench/results/${new Date().toISOString().slice(0, 10)}.md`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
