import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import autocannon from "autocannon";
import { mintDevToken } from "../shared/auth/dev-token";
import { demoUuid } from "../shared/demo-data";
import type { Caller } from "../shared/context";
import { scaleData } from "../shared/scale-data";
import { seedDatabases } from "../scripts/seed";
import { contractOperation } from "../test/support/contract";
import { benchDatabases, cpuMilliseconds, rssMb, startService, startSubgraphProcesses, treeCpu, type SubgraphProcess } from "./processes";
import { PostgresMeter, STATEMENT_KINDS, type PostgresUse } from "./postgres-stats";
import { hotFunctions, monotonicMicroseconds, partsTable, type Window } from "./profile";
import { TABLE_END, TABLE_START, updateReadme } from "./readme";

/**
 * `npm run bench [-- --embedded] [--participants N] [--seconds S] [--rounds R] [--connections 10,20,50] [--only Caseload] [--no-profile] [--before FILE]`:
 * the hub under load on a national-scale data set, side by side with baselines in the same run on
 * the same data and subgraphs (issue 18, "a fair benchmark"):
 * - monolith: one process answering the same operations with hand-written SQL (bench/monolith.ts),
 *   the lower bound of cost; and monolith+log, the same writing the hub's access log
 *   (MONOLITH_ACCESS_LOG=on), so that ours/monolith+log is the cost of federation alone and
 *   ours/monolith the cost of everything;
 * - hive: Hive Gateway with the Rust query planner over our subgraphs and committed supergraph
 *   (bench/hive-gateway.ts), the strongest peer gateway that runs here;
 * - ours: the hub's gateway (scripts/start.ts gateway), GATEWAY_WORKERS as set in the environment.
 *
 * Fairness: every cell (operation × connections) is measured in R rounds (default 3), and the order
 * of the servers turns by one with every cell and every round, so that each server goes first as
 * often as the others; the tables give the median of the rounds. Subgraphs ask each other for case
 * teams directly (shared/hub-client.ts), never through a gateway: the other engines' CPU during a
 * cell is printed to show it. Before the load every read operation's answer from every server is
 * compared with ours, and a difference stops the run. Memory is the largest resident size sampled
 * during the cell (not a lifetime high-water mark); PostgreSQL's CPU is per database, from its
 * backends (bench/postgres-stats.ts), with the statements' execution time by kind where the server
 * loads pg_stat_statements.
 *
 * Where the time goes: first (unless --no-profile) the hub alone runs each read operation at 10
 * connections with every process under V8's CPU profiler (`--cpu-prof`), and the results file
 * breaks each process's CPU per request down by part of the stack (bench/profile.ts). The
 * breakdown of an earlier results file (--before, default the newest one that has one) is copied
 * in beside it. Writes bench/results/<date>.md. Not part of `npm test`.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const EMBEDDED = process.argv.includes("--embedded");
const PARTICIPANTS = Number(argument("--participants", EMBEDDED ? "20000" : "100000"));
const SECONDS = Number(argument("--seconds", "6"));
const ROUNDS = Number(argument("--rounds", "3"));
const WARM_UP_SECONDS = 2;
const CONNECTIONS = argument("--connections", "10,20,50").split(",").map(Number);
/** Profiling aid: keep the databases of the previous run instead of seeding again (PostgreSQL only; Enrol runs out of referrals). */
const REUSE = process.argv.includes("--reuse") && !EMBEDDED;
const PROFILE = !process.argv.includes("--no-profile");
const ONLY = argument("--only", "");
const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
const DATABASE_PREFIX = "hub_bench_";
/** How often a cell's resident memory is sampled, in ms. */
const RSS_SAMPLE_MS = 200;

