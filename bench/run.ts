import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoUuid } from "../shared/demo-data";
import type { Caller } from "../shared/context";
import { scaleData } from "../shared/scale-data";
import { seedDatabases } from "../scripts/seed";
import { contractOperation } from "../test/support/contract";
import { benchDatabases, cpuMilliseconds, peakRssMb, startService, startSubgraphProcesses, treeCpu } from "./processes";

/**
 * `npm run bench [-- --embedded] [--participants N] [--seconds S] [--connections 10,20,50] [--only Caseload] [--reuse]`:
 * the hub under load on a national-scale data set, side by side with two baselines in the same run
 * on the same data and subgraphs:
 * - monolith: one process answering the same operations with hand-written SQL (bench/monolith.ts),
 *   the lower bound of cost;
 * - hive: Hive Gateway with the Rust query planner over our subgraphs and committed supergraph
 *   (bench/hive-gateway.ts), the strongest peer gateway that runs here;
 * - ours: the hub's gateway (scripts/start.ts gateway), GATEWAY_WORKERS as set in the environment.
 * Every service runs in its own process, the load generator in this one; CPU and peak memory are
 * read from /proc, subgraph requests and SQL statements from the subgraphs themselves. Before the
 * load, each read operation's answer from every server is compared with ours. Prints the table and
 * the ratio lines, and writes bench/results/<date>.md. Not part of `npm test`.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const EMBEDDED = process.argv.includes("--embedded");
const PARTICIPANTS = Number(argument("--participants", EMBEDDED ? "20000" : "100000"));
const SECONDS = Number(argument("--seconds", "8"));
const WARM_UP_SECONDS = 2;
const CONNECTIONS = argument("--connections", "10,20,50").split(",").map(Number);
/** Profiling aid: keep the databases of the previous run instead of seeding again (PostgreSQL only; Enrol runs out of referrals). */
const REUSE = process.argv.includes("--reuse") && !EMBEDDED;
const ONLY = argument("--only", "");
const ROOT = path.resolve(__dirname, "..");

/**
 * PostgreSQL's CPU by process: the server and its connections. Connections come and go with the
 * pools, and a connection that ends during a cell takes its CPU with it: a lower bound.
 */
function postgresCpu(): Map<number, number> {
  const byProcess = new Map<number, number>();
  if (EMBEDDED) return byProcess;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").startsWith("postgres")) byProcess.set(Number(entry), cpuMilliseconds(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byProcess;
}
const postgresCpuSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, cpu]) => sum + cpu - (before.get(pid) ?? 0), 0);
interface Server {
  name: "monolith" | "hive" | "ours";
  label: string;
  url: string;
  child: ChildProcess;
}

interface Operation {
  name: string;
  /** The operation of the contract whose answers are compared across servers (reads only). */
  compare: boolean;
  /** Requests one cell may send (Enrol consumes a pending referral each); unlimited otherwise. */
  budget?: number;
  /** A request body and the token to send it with; called for every request (Enrol needs a new referral each time). */
  next(): { body: string; token: string };
}

interface Row {
  server: Server["name"];
  operation: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpu: number;
  subgraphCpu: number;
  postgresCpu: number;
  subgraphRequests: number;
  statements: number;
  rss: number;
  /** Subgraph CPU ms per request, by subgraph. */
  bySubgraph: Record<string, number>;
}

