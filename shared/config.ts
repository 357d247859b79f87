import os from "node:os";
import path from "node:path";

/**
 * Configuration, read and validated once at start-up. Every setting comes from the environment;
 * the README's configuration table lists them.
 */

export interface SubgraphSettings {
  /** Port the subgraph listens on (`<NAME>_PORT`). */
  port: number;
  /** The agency's own PostgreSQL (`<NAME>_DATABASE_URL`); absent means the embedded PGlite default. */
  databaseUrl: string | undefined;
  /** Where the gateway reaches the subgraph (`<NAME>_URL`), default on localhost at `port`. */
  url: string;
}

export class ConfigError extends Error {}

/** A subgraph's own setting's variable: `envName("csd", "PORT")` is `CSD_PORT`. */
export const envName = (subgraph: string, key: string) => `${subgraph.toUpperCase().replace(/-/g, "_")}_${key}`;

function readPort(variable: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${variable} must be a port number 0–65535, got "${raw}"`);
  }
  return port;
}

function readUrl(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const raw = env[variable];
  if (raw === undefined || raw === "") return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`${variable} is not a valid URL`);
  }
  return raw;
}

export function subgraphSettings(name: string, defaultPort: number, env = process.env): SubgraphSettings {
  const port = readPort(envName(name, "PORT"), defaultPort, env);
  return {
    port,
    databaseUrl: readUrl(envName(name, "DATABASE_URL"), env),
    url: readUrl(envName(name, "URL"), env) ?? `http://127.0.0.1:${port}/graphql`,
  };
}

export interface HubSettings {
  gatewayPort: number;
  /** Interface every service listens on (`HOST`, default 127.0.0.1; 0.0.0.0 in containers). */
  host: string;
  /** Root of the embedded databases, one folder per subgraph (`DATA_DIR`, default `./data`). */
  dataDir: string;
  production: boolean;
  /** Load the demo data into empty databases at start (`DEMO_DATA`, default on outside production). */
  demoData: boolean;
  /** Record reads and writes of personal data (`ACCESS_LOG`); only a benchmark outside production turns it off. */
  accessLog: boolean;
  /** Gateway processes sharing its port (`GATEWAY_WORKERS`: a number, or `auto` for one per core; default 1). */
  gatewayWorkers: number;
  /** Heap limit of each service process `npm start` runs, in MiB (`SERVICE_HEAP_MB`, default 512). */
  serviceHeapMb: number;
}

function readHeap(env: NodeJS.ProcessEnv): number {
  const raw = env.SERVICE_HEAP_MB;
  if (raw === undefined || raw === "") return 512;
  const megabytes = Number(raw);
  if (!Number.isInteger(megabytes) || megabytes < 64 || megabytes > 65536) throw new ConfigError(`SERVICE_HEAP_MB must be a whole number of MiB, 64–65536, got "${raw}"`);
  return megabytes;
}

function readWorkers(env: NodeJS.ProcessEnv): number {
  const raw = env.GATEWAY_WORKERS;
  if (raw === undefined || raw === "") return 1;
  if (raw === "auto") return os.availableParallelism();
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`GATEWAY_WORKERS must be "auto" or a whole number 1–64, got "${raw}"`);
  return workers;
}

export function hubSettings(env = process.env): HubSettings {
  const production = env.NODE_ENV === "production";
  const demo = env.DEMO_DATA;
  if (demo !== undefined && demo !== "" && demo !== "true" && demo !== "false") {
    throw new ConfigError(`DEMO_DATA must be "true" or "false", got "${demo}"`);
  }
  const gatewayPort = readPort("GATEWAY_PORT", 4000, env);
  const accessLog = env.ACCESS_LOG;
  if (accessLog !== undefined && accessLog !== "" && accessLog !== "on" && accessLog !== "off") {
    throw new ConfigError(`ACCESS_LOG must be "on" or "off", got "${accessLog}"`);
  }
  if (production && accessLog === "off") throw new ConfigError("ACCESS_LOG=off: production always records access to personal data");
  return {
    accessLog: accessLog !== "off",
    gatewayWorkers: readWorkers(env),
    serviceHeapMb: readHeap(env),
    gatewayPort,
    host: env.HOST || "127.0.0.1",
    dataDir: path.resolve(env.DATA_DIR || "data"),
    production,
    demoData: demo ? demo === "true" : !production,
  };
}