type ServerName = "monolith" | "monolith+log" | "hive" | "ours";
interface Server {
  name: ServerName;
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

/** One server in one cell in one round. */
interface Sample {
  server: ServerName;
  operation: string;
  connections: number;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  serverCpu: number;
  subgraphCpu: number;
  /** CPU ms per request of the engines not under test (no call-backs through them: ~0). */
  otherEnginesCpu: number;
  postgres: PostgresUse;
  requests: number;
  subgraphRequests: number;
  statements: number;
  /** Largest resident size of the server (and its workers) sampled during the cell, MB. */
  rss: number;
  /** The same for the subgraph processes together, MB. */
  subgraphRss: number;
  /** Subgraph CPU ms per request, by subgraph. */
  bySubgraph: Record<string, number>;
}

/** The median of several numbers (the mean of the middle two for an even count). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A cell's rounds, as medians: each measure's median over the rounds, independently (memory: the largest). */
type Row = Omit<Sample, "round" | "postgres" | "requests" | "bySubgraph"> & {
  samples: Sample[];
  rpsRange: [number, number];
  /** PostgreSQL CPU ms per request, all databases together. */
  postgresCpu: number;
};

function rowOf(samples: Sample[]): Row {
  const of = (measure: (sample: Sample) => number) => median(samples.map(measure));
  const { server, operation, connections } = samples[0];
  return {
    server,
    operation,
    connections,
    samples,
    rps: of((sample) => sample.rps),
    rpsRange: [Math.min(...samples.map((sample) => sample.rps)), Math.max(...samples.map((sample) => sample.rps))],
    p50: of((sample) => sample.p50),
    p99: of((sample) => sample.p99),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    serverCpu: of((sample) => sample.serverCpu),
    subgraphCpu: of((sample) => sample.subgraphCpu),
    otherEnginesCpu: of((sample) => sample.otherEnginesCpu),
    postgresCpu: of((sample) => Object.values(sample.postgres.cpuByDatabase).reduce((sum, ms) => sum + ms, 0) / sample.requests),
    subgraphRequests: of((sample) => sample.subgraphRequests),
    statements: of((sample) => sample.statements),
    rss: Math.max(...samples.map((sample) => sample.rss)),
    subgraphRss: Math.max(...samples.map((sample) => sample.subgraphRss)),
  };
}

async function post(url: string, body: string, token: string): Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body });
  return (await response.json()) as { data?: unknown };
}

/** A GraphQL error other than a FORBIDDEN field (the policy working) in an answer, or undefined. */
function unexpectedError(status: number, body: string): string | undefined {
  let errors: { message?: string; extensions?: { code?: string } }[] = [];
  try {
    errors = (JSON.parse(body) as { errors?: typeof errors }).errors ?? [];
  } catch {
    return `HTTP ${status}: ${body.slice(0, 200)}`;
  }
  const unexpected = errors.find((error) => error.extensions?.code !== "FORBIDDEN");
  return unexpected ? `${unexpected.extensions?.code ?? "no code"}: ${String(unexpected.message).slice(0, 200)}` : undefined;
}

/** `operation` at `url` for `seconds` (or `amount` requests), counting answers with unexpected errors. */
async function loadOf(url: string, operation: Operation, connections: number, seconds: number, amount?: number) {
  let refused = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const result = await autocannon({
    url,
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
        onResponse: (status: number, body: string) => {
          const error = unexpectedError(status, body);
          if (!error) return;
          refused += 1;
          firstError ??= error;
        },
      },
    ],
  });
  // Wall time of the load: a cell that sends a fixed amount (Enrol) ends before its duration, and autocannon reports the duration asked for.
  return { result, refused, firstError, seconds: (performance.now() - started) / 1000 };
}

/** Samples the resident memory of some processes until stopped; the largest seen, in MB. */
function rssSampler(pids: () => number[]) {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, pids().reduce((sum, pid) => sum + rssMb(pid), 0));
    } catch {
      // a process ended meanwhile
    }
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

interface Setup {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  operations: Operation[];
}

/** Seeds the databases (unless --reuse) and prepares the operations, their tokens and Enrol's referrals. */
async function setUp(engines: number): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-bench-"));
  if (!EMBEDDED) await benchDatabases({ reuse: REUSE, prefix: DATABASE_PREFIX.slice(0, -1) });
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
      // Every request enrols a different pending referral: the pool is shared out among the cells and rounds.
      budget: Math.floor(pending.length / (engines * CONNECTIONS.length * ROUNDS)),
      next: () => {
        const referral = pending[nextEnrolment++ % pending.length];
        return {
          body: JSON.stringify({ query: contractOperation("Enrol"), variables: { runId: referral.runId, participantId: referral.participantId, enrolledOn: data.anchor } }),
          token: providerTokens.get(providerOf(referral.runId))!,
        };
      },
    },
  ].filter((operation) => operation.name.includes(ONLY));
  return { dataDir, env, operations };
}