async function post(url: string, body: string, token: string): Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
  return (await response.json()) as { data?: unknown };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  if (!EMBEDDED) await benchDatabases({ reuse: REUSE, prefix: "hub_bench" });
  if (REUSE) {
    console.log(`Reusing the ${PARTICIPANTS} participants seeded by an earlier run`);
  } else {
    const seeding = Date.now();
    await seedDatabases({ participants: PARTICIPANTS, reset: true, dataDir });
    console.log(`${PARTICIPANTS} participants seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s on ${EMBEDDED ? "embedded PGlite" : "PostgreSQL"}`);
  }

  const gatewayPort = 4800 + Math.floor(Math.random() * 100);
  // One token sends every request of a cell: the per-user rate limit is counted, never reached.
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "false", GATEWAY_PORT: String(gatewayPort), RATE_LIMIT_USER_PER_MINUTE: "1000000" };
  const subgraphs = await startSubgraphProcesses(env);
  const servers: Server[] = [];
  // The monolith reads the agencies' databases itself; the embedded ones are each held by their subgraph's process.
  if (!EMBEDDED) {
    const monolith = await startService(["bench/monolith.ts"], { ...env, PORT: "0" });
    servers.push({ name: "monolith", label: "monolith (hand-written SQL, one process)", url: `http://127.0.0.1:${monolith.port}/graphql`, child: monolith.child });
  }
  const hive = await startService(["bench/hive-gateway.ts"], { ...env, PORT: "0" });
  servers.push({ name: "hive", label: "Hive Gateway + Rust planner", url: `http://127.0.0.1:${hive.port}/graphql`, child: hive.child });
  const ours = await startService(["scripts/start.ts", "gateway"], env);
  servers.push({ name: "ours", label: `our gateway (Apollo Gateway ${version("@apollo/gateway")}${process.env.GATEWAY_WORKERS ? `, ${process.env.GATEWAY_WORKERS} workers` : ""})`, url: `http://127.0.0.1:${ours.port}/graphql`, child: ours.child });

  const data = scaleData(PARTICIPANTS);
  const token = (caller: Caller) => mintDevToken(dataDir, caller);
  const coordinator = demoUuid("scale:coordinator:5");
  const asCoordinator = await token({ sub: "bench-coordinator", agency: "COORDINATION", unit: coordinator, roles: ["COORDINATOR"] });
  const someone = data.participants.find((person) => person.coordinatorId === coordinator && person.consentGrantedAt)!;
  const run = data.runs.find((candidate) => candidate.id === demoUuid("scale:run:3"))!;
  const providerOf = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((candidate) => candidate.id === runId)!.programmeId)!.providerId;
  const providerTokens = new Map<string, string>();
  for (const provider of data.providers) providerTokens.set(provider.id, await token({ sub: "bench-provider", agency: "PROVIDER", unit: provider.id, roles: ["PROVIDER_STAFF"] }));
  // Enrol: only referrals whose run still has a place (no cell is refused RUN_FULL because an
  // earlier one filled the run), in an order that mixes the runs, so every cell gets a like share.
  const taken = new Map<string, number>();
  for (const enrolment of data.enrolments) if (enrolment.status !== "LEFT_EARLY") taken.set(enrolment.runId, (taken.get(enrolment.runId) ?? 0) + 1);
  const freePlaces = new Map(data.runs.map((candidate) => [candidate.id, candidate.capacity - (taken.get(candidate.id) ?? 0)]));
  const pending = data.referrals
    .filter((referral) => referral.status === "PENDING")
    .filter((referral) => {
      const free = freePlaces.get(referral.runId) ?? 0;
      freePlaces.set(referral.runId, free - 1);
      return free > 0;
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  let nextEnrolment = 0;

  const fixed = (query: string, variables: object, bearer: string): Operation["next"] => {
    const body = JSON.stringify({ query, variables });
    return () => ({ body, token: bearer });
  };
  const operations: Operation[] = [
    { name: "ParticipantView", compare: true, next: fixed(contractOperation("ParticipantView"), { id: someone.id }, asCoordinator) },
    { name: "Caseload (first: 50)", compare: true, next: fixed(contractOperation("Caseload"), { first: 50 }, asCoordinator) },
    { name: "RunRoster", compare: true, next: fixed(contractOperation("RunRoster"), { runId: run.id }, providerTokens.get(providerOf(run.id))!) },
    {
      name: "Enrol",
      compare: false,
      // Every request enrols a different pending referral: the pool is shared out among the cells.
      budget: Math.floor(pending.length / (servers.length * CONNECTIONS.length)),
      next: () => {
        const referral = pending[nextEnrolment++ % pending.length];
        return {
          body: JSON.stringify({ query: contractOperation("Enrol"), variables: { runId: referral.runId, participantId: referral.participantId, enrolledOn: data.anchor } }),
          token: providerTokens.get(providerOf(referral.runId))!,
        };
      },
    },
  ].filter((operation) => operation.name.includes(ONLY));

  // The same answers from every server, or the comparison means nothing.
  const sameAnswers: string[] = [];
  for (const operation of operations.filter((candidate) => candidate.compare)) {
    const { body, token: bearer } = operation.next();
    const reference = await post(servers.find((server) => server.name === "ours")!.url, body, bearer);
    for (const server of servers.filter((candidate) => candidate.name !== "ours")) {
      const answer = await post(server.url, body, bearer);
      const same = isDeepStrictEqual(answer.data, reference.data);
      sameAnswers.push(`${operation.name}: ${server.name} ${same ? "gives the same data as ours" : "DIFFERS from ours"}`);
      if (!same) console.error(`${server.name} answers ${operation.name} differently:\n${JSON.stringify(answer).slice(0, 2000)}\nours:\n${JSON.stringify(reference).slice(0, 2000)}`);
    }
  }
  sameAnswers.forEach((line) => console.log(line));

  const totals = async () => {
    const counters = await Promise.all(subgraphs.map((subgraph) => subgraph.counters()));
    return {
      requests: counters.reduce((sum, each) => sum + each.requests, 0),
      statements: counters.reduce((sum, each) => sum + each.statements, 0),
      subgraphCpu: subgraphs.reduce((sum, each) => sum + cpuMilliseconds(each.child.pid!), 0),
      bySubgraph: subgraphs.map((each) => cpuMilliseconds(each.child.pid!)),
      postgres: postgresCpu(),
    };
  };
  const rows: Row[] = [];
  const errorsSeen: string[] = [];
  console.log(HEADER.join("\n"));
  for (const operation of operations) {
    for (const [round, connections] of CONNECTIONS.entries()) {
      // Who goes first turns with each round, so that no server always meets the warmest (or the most written-to) databases.
      for (const server of [...servers.slice(round % servers.length), ...servers.slice(0, round % servers.length)]) {
        let refused = 0;
        let firstError: string | undefined;
        const requestsFor = (seconds: number, amount?: number) =>
          autocannon({
            url: server.url,
            method: "POST",
            connections,
            duration: seconds,
            ...(amount ? { amount } : {}),
            requests: [
              {
                setupRequest: (request) => {
                  const { body, token: bearer } = operation.next();
                  return { ...request, body, headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` } };
                },
                // A FORBIDDEN field is the policy working; any other error in an answer counts as an error.
                onResponse: (status: number, body: string) => {
                  let errors: { message?: string; extensions?: { code?: string } }[] = [];
                  try {
                    errors = (JSON.parse(body) as { errors?: typeof errors }).errors ?? [];
                  } catch {
                    errors = [{ message: `HTTP ${status}: ${body.slice(0, 200)}` }];
                  }
                  const unexpected = errors.find((error) => error.extensions?.code !== "FORBIDDEN");
                  if (!unexpected) return;
                  refused += 1;
                  firstError ??= `${unexpected.extensions?.code ?? "no code"}: ${String(unexpected.message).slice(0, 200)}`;
                },
              },
            ],
          });
        const warmUp = operation.budget ? Math.min(100, Math.floor(operation.budget / 5)) : undefined;
        await requestsFor(WARM_UP_SECONDS, warmUp);
        refused = 0;
        firstError = undefined;
        const before = { ...(await totals()), serverCpu: treeCpu(server.child.pid!) };
        const result = await requestsFor(SECONDS, operation.budget ? operation.budget - warmUp! : undefined);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const after = { ...(await totals()), serverCpu: treeCpu(server.child.pid!) };
        const total = result.requests.total || 1;
        const row: Row = {
          server: server.name,
          operation: operation.name,
          connections,
          rps: total / (result.duration || SECONDS),
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx + refused,
          serverCpu: (after.serverCpu - before.serverCpu) / total,
          subgraphCpu: (after.subgraphCpu - before.subgraphCpu) / total,
          postgresCpu: postgresCpuSince(before.postgres, after.postgres) / total,
          subgraphRequests: (after.requests - before.requests) / total,
          statements: (after.statements - before.statements) / total,
          rss: peakRssMb(server.child.pid!),
          bySubgraph: Object.fromEntries(subgraphs.map((each, index) => [each.name, (after.bySubgraph[index] - before.bySubgraph[index]) / total])),
        };
        rows.push(row);
        console.log(line(row));
        if (firstError) errorsSeen.push(`${server.name}, ${operation.name}, ${connections} connections: ${row.errors} errors, the first: ${firstError}`);
      }
    }
  }

  for (const server of servers) server.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  for (const subgraph of subgraphs) subgraph.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  fs.rmSync(dataDir, { recursive: true, force: true });

  const ratios = ratioLines(rows);
  ratios.forEach((ratio) => console.log(ratio));
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Benchmark ${date}`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${[
      "@apollo/gateway",
      "@apollo/server",
      "@graphql-hive/gateway-runtime",
      "@graphql-hive/router-runtime",
      "graphql",
      "type-graphql",
      "typeorm",
      "pg",
      "@electric-sql/pglite",
    ]
      .map((name) => `${name} ${version(name)}`)
      .join(", ")}.`,
    `Data: ${PARTICIPANTS} participants (npm run seed -- --participants ${PARTICIPANTS}) on ${EMBEDDED ? "embedded PGlite" : "PostgreSQL"}; ${SECONDS} s per cell after a ${WARM_UP_SECONDS} s warm-up (Enrol: a fixed share of the pending referrals per cell); every service in its own process, the load generator in another, all on the same ${os.cpus().length} cores.`,
    "",
    "Servers:",
    ...servers.map((server) => `- ${server.name}: ${server.label}`),
    ...(EMBEDDED ? ["- monolith: not run on the embedded default (each embedded database belongs to its subgraph's process); run without --embedded"] : []),
    "",
    "Answers compared before the load:",
    ...sameAnswers.map((answer) => `- ${answer}`),
    "",
    ...HEADER,
    ...rows.map(line),
    "",
    ...(errorsSeen.length ? ["Errors seen (a FORBIDDEN field is not one):", "", ...errorsSeen.map((seen) => `- ${seen}`), ""] : []),
    "Server CPU is the gateway's (or the monolith's) own; subgraph CPU is the five subgraph processes' together. The monolith sends no subgraph requests; its SQL is not counted. PostgreSQL CPU is the database server's (all four databases), for whichever server is under load.",
    "",
    "Our hub's subgraph CPU ms per request at 10 connections, by subgraph:",
    "",
    `| operation | ${subgraphs.map((each) => each.name).join(" | ")} |`,
    `|---|${subgraphs.map(() => "---").join("|")}|`,
    ...rows
      .filter((row) => row.server === "ours" && row.connections === 10)
      .map((row) => `| ${row.operation} | ${subgraphs.map((each) => row.bySubgraph[each.name].toFixed(2)).join(" | ")} |`),
    "",
    "```",
    ...ratios,
    "```",
    "",
  ].join("\n");
  const results = path.join(ROOT, "bench", "results");
  fs.mkdirSync(results, { recursive: true });
  fs.writeFileSync(path.join(results, `${date}.md`), report);
  console.log(`Written to bench/results/${date}.md`);
}

const version = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;

const HEADER = [
  "| server | operation | connections | requests/s | p50 ms | p99 ms | errors | server CPU ms/request | subgraph CPU ms/request | PostgreSQL CPU ms/request | subgraph requests/request | SQL statements/request | peak server RSS MB |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];
const line = (row: Row) =>
  `| ${row.server} | ${row.operation} | ${row.connections} | ${row.rps.toFixed(1)} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.serverCpu.toFixed(2)} | ${row.subgraphCpu.toFixed(2)} | ${EMBEDDED ? "—" : row.postgresCpu.toFixed(2)} | ${row.server === "monolith" ? "—" : row.subgraphRequests.toFixed(1)} | ${row.server === "monolith" ? "—" : row.statements.toFixed(1)} | ${row.rss.toFixed(0)} |`;

/** The ratios the issue asks for (requests/s at 10 connections), then where we stand on each target. */
function ratioLines(rows: Row[]): string[] {
  const cell = (server: Row["server"], operation: string, connections = 10) => rows.find((row) => row.server === server && row.operation.startsWith(operation) && row.connections === connections);
  const ratio = (a?: Row, b?: Row) => (a && b ? (a.rps / b.rps).toFixed(2) : "not measured");
  const lines: string[] = [];
  for (const operation of ["ParticipantView", "Caseload", "RunRoster", "Enrol"]) {
    const key = operation.toLowerCase();
    lines.push(`ratio ${key} gateway/monolith: ${ratio(cell("ours", operation), cell("monolith", operation))}`);
    lines.push(`ratio ${key} ours/hive: ${ratio(cell("ours", operation), cell("hive", operation))}`);
  }
  const caseload = cell("ours", "Caseload");
  const view20 = cell("ours", "ParticipantView", 20);
  const verdict = (met: boolean | undefined) => (met === undefined ? "not measured" : met ? "met" : "not met");
  const peakRss = Math.max(0, ...rows.filter((row) => row.server === "ours").map((row) => row.rss));
  lines.push(
    `target caseload gateway/monolith >= 0.33: ${verdict(caseload && cell("monolith", "Caseload") ? caseload.rps / cell("monolith", "Caseload")!.rps >= 1 / 3 : undefined)}`,
    `target caseload ours/hive >= 1: ${verdict(caseload && cell("hive", "Caseload") ? caseload.rps >= cell("hive", "Caseload")!.rps : undefined)}`,
    `target caseload gateway CPU <= 1.5 ms: ${verdict(caseload ? caseload.serverCpu <= 1.5 : undefined)} (${caseload?.serverCpu.toFixed(2) ?? "—"} ms)`,
    `target participantview p99 < 50 ms at 20 connections: ${verdict(view20 ? view20.p99 < 50 : undefined)} (${view20?.p99 ?? "—"} ms)`,
    `target gateway RSS < 300 MB under load: ${verdict(rows.some((row) => row.server === "ours") ? peakRss < 300 : undefined)} (${peakRss.toFixed(0)} MB)`,
  );
  return lines;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
