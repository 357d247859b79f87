import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { authSettings, devIssuerKey, gatewayPublicKey, gatewaySigningKey } from "../shared/auth/settings";
import { serviceSigningKey, servicePublicKey } from "../shared/auth/service-calls";
import { ConfigError, EXIT_CANNOT_START, envName, hubSettings, subgraphSettings } from "../shared/config";
import { SUBGRAPHS } from "../subgraphs";
import { logFormat } from "../shared/log";

/**
 * `npm start`: every subgraph and the gateway in its own process, so that one crashing (or running
 * out of memory) takes down only its own agency's data. The supervisor restarts a service that
 * exits, waiting 0.5 s, then twice as long after each further failure up to 30 s; a service that
 * stayed up a minute starts again from 0.5 s. Each process gets a heap limit (SERVICE_HEAP_MB).
 * The services find each other at their configured URLs (`<NAME>_URL`, `<NAME>_PORT`).
 */

/** Compiled (dist/scripts/supervisor.js, `npm start`): the services run compiled too, with plain node. From source (tests, tsx): through tsx. */
const COMPILED = __filename.endsWith(".js");
const ROOT = path.resolve(__dirname, "..", ...(COMPILED ? [".."] : []));
const START_COMMAND = COMPILED ? [path.join(__dirname, "start.js")] : ["--import", "tsx", path.join(__dirname, "start.ts")];
export const FIRST_DELAY_MS = 500;
export const LONGEST_DELAY_MS = 30_000;
/** A service that stayed up this long is healthy again: its next failure waits the first delay. */
export const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = { gateway: 15_000, subgraph: 30_000 };

let pretty: ((line: string) => string) | null | undefined;

/**
 * A JSON log line as a developer reads it, one line (pino-pretty, a development dependency: the
 * production image has none and logs JSON). Shape: JSON text → text without a trailing newline.
 */