/** Stops the servers, then the subgraphs, waiting up to a minute for each to exit (a profiled process writes its profile on the way out). */
const stopAll = async (servers: { child: ChildProcess }[], subgraphs: SubgraphProcess[]) => {
  const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  const within = (waiting: Promise<unknown>) => Promise.race([waiting, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  for (const server of servers) server.child.kill("SIGTERM");
  await within(Promise.all(servers.map((server) => exited(server.child))));
  for (const subgraph of subgraphs) subgraph.child.kill("SIGTERM");
  await within(Promise.all(subgraphs.map((subgraph) => exited(subgraph.child))));
};

/**
 * Where the time goes: the hub alone (five subgraphs and our gateway, each under V8's profiler),
 * each read operation for SECONDS at 10 connections after a warm-up; the samples of each
 * operation's measured stretch only, per process, by part of the stack. Returns the results file's section.
 */
async function profileHub(setup: Setup): Promise<string[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "hub-profile-"));
  const env = { ...setup.env, BENCH_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${directory}` };
  const previous = process.env.BENCH_NODE_ARGS;
  process.env.BENCH_NODE_ARGS = env.BENCH_NODE_ARGS;
  const subgraphs = await startSubgraphProcesses(env);
  const ours = await startService(["scripts/start.ts", "gateway"], env);
  if (previous === undefined) delete process.env.BENCH_NODE_ARGS;
  else process.env.BENCH_NODE_ARGS = previous;
  const url = `http://127.0.0.1:${ours.port}/graphql`;
  const windows: { operation: string; window: Window; requests: number }[] = [];
  for (const operation of setup.operations.filter((candidate) => candidate.compare)) {
    await loadOf(url, operation, 10, WARM_UP_SECONDS);
    const from = monotonicMicroseconds();
    const { result } = await loadOf(url, operation, 10, SECONDS);
    windows.push({ operation: operation.name, window: { from, to: monotonicMicroseconds() }, requests: result.requests.total || 1 });
  }
  const pids = new Map<number, string>([[ours.child.pid!, "gateway"], ...subgraphs.map((subgraph) => [subgraph.child.pid!, subgraph.name] as [number, string])]);
  await stopAll([ours], subgraphs);
  // One profile per thread: the main thread's is `CPU.<date>.<time>.<pid>.0.<n>.cpuprofile`.
  const profiles = fs
    .readdirSync(directory)
    .map((file) => ({ file, match: /^CPU\.\d+\.\d+\.(\d+)\.0\.\d+\.cpuprofile$/.exec(file) }))
    .filter(({ match }) => match && pids.has(Number(match[1])))
    .map(({ file, match }) => ({ name: pids.get(Number(match![1]))!, path: path.join(directory, file) }))
    .filter((profile) => !["community", "statistics"].includes(profile.name))
    .sort((a, b) => (a.name === "gateway" ? -1 : b.name === "gateway" ? 1 : a.name.localeCompare(b.name)));
  const lines = [
    "## Where the time goes",
    "",
    `Each read operation through our gateway alone, ${SECONDS} s at 10 connections after a ${WARM_UP_SECONDS} s warm-up, every process under V8's CPU profiler (\`node --cpu-prof\`, which itself costs some CPU: compare shares, not absolute numbers, with the tables below). Self time per request in ms, by part of the stack (bench/profile.ts), and its share of the process's CPU. "V8 built-ins" are JSON, promises and regular expressions called from any part; "Node.js" includes the socket writes of HTTP and of the PostgreSQL protocol.`,
    "",
  ];
  for (const { operation, window, requests } of windows) {
    lines.push(`### ${operation} (${requests} requests)`, "", ...partsTable(profiles, requests, window), "");
    lines.push("Our own functions with the most self time (ms per request):", "");
    for (const profile of profiles) {
      const hot = hotFunctions(profile.path, ROOT, window, 5).filter(([, ms]) => ms / requests >= 0.01);
      if (hot.length) lines.push(`- ${profile.name}: ${hot.map(([name, ms]) => `${name} ${(ms / requests).toFixed(2)}`).join("; ")}`);
    }
    lines.push("");
  }
  fs.rmSync(directory, { recursive: true, force: true });
  return lines;
}

async function main() {
  const setup = await setUp(EMBEDDED ? 2 : 4);
  const { env, operations, dataDir } = setup;
  const breakdown = PROFILE ? await profileHub(setup) : [];

  // Each subgraph's pool and each monolith's four pools hold up to 10 connections (shared/database.ts, bench/monolith.ts).
  const postgres = EMBEDDED ? undefined : await PostgresMeter.open(process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", DATABASE_PREFIX, 10 * (6 + 2 * 4));
  const subgraphs = await startSubgraphProcesses(env);
  const servers: Server[] = [];
  // The monolith reads the agencies' databases itself; the embedded ones are each held by their subgraph's process.
  if (!EMBEDDED) {
    const monolith = await startService(["bench/monolith.ts"], { ...env, PORT: "0" });
    servers.push({ name: "monolith", label: "monolith (hand-written SQL, one process, no access log)", url: `http://127.0.0.1:${monolith.port}/graphql`, child: monolith.child });
    const logged = await startService(["bench/monolith.ts"], { ...env, PORT: "0", MONOLITH_ACCESS_LOG: "on" });
    servers.push({ name: "monolith+log", label: "monolith writing the hub's access log (MONOLITH_ACCESS_LOG=on)", url: `http://127.0.0.1:${logged.port}/graphql`, child: logged.child });
  }
  const hive = await startService(["bench/hive-gateway.ts"], { ...env, PORT: "0" });
  servers.push({ name: "hive", label: "Hive Gateway + Rust planner", url: `http://127.0.0.1:${hive.port}/graphql`, child: hive.child });
  const ours = await startService(["scripts/start.ts", "gateway"], env);
  servers.push({ name: "ours", label: `our gateway (Apollo Gateway ${version("@apollo/gateway")}${process.env.GATEWAY_WORKERS ? `, ${process.env.GATEWAY_WORKERS} workers` : ""})`, url: `http://127.0.0.1:${ours.port}/graphql`, child: ours.child });

  // The same answers from every server, or the comparison means nothing: a difference stops the run.
  const sameAnswers: string[] = [];
  for (const operation of operations.filter((candidate) => candidate.compare)) {
    const { body, token: bearer } = operation.next();
    // Once to each first: a cold process's first answer may run out of its time budget (SUBGRAPH_UNAVAILABLE).
    for (const server of servers) await post(server.url, body, bearer);
    const reference = await post(servers.find((server) => server.name === "ours")!.url, body, bearer);
    for (const server of servers.filter((candidate) => candidate.name !== "ours")) {
      const answer = await post(server.url, body, bearer);
      if (!isDeepStrictEqual(answer.data, reference.data)) {
        throw new Error(`${server.name} answers ${operation.name} differently from ours: the comparison would mean nothing.\n${server.name}: ${JSON.stringify(answer).slice(0, 2000)}\nours: ${JSON.stringify(reference).slice(0, 2000)}`);
      }
      sameAnswers.push(`${operation.name}: ${server.name} gives the same data as ours`);
    }
  }
  sameAnswers.forEach((line) => console.log(line));

  const totals = async () => {
    const counters = await Promise.all(subgraphs.map((subgraph) => subgraph.counters()));
    return {
      requests: counters.reduce((sum, each) => sum + each.requests, 0),
      statements: counters.reduce((sum, each) => sum + each.statements, 0),
      bySubgraph: subgraphs.map((each) => cpuMilliseconds(each.child.pid!)),
      engines: servers.map((server) => treeCpu(server.child.pid!)),
    };
  };
  const samples: Sample[] = [];
  const errorsSeen: string[] = [];
  console.log(SAMPLE_HEADER);
  let cell = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const operation of operations) {
      for (const connections of CONNECTIONS) {
        // The order turns with every cell and every round: each server goes first, and meets the warmest (or the most written-to) databases, as often as the others.
        const turn = (cell++ + round) % servers.length;
        for (const server of [...servers.slice(turn), ...servers.slice(0, turn)]) {
          const warmUp = operation.budget ? Math.min(100, Math.floor(operation.budget / 5)) : undefined;
          await loadOf(server.url, operation, connections, WARM_UP_SECONDS, warmUp);
          const index = servers.indexOf(server);
          const before = await totals();
          await postgres?.start();
          const stopRss = rssSampler(() => [server.child.pid!]);
          const stopSubgraphRss = rssSampler(() => subgraphs.map((subgraph) => subgraph.child.pid!));
          const { result, refused, firstError, seconds } = await loadOf(server.url, operation, connections, SECONDS, operation.budget ? operation.budget - warmUp! : undefined);
          await new Promise((resolve) => setTimeout(resolve, 300));
          const rss = stopRss();
          const subgraphRss = stopSubgraphRss();
          const postgresUse = (await postgres?.stop()) ?? { cpuByDatabase: {}, statementsByDatabase: {}, callsByDatabase: {} };
          const after = await totals();
          const total = result.requests.total || 1;
          const sample: Sample = {
            server: server.name,
            operation: operation.name,
            connections,
            round,
            rps: total / seconds,
            p50: result.latency.p50,
            p99: result.latency.p99,
            errors: result.errors + result.non2xx + refused,
            serverCpu: (after.engines[index] - before.engines[index]) / total,
            subgraphCpu: subgraphs.reduce((sum, _each, at) => sum + after.bySubgraph[at] - before.bySubgraph[at], 0) / total,
            otherEnginesCpu: servers.reduce((sum, _each, at) => (at === index ? sum : sum + after.engines[at] - before.engines[at]), 0) / total,
            postgres: postgresUse,
            requests: total,
            subgraphRequests: (after.requests - before.requests) / total,
            statements: (after.statements - before.statements) / total,
            rss,
            subgraphRss,
            bySubgraph: Object.fromEntries(subgraphs.map((each, at) => [each.name, (after.bySubgraph[at] - before.bySubgraph[at]) / total])),
          };
          samples.push(sample);
          console.log(sampleLine(sample));
          if (firstError) errorsSeen.push(`${server.name}, ${operation.name}, ${connections} connections, round ${round}: ${sample.errors} errors, the first: ${firstError}`);
        }
      }
    }
  }

  await postgres?.close();
  await stopAll(servers, subgraphs);
  fs.rmSync(dataDir, { recursive: true, force: true });

  const rows: Row[] = [];
  for (const operation of operations)
    for (const connections of CONNECTIONS)
      for (const server of servers) {
        const ofCell = samples.filter((sample) => sample.server === server.name && sample.operation === operation.name && sample.connections === connections);
        if (ofCell.length) rows.push(rowOf(ofCell));
      }
  const ratios = ratioLines(rows);
  ratios.forEach((ratio) => console.log(ratio));
  const date = new Date().toISOString().slice(0, 10);
  const written = path.join(RESULTS, `${date}.md`);
  const before = beforeSection(written);
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
    `Data: ${PARTICIPANTS} participants (npm run seed -- --participants ${PARTICIPANTS}) on ${EMBEDDED ? "embedded PGlite" : "PostgreSQL"}${postgres?.statements ? " with pg_stat_statements" : ""}; ${ROUNDS} rounds of every cell, ${SECONDS} s each after a ${WARM_UP_SECONDS} s warm-up, the order of the servers turning with every cell and round; medians of the rounds (Enrol: a fixed share of the pending referrals per cell); every service in its own process, the load generator in another, all on the same ${os.cpus().length} cores.`,
    "",
    "Servers:",
    ...servers.map((server) => `- ${server.name}: ${server.label}`),
    ...(EMBEDDED ? ["- monolith: not run on the embedded default (each embedded database belongs to its subgraph's process); run without --embedded"] : []),
    "",
    "Answers compared before the load (a difference stops the run):",
    ...sameAnswers.map((answer) => `- ${answer}`),
    "",
    "```",
    ...ratios,
    "```",
    "",
    TABLE_START,
    ...readmeTable(rows),
    TABLE_END,
    "",
    "All cells:",
    "",
    ...ROW_HEADER,
    ...rows.map(rowLine),
    "",
    ...(errorsSeen.length ? ["Errors seen (a FORBIDDEN field is not one):", "", ...errorsSeen.map((seen) => `- ${seen}`), ""] : []),
    "Medians of the rounds; requests/s also as the lowest and highest round. Server CPU is the gateway's (or the monolith's) own; subgraph CPU is the subgraph processes' together; \"other engines\" is the CPU of the servers not under test during the cell, which stays near 0 because subgraphs call each other directly, never through a gateway. The monolith sends no subgraph requests; its SQL is not counted. PostgreSQL CPU is that of the server's backends (all the hub's databases, and its background processes), for whichever server is under load. RSS is the largest resident size sampled every 200 ms during the cell.",
    "",
    ...postgresTables(rows),
    "Our hub's subgraph CPU ms per request at 10 connections, by subgraph (median of the rounds):",
    "",
    `| operation | ${subgraphs.map((each) => each.name).join(" | ")} |`,
    `|---|${subgraphs.map(() => "---").join("|")}|`,
    ...rows
      .filter((row) => row.server === "ours" && row.connections === 10)
      .map((row) => `| ${row.operation} | ${subgraphs.map((each) => median(row.samples.map((sample) => sample.bySubgraph[each.name])).toFixed(2)).join(" | ")} |`),
    "",
    ...(breakdown.length ? [...breakdown, ""] : []),
    ...(before ? [`## Before: where the time went in ${path.basename(before.file)}`, "", ...before.lines, ""] : []),
  ].join("\n");
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(written, report);
  console.log(`Written to bench/results/${date}.md`);
  if (!process.argv.includes("--no-readme") && !ONLY && !EMBEDDED) {
    updateReadme(written);
    console.log("README.md's benchmark table regenerated from it");
  }
}

