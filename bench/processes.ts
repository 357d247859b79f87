import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { envName } from "../shared/config";
import { SUBGRAPHS } from "../subgraphs";
import type { SubgraphCounters } from "./subgraph-process";

/**
 * The benchmarks' services, each in its own process as deployed, and what /proc says about them:
 * CPU time and memory of a process and its children.
 */
const ROOT = path.resolve(__dirname, "..");

/** CPU time a process has used so far: utime + stime, in clock ticks of 1/100 s. */
export function cpuMilliseconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
/** The process and its children (a gateway with GATEWAY_WORKERS forks workers). */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone
  }
  return [pid, ...children.flatMap(processTree)];
}
export const treeCpu = (pid: number) => processTree(pid).reduce((sum, each) => sum + cpuMilliseconds(each), 0);
/** Resident memory now of a process and its children, in MB (VmRSS). */
export const rssMb = (pid: number) =>
  processTree(pid).reduce((sum, each) => sum + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${each}/status`, "utf8"))![1]) / 1024, 0);

/** Every process the benchmark starts, stopped however it ends (a failed start must not leave services running). */
const started: ChildProcess[] = [];
process.on("exit", () => started.forEach((child) => child.exitCode === null && child.kill("SIGKILL")));

/** Starts `node --import tsx <args>` and waits for its "ready on/at" line; returns the port it announces. */
export async function startService(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...env, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code} before it was ready`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /ready (?:on|at) (?:http:\/\/[^ ]*:)?(\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  child.stdout!.resume();
  return { child, port };
}

export interface SubgraphProcess {
  name: string;
  child: ChildProcess;
  url: string;
  counters(): Promise<SubgraphCounters>;
}

export async function startSubgraphProcess(name: string, env: NodeJS.ProcessEnv): Promise<SubgraphProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx", "bench/subgraph-process.ts", name], { cwd: ROOT, env: { ...env, NODE_OPTIONS: "" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`subgraph ${name} exited with ${code} before it was ready`)));
    child.once("message", (message) => resolve((message as { url: string }).url));
  });
  return {
    name,
    child,
    url,
    counters: () =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve(message as SubgraphCounters));
        child.send("counters");
      }),
  };
}


/**
 * One PostgreSQL database per subgraph, `<prefix>_<name>`, on `BENCH_POSTGRES_URL` (default the
 * machine's server): created empty unless `reuse`, and named in this process's `<NAME>_DATABASE_URL`
 * so that the seed and every service started from here use them.
 */
export async function benchDatabases({ reuse, prefix }: { reuse: boolean; prefix: string }): Promise<void> {
  const server = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    for (const { name } of SUBGRAPHS) {
      const database = `${prefix}_${name.replace(/-/g, "_")}`;
      if (!reuse) {
        await admin.query(`DROP DATABASE IF EXISTS ${database}`);
        await admin.query(`CREATE DATABASE ${database}`);
      }
      const url = new URL(server);
      url.pathname = `/${database}`;
      process.env[envName(name, "DATABASE_URL")] = url.toString();
    }
  } finally {
    await admin.end();
  }
}

/** A port nobody listens on now, from the kernel. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * The subgraphs, each in its own process; sets each `<NAME>_PORT` and `<NAME>_URL` in `env` before
 * the first starts, because they ask each other (coordination asks providers which people a
 * provider reached, the others ask coordination for case teams): a subgraph started before its peer
 * had a port would call a port where nothing listens, and answer SUBGRAPH_UNAVAILABLE.
 */
export async function startSubgraphProcesses(env: NodeJS.ProcessEnv): Promise<SubgraphProcess[]> {
  for (const { name } of SUBGRAPHS) {
    const port = await freePort();
    env[envName(name, "PORT")] = String(port);
    env[envName(name, "URL")] = `http://127.0.0.1:${port}/graphql`;
  }
  return Promise.all(SUBGRAPHS.map(({ name }) => startSubgraphProcess(name, env)));
}

/** A hub as deployed: each subgraph in its own process (coordination first), then the gateway. */
export interface HubProcesses {
  subgraphs: SubgraphProcess[];
  gateway: { child: ChildProcess; port: number };
  url: string;
  stop(): void;
}

/** Starts the five subgraphs and the gateway with `env` (GATEWAY_PORT, DATA_DIR, settings); each finds the others through `<NAME>_URL`. */
export async function startHubProcesses(base: NodeJS.ProcessEnv): Promise<HubProcesses> {
  const env: NodeJS.ProcessEnv = { ...base };
  const subgraphs = await startSubgraphProcesses(env);
  const gateway = await startService(["scripts/start.ts", "gateway"], env);
  return {
    subgraphs,
    gateway,
    url: `http://127.0.0.1:${gateway.port}/graphql`,
    stop() {
      gateway.child.kill("SIGTERM");
      for (const subgraph of subgraphs) subgraph.child.kill("SIGTERM");
    },
  };
}