export function readableLogLine(line: string): string {
  if (pretty === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { prettyFactory } = require("pino-pretty") as typeof import("pino-pretty");
      pretty = prettyFactory({ colorize: Boolean(process.stdout.isTTY), singleLine: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname,service", messageKey: "msg" }) as (line: string) => string;
    } catch {
      pretty = null;
    }
  }
  return pretty ? pretty(line).trimEnd() : line;
}

/** What a service tells the supervisor over its IPC channel once it listens (scripts/start.ts). */
export interface ReadyMessage {
  ready: string;
  detail?: string;
}

/** Where the supervisor writes which process runs which service (DATA_DIR/pids.json), for operators and tests. */
export const pidsFile = (dataDir: string) => path.join(dataDir, "pids.json");

/** The next wait before a restart. Shape: (last wait or 0, how long the service stayed up) → ms. */
export function nextDelay(previous: number, upFor: number): number {
  if (previous === 0 || upFor >= STABLE_AFTER_MS) return FIRST_DELAY_MS;
  return Math.min(previous * 2, LONGEST_DELAY_MS);
}

/**
 * The line of a service's error output worth showing in "failed: …": the last one that is neither
 * a stack frame, Node's version footer, nor a native frame of a fatal error.
 */
export const isErrorLine = (line: string) =>
  /[A-Za-z]/.test(line) && !/^\s+at\s/.test(line) && !/^Node\.js v\d/.test(line) && !/^\s*\d+: 0x[0-9a-f]+/i.test(line) && !/^\s*\^+\s*$/.test(line) && !/ExperimentalWarning|--trace-warnings/.test(line);

type Kind = "gateway" | "subgraph";

class SupervisedService {
  child?: ChildProcess;
  url?: string;
  lastError?: string;
  private delay = 0;
  private startedAt = 0;
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private everReady = false;
  private firstOutcome!: () => void;
  /** Settles when the first attempt is ready or has failed: start-up output waits for it. */
  readonly settled = new Promise<void>((resolve) => (this.firstOutcome = resolve));
  private readyWaiters: (() => void)[] = [];

  constructor(
    readonly kind: Kind,
    readonly name: string,
    private readonly heapMb: number,
    private readonly onChange: () => void,
    /** A service that exits with EXIT_CANNOT_START before it was ever ready: the reason. */
    private readonly onCannotStart: (reason: string) => void = () => undefined,
  ) {}

  get label() {
    return this.kind === "gateway" ? "gateway" : `subgraph ${this.name}`;
  }

  /** Resolves once the service answers (on this attempt or a later one). */
  ready(): Promise<void> {
    return this.url ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  start(): void {
    if (this.stopping) return;
    const args = this.kind === "gateway" ? ["gateway"] : ["subgraph", this.name];
    // Own process group: a terminal's Ctrl-C reaches the supervisor alone, which stops the services in order.
    const child = spawn(process.execPath, [`--max-old-space-size=${this.heapMb}`, "--enable-source-maps", ...START_COMMAND, ...args], {
      cwd: ROOT,
      env: { ...process.env, HUB_SERVICE: this.name },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    this.child = child;
    this.url = undefined;
    this.startedAt = Date.now();
    const prefix = `[${this.name}] `;
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      // A service's JSON log lines (shared/log.ts) pass through whole in json mode, made readable in text mode.
      if (line.startsWith("{")) process.stdout.write(`${logFormat() === "text" ? prefix + readableLogLine(line) : line}\n`);
      else console.log(prefix + line);
    });
    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
      console.error(prefix + line);
      if (isErrorLine(line)) this.lastError = line.trim();
    });
    child.on("message", (message: ReadyMessage) => {
      if (!message || typeof message.ready !== "string") return;
      this.url = message.ready;
      const again = this.everReady;
      this.everReady = true;
      if (this.kind === "subgraph") {
        console.log(`  ${this.label.padEnd(22)} ${again ? "ready again at" : "ready at"} ${message.ready}${message.detail ? ` (${message.detail})` : ""}, pid ${child.pid}, ${((Date.now() - this.startedAt) / 1000).toFixed(1)} s after its start`);
      } else if (again) {
        console.log(`Gateway ready again at ${message.ready}, pid ${child.pid}`);
      }
      this.readyWaiters.splice(0).forEach((resolve) => resolve());
      this.firstOutcome();
    });
    child.on("exit", (code, signal) => this.exited(child, code, signal));
    this.onChange();
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    const wasReady = this.url !== undefined;
    this.child = undefined;
    this.url = undefined;
    this.onChange();
    if (this.stopping) return;
    if (code === EXIT_CANNOT_START && !this.everReady) {
      this.onCannotStart(`${this.label} cannot start: ${this.lastError ?? "no error output"}`);
      return;
    }
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    this.delay = nextDelay(this.delay, Date.now() - this.startedAt);
    const what = wasReady ? "stopped" : "failed to start";
    console.error(`${new Date().toISOString()} ${this.label} ${what} (${how}): ${this.lastError ?? "no error output"}; starting it again in ${(this.delay / 1000).toFixed(1)} s`);
    this.lastError = undefined;
    this.firstOutcome();
    this.timer = setTimeout(() => this.start(), this.delay);
  }

  /** SIGTERM, and SIGKILL if it has not exited within the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        console.error(`${this.label} did not stop within ${STOP_GRACE_MS[this.kind] / 1000} s; killing it`);
        child.kill("SIGKILL");
      }, STOP_GRACE_MS[this.kind]);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
}

/**
 * The development keys, made here before any service starts, so that no two services race to
 * create one; in production this checks that every key the services need is configured.
 */
async function prepareKeys(dataDir: string): Promise<void> {
  await gatewaySigningKey(dataDir);
  await gatewayPublicKey(dataDir);
  if (authSettings().devIssuerEnabled) await devIssuerKey(dataDir);
  for (const { name } of SUBGRAPHS) {
    await serviceSigningKey(dataDir, name);
    await servicePublicKey(dataDir, name);
  }
}

/**
 * One supervisor per data directory: a second `npm start` on the same DATA_DIR would open the
 * running hub's embedded databases and overwrite its pids.json (red team). Throws ConfigError
 * naming the supervisor that runs; a pids.json left by one that no longer runs is ignored.
 */
function refuseSecondHub(dataDir: string): void {
  let running: number | undefined;
  try {
    running = (JSON.parse(fs.readFileSync(pidsFile(dataDir), "utf8")) as { supervisor?: number }).supervisor;
  } catch {
    return;
  }
  if (!running || running === process.pid) return;
  try {
    process.kill(running, 0);
  } catch {
    return;
  }
  throw new ConfigError(`A hub already runs on ${dataDir} (supervisor pid ${running}); stop it first, or give this one another DATA_DIR`);
}

export interface RunningSupervisor {
  gatewayUrl: string;
  stop(): Promise<void>;
}

export async function startSupervisor(): Promise<RunningSupervisor> {
  const settings = hubSettings();
  for (const definition of SUBGRAPHS) {
    const subgraph = subgraphSettings(definition.name, definition.defaultPort);
    if (subgraph.port === 0 && !process.env[envName(definition.name, "URL")]) {
      throw new ConfigError(`${envName(definition.name, "PORT")}=0: separate processes find each other at configured ports; give it a port or ${envName(definition.name, "URL")}`);
    }
  }
  if (settings.gatewayPort === 0) throw new ConfigError("GATEWAY_PORT=0: give the gateway a port");
  refuseSecondHub(settings.dataDir);
  await prepareKeys(settings.dataDir);

  const writePids = () => {
    const file = pidsFile(settings.dataDir);
    const services = Object.fromEntries(all.map((service) => [service.name, service.child?.pid ?? null]));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ supervisor: process.pid, services }, null, 2));
    fs.renameSync(`${file}.tmp`, file);
  };
  // A port in use or a setting to fix: the hub stops and says why, instead of retrying for ever.
  let cannotStart!: (reason: string) => void;
  const failed = new Promise<never>((_, reject) => (cannotStart = (reason) => reject(new ConfigError(reason))));
  failed.catch(() => undefined);
  const subgraphs = SUBGRAPHS.map((definition) => new SupervisedService("subgraph", definition.name, settings.serviceHeapMb, () => writePids(), cannotStart));
  const gateway = new SupervisedService("gateway", "gateway", settings.serviceHeapMb, () => writePids(), cannotStart);
  const all = [...subgraphs, gateway];
  const stopAll = async () => {
    await gateway.stop();
    await Promise.all(subgraphs.map((service) => service.stop()));
    fs.rmSync(pidsFile(settings.dataDir), { force: true });
  };

  const started = Date.now();
  console.log(`Starting ${subgraphs.length} subgraphs and the gateway, each in its own process (heap limit ${settings.serviceHeapMb} MiB); each says what it is doing, prefixed with its name`);
  for (const service of subgraphs) service.start();
  try {
    // The gateway opens its port once every subgraph has answered or failed a first time, so that a
    // client (or a load balancer's health check) that reaches it finds the hub ready.
    await Promise.race([Promise.all(subgraphs.map((service) => service.settled)), failed]);
    gateway.start();
    await Promise.race([gateway.ready(), failed]);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const waiting = subgraphs.filter((service) => !service.url).map((service) => service.name);
  console.log(`Gateway ready at ${gateway.url}${waiting.length ? ` (not answering yet, retried with back-off: ${waiting.join(", ")})` : ""}, ${((Date.now() - started) / 1000).toFixed(1)} s after the services were started (${process.uptime().toFixed(1)} s after the supervisor was)`);
  console.log(
    settings.production
      ? `Explorer: open ${gateway.url} in a browser and paste a token from your agency's issuer`
      : `Explorer: open ${gateway.url} in a browser and sign in as a demo user with one click (README, "Explorer")`,
  );

  return {
    gatewayUrl: gateway.url!,
    stop: stopAll,
  };
}