/**
 * The "Where the time goes" section of an earlier results file (--before FILE, else the newest
 * one in bench/results that has one, not the file being written), its headings one level down.
 */
function beforeSection(written: string): { file: string; lines: string[] } | undefined {
  const named = argument("--before", "");
  const candidates = named
    ? [path.resolve(named)]
    : fs
        .readdirSync(RESULTS)
        .filter((file) => file.endsWith(".md"))
        .map((file) => path.join(RESULTS, file))
        .filter((file) => file !== written)
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  for (const file of candidates) {
    const text = fs.readFileSync(file, "utf8");
    const start = text.indexOf("## Where the time goes");
    if (start < 0) continue;
    const end = text.indexOf("\n## ", start + 3);
    const section = text.slice(start, end < 0 ? undefined : end).split("\n").slice(1);
    return { file, lines: section.map((line) => (line.startsWith("### ") ? `#${line}` : line)) };
  }
  return undefined;
}

/** PostgreSQL per database, and (with pg_stat_statements) per kind of statement, per request at 10 connections. */
function postgresTables(rows: Row[]): string[] {
  const at10 = rows.filter((row) => row.connections === 10 && row.server !== "hive" && row.samples[0].postgres && Object.keys(row.samples[0].postgres.cpuByDatabase).length);
  if (!at10.length) return [];
  const databases = [...new Set(at10.flatMap((row) => row.samples.flatMap((sample) => Object.keys(sample.postgres.cpuByDatabase))))].sort();
  const perRequest = (row: Row, measure: (sample: Sample) => number) => median(row.samples.map((sample) => measure(sample) / sample.requests));
  const lines = [
    "PostgreSQL CPU ms per request at 10 connections, by database (median of the rounds):",
    "",
    `| server | operation | ${databases.join(" | ")} |`,
    `|---|---|${databases.map(() => "---").join("|")}|`,
    ...at10.map((row) => `| ${row.server} | ${row.operation} | ${databases.map((database) => perRequest(row, (sample) => sample.postgres.cpuByDatabase[database] ?? 0).toFixed(2)).join(" | ")} |`),
    "",
  ];
  if (!at10.some((row) => Object.keys(row.samples[0].postgres.statementsByDatabase).length)) return lines;
  lines.push(
    "PostgreSQL execution time of statements ms per request at 10 connections, by kind (pg_stat_statements, top-level statements; the access log's INSERT includes its trigger: a sequence number, the clock and one SHA-256 per row), and statements per request:",
    "",
    `| server | operation | ${STATEMENT_KINDS.join(" | ")} | statements |`,
    `|---|---|${STATEMENT_KINDS.map(() => "---").join("|")}|---|`,
    ...at10.map((row) => {
      const ofKind = (kind: string) => perRequest(row, (sample) => Object.values(sample.postgres.statementsByDatabase).reduce((sum, kinds) => sum + (kinds[kind] ?? 0), 0));
      const calls = perRequest(row, (sample) => Object.values(sample.postgres.callsByDatabase).reduce((sum, count) => sum + count, 0));
      return `| ${row.server} | ${row.operation} | ${STATEMENT_KINDS.map((kind) => ofKind(kind).toFixed(2)).join(" | ")} | ${calls.toFixed(1)} |`;
    }),
    "",
  );
  return lines;
}

/**
 * Enrol consumes a pending referral per request, and the data set's pool, shared out among every
 * cell, lasts well under a second per cell: autocannon ends such a run on its one-second tick, so
 * its requests/s say how big the share was, not how fast the server is. Its CPU per request holds.
 */
const ENROL_NOT_MEASURED = "not measured (each cell's share of pending referrals lasts under a second; CPU per request is in the table)";

/** The README's table (bench/readme.ts copies it there): each operation at 10 connections, medians of the rounds. */
function readmeTable(rows: Row[]): string[] {
  const at10 = (server: ServerName, operation: string) => rows.find((row) => row.server === server && row.operation === operation && row.connections === 10);
  const rps = (row?: Row) => (row ? row.rps.toFixed(row.rps < 100 ? 1 : 0) : "—");
  const ratio = (a?: Row, b?: Row) => (a && b ? (a.rps / b.rps).toFixed(2) : "—");
  const operations = [...new Set(rows.map((row) => row.operation))];
  return [
    "",
    "| operation (10 connections) | ours req/s | monolith | monolith+log | Hive | ours/monolith | ours/monolith+log | ours/Hive | our gateway CPU ms/request | subgraphs' CPU ms/request | PostgreSQL CPU ms/request (ours / monolith) |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...operations.map((operation) => {
      if (operation === "Enrol") {
        const ours = at10("ours", operation);
        return `| ${operation} | — | — | — | — | — | — | — | ${ours?.serverCpu.toFixed(1) ?? "—"} | ${ours?.subgraphCpu.toFixed(1) ?? "—"} | ${ours && at10("monolith", operation) && !EMBEDDED ? `${ours.postgresCpu.toFixed(1)} / ${at10("monolith", operation)!.postgresCpu.toFixed(1)}` : "—"} |`;
      }
      const ours = at10("ours", operation);
      const monolith = at10("monolith", operation);
      return `| ${operation} | ${rps(ours)} | ${rps(monolith)} | ${rps(at10("monolith+log", operation))} | ${rps(at10("hive", operation))} | ${ratio(ours, monolith)} | ${ratio(ours, at10("monolith+log", operation))} | ${ratio(ours, at10("hive", operation))} | ${ours?.serverCpu.toFixed(1) ?? "—"} | ${ours?.subgraphCpu.toFixed(1) ?? "—"} | ${ours && monolith && !EMBEDDED ? `${ours.postgresCpu.toFixed(1)} / ${monolith.postgresCpu.toFixed(1)}` : "—"} |`;
    }),
    "",
  ];
}

const version = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;

const SAMPLE_HEADER = "round | server | operation | connections | requests/s | p50 ms | p99 ms | errors | server CPU ms | subgraph CPU ms | other engines CPU ms | server RSS MB";
const sampleLine = (sample: Sample) =>
  `${sample.round} | ${sample.server} | ${sample.operation} | ${sample.connections} | ${sample.rps.toFixed(1)} | ${sample.p50} | ${sample.p99} | ${sample.errors} | ${sample.serverCpu.toFixed(2)} | ${sample.subgraphCpu.toFixed(2)} | ${sample.otherEnginesCpu.toFixed(2)} | ${sample.rss.toFixed(0)}`;

const ROW_HEADER = [
  "| server | operation | connections | requests/s (lowest–highest round) | p50 ms | p99 ms | errors | server CPU ms/request | subgraph CPU ms/request | other engines CPU ms/request | PostgreSQL CPU ms/request | subgraph requests/request | SQL statements/request | server RSS MB (largest in the cell) | subgraphs' RSS MB |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
];
const isMonolith = (server: ServerName) => server.startsWith("monolith");
const rowLine = (row: Row) =>
  `| ${row.server} | ${row.operation} | ${row.connections} | ${row.rps.toFixed(1)} (${row.rpsRange[0].toFixed(0)}–${row.rpsRange[1].toFixed(0)}) | ${row.p50} | ${row.p99} | ${row.errors} | ${row.serverCpu.toFixed(2)} | ${row.subgraphCpu.toFixed(2)} | ${row.otherEnginesCpu.toFixed(2)} | ${EMBEDDED ? "—" : row.postgresCpu.toFixed(2)} | ${isMonolith(row.server) ? "—" : row.subgraphRequests.toFixed(1)} | ${isMonolith(row.server) ? "—" : row.statements.toFixed(1)} | ${row.rss.toFixed(0)} | ${row.subgraphRss.toFixed(0)} |`;

/**
 * The ratios the issue asks for (median requests/s at 10 connections): ours against the monolith
 * (all-in: federation and the access log), against the monolith writing the same access log
 * (federation alone), and against Hive Gateway; then where we stand on each target.
 */
function ratioLines(rows: Row[]): string[] {
  const cell = (server: ServerName, operation: string, connections = 10) => rows.find((row) => row.server === server && row.operation.startsWith(operation) && row.connections === connections);
  const ratio = (a?: Row, b?: Row) => (a && b ? (a.rps / b.rps).toFixed(2) : "not measured");
  const lines: string[] = [];
  for (const operation of ["ParticipantView", "Caseload", "RunRoster", "Enrol"]) {
    const key = operation.toLowerCase();
    if (operation === "Enrol") {
      lines.push(`ratio ${key}: ${ENROL_NOT_MEASURED}`);
      continue;
    }
    lines.push(`ratio ${key} gateway/monolith: ${ratio(cell("ours", operation), cell("monolith", operation))}`);
    lines.push(`ratio ${key} gateway/monolith+log: ${ratio(cell("ours", operation), cell("monolith+log", operation))}`);
    lines.push(`ratio ${key} ours/hive: ${ratio(cell("ours", operation), cell("hive", operation))}`);
  }
  const verdict = (met: boolean | undefined, detail = "") => `${met === undefined ? "not measured" : met ? "met" : "not met"}${detail}`;
  const atLeast = (operation: string, baseline: ServerName, share: number) => {
    const ours = cell("ours", operation);
    const other = cell(baseline, operation);
    return ours && other ? ours.rps / other.rps >= share : undefined;
  };
  const caseload = cell("ours", "Caseload");
  const monolithCaseload = cell("monolith", "Caseload");
  const view20 = cell("ours", "ParticipantView", 20);
  const ourRows = rows.filter((row) => row.server === "ours");
  const peakRss = Math.max(0, ...ourRows.filter((row) => row.connections === 50).map((row) => row.rss));
  lines.push(
    `target caseload gateway/monolith >= 0.33: ${verdict(atLeast("Caseload", "monolith", 0.33))}`,
    `target caseload gateway/monolith+log >= 0.33: ${verdict(atLeast("Caseload", "monolith+log", 0.33))}`,
    `target participantview gateway/monolith >= 0.25: ${verdict(atLeast("ParticipantView", "monolith", 0.25))}`,
    `target runroster gateway/monolith >= 0.25: ${verdict(atLeast("RunRoster", "monolith", 0.25))}`,
    `target participantview p99 < 50 ms at 20 connections: ${verdict(view20 ? view20.p99 < 50 : undefined, ` (${view20?.p99 ?? "—"} ms)`)}`,
    `target caseload gateway CPU <= 1.5 ms: ${verdict(caseload ? caseload.serverCpu <= 1.5 : undefined, ` (${caseload?.serverCpu.toFixed(2) ?? "—"} ms)`)}`,
    `target caseload PostgreSQL CPU <= 2 x the monolith's: ${verdict(caseload && monolithCaseload && !EMBEDDED ? caseload.postgresCpu <= 2 * monolithCaseload.postgresCpu : undefined, caseload && monolithCaseload ? ` (${caseload.postgresCpu.toFixed(2)} against ${monolithCaseload.postgresCpu.toFixed(2)} ms)` : "")}`,
    `target gateway RSS < 300 MB at 50 connections: ${verdict(ourRows.some((row) => row.connections === 50) ? peakRss < 300 : undefined, ` (${peakRss.toFixed(0)} MB)`)}`,
    ...["ParticipantView", "Caseload", "RunRoster"].map((operation) => `target ${operation.toLowerCase()} ours/hive >= 1: ${verdict(atLeast(operation, "hive", 1))}`),
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
