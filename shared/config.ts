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
  /**
   * The same database as its tables' owner (`<NAME>_OWNER_DATABASE_URL`), for migrations alone; the
   * service then connects as the role of `<NAME>_DATABASE_URL`, which may append to the access log
   * and read it, and nothing else there (shared/database.ts, serviceRolePrivileges).
   */
  ownerDatabaseUrl: string | undefined;
  /** Where the gateway reaches the subgraph (`<NAME>_URL`), default on localhost at `port`. */
  url: string;
}

export class ConfigError extends Error {}

/**
 * The exit code of a service that cannot start for a reason a restart will not fix (a ConfigError,
 * its port in use): 78, EX_CONFIG of sysexits.h. The supervisor stops the hub instead of retrying.
 */
export const EXIT_CANNOT_START = 78;

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
    ownerDatabaseUrl: readUrl(envName(name, "OWNER_DATABASE_URL"), env),
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
  /**
   * What plans and executes at the gateway (`GATEWAY_ENGINE`): `apollo` (default, Apollo Gateway:
   * gateway/index.ts) or `hive` (Hive Gateway with its Rust planner: gateway/hive.ts), behind the same front.
   */
  gatewayEngine: "apollo" | "hive";
  /**
   * Seconds a subgraph keeps retrying its first connection to a PostgreSQL server that is not up yet
   * (`DATABASE_CONNECT_TIMEOUT`, default 60; 0 tries once). Not used by the embedded PGlite.
   */
  databaseConnectTimeout: number;
  /** Heap limit of each service process `npm start` runs, in MiB (`SERVICE_HEAP_MB`, default 512, 64–65536). */
  serviceHeapMb: number;
  /**
   * Seconds between access-log checkpoints (`AUDIT_CHECKPOINT_SECONDS`, default 5, 1–3600; 0 seals
   * only on demand, for tests): about twice this is how long a new record is not yet witnessed.
   */
  auditCheckpointSeconds: number;
}

/** `DATABASE_CONNECT_TIMEOUT` when unset, in seconds: long enough for a PostgreSQL container's first start. */
export const DEFAULT_DATABASE_CONNECT_TIMEOUT = 60;

/** Seconds, 0–3600; throws ConfigError for anything else. */
function readConnectTimeout(env: NodeJS.ProcessEnv): number {
  const raw = env.DATABASE_CONNECT_TIMEOUT;
  if (raw === undefined || raw === "") return DEFAULT_DATABASE_CONNECT_TIMEOUT;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new ConfigError(`DATABASE_CONNECT_TIMEOUT must be a number of seconds 0–3600, got "${raw}"`);
  }
  return seconds;
}

function readWorkers(env: NodeJS.ProcessEnv): number {
  const raw = env.GATEWAY_WORKERS;
  if (raw === undefined || raw === "") return 1;
  if (raw === "auto") return os.availableParallelism();
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`GATEWAY_WORKERS must be "auto" or a whole number 1–64, got "${raw}"`);
  return workers;
}

/** The values NODE_ENV may take; anything else (`Production`, `prod`, `staging`) would quietly run development. */
export const NODE_ENVIRONMENTS = ["production", "development", "test"];

function readEngine(env: NodeJS.ProcessEnv): "apollo" | "hive" {
  const raw = env.GATEWAY_ENGINE;
  if (raw === undefined || raw === "" || raw === "apollo") return "apollo";
  if (raw === "hive") return "hive";
  throw new ConfigError(`GATEWAY_ENGINE must be "apollo" or "hive", got "${raw.slice(0, 40)}"`);
}

export function hubSettings(env = process.env): HubSettings {
  if (env.NODE_ENV && !NODE_ENVIRONMENTS.includes(env.NODE_ENV)) {
    throw new ConfigError(`NODE_ENV must be one of ${NODE_ENVIRONMENTS.join(", ")}, got "${env.NODE_ENV.slice(0, 40)}": any other value would run the development issuer and demo data`);
  }
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
    gatewayEngine: readEngine(env),
    databaseConnectTimeout: readConnectTimeout(env),
    serviceHeapMb: readWholeNumber("SERVICE_HEAP_MB", 512, 64, 65536, env),
    auditCheckpointSeconds: readWholeNumber("AUDIT_CHECKPOINT_SECONDS", 5, 0, 3600, env),
    gatewayPort,
    host: env.HOST || "127.0.0.1",
    dataDir: path.resolve(env.DATA_DIR || "data"),
    production,
    demoData: demo ? demo === "true" : !production,
  };
}

/** How often one user or one address may ask the gateway (gateway/rate-limits.ts), per minute. */
export interface RateLimitSettings {
  /** Requests of one signed-in user (`RATE_LIMIT_USER_PER_MINUTE`, default 600: ten a second). */
  perUserPerMinute: number;
  /** Failed sign-ins from one address before it is refused for a minute (`RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE`, default 20). */
  failedSignInsPerMinute: number;
  /** Requests without a token from one address (`RATE_LIMIT_ANONYMOUS_PER_MINUTE`, default 60). */
  anonymousPerMinute: number;
  /**
   * Participant's reports one user may produce a minute (`RATE_LIMIT_REPORTS_PER_MINUTE`, default 10):
   * each reads every agency's data and up to 500 log records (red team: four report loops slowed
   * everyone's ParticipantView from 20 to 444 ms).
   */
  reportsPerMinute: number;
  /** Redis shared by several gateway processes (`RATE_LIMIT_REDIS_URL`); unset: each process counts in memory. */
  redisUrl: string | undefined;
  /** Proxies in front of the gateway whose `X-Forwarded-For` is believed (`TRUST_PROXY_HOPS`, default 0). */
  trustProxyHops: number;
}

/** Time budgets and limits that keep one request from taking the hub down (issue 12; README, "Limits"). */
export interface ResilienceSettings {
  /** Time budget of one client request, in ms (`REQUEST_TIMEOUT_MS`, default 15 000); subgraph calls get what is left. */
  requestTimeoutMs: number;
  /** The longest one SQL statement may run, in ms (`STATEMENT_TIMEOUT_MS`, default 10 000; PostgreSQL only). */
  statementTimeoutMs: number;
  /** Operation limits on (`OPERATION_LIMITS`, default "on"; "off" only outside production, for the benchmark's comparison). */
  operationLimits: boolean;
  rateLimits: RateLimitSettings;
  /**
   * Connections one address may hold open at the gateway (`MAX_CONNECTIONS_PER_ADDRESS`, default
   * 4096): a bound on file descriptors, high enough for an agency's offices behind one NAT address
   * (red team: at 256 one attacker locked out everyone sharing its address). Not applied behind a
   * proxy (`TRUST_PROXY_HOPS` > 0), where every client arrives from the proxy's address.
   */
  maxConnectionsPerAddress: number;
  /**
   * Operations one gateway process executes at once (`GATEWAY_MAX_IN_FLIGHT`, default 16); more
   * wait their turn. Issue 18: the gateway held 394 MB at 50 connections of Caseload, each request
   * in flight holding its subgraph answers; 16 keep this 2-core machine's services busy.
   */
  gatewayMaxInFlight: number;
}

function readWholeNumber(variable: string, fallback: number, min: number, max: number, env: NodeJS.ProcessEnv): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${variable} must be a whole number ${min}–${max}, got "${raw}"`);
  return value;
}

export function resilienceSettings(env = process.env): ResilienceSettings {
  const limits = env.OPERATION_LIMITS;
  if (limits !== undefined && limits !== "" && limits !== "on" && limits !== "off") throw new ConfigError(`OPERATION_LIMITS must be "on" or "off", got "${limits}"`);
  if (limits === "off" && env.NODE_ENV === "production") throw new ConfigError("OPERATION_LIMITS=off: production always limits operations");
  return {
    requestTimeoutMs: readWholeNumber("REQUEST_TIMEOUT_MS", 15_000, 100, 600_000, env),
    statementTimeoutMs: readWholeNumber("STATEMENT_TIMEOUT_MS", 10_000, 100, 600_000, env),
    operationLimits: limits !== "off",
    rateLimits: {
      perUserPerMinute: readWholeNumber("RATE_LIMIT_USER_PER_MINUTE", 600, 1, 1_000_000, env),
      failedSignInsPerMinute: readWholeNumber("RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE", 20, 1, 1_000_000, env),
      anonymousPerMinute: readWholeNumber("RATE_LIMIT_ANONYMOUS_PER_MINUTE", 60, 1, 1_000_000, env),
      reportsPerMinute: readWholeNumber("RATE_LIMIT_REPORTS_PER_MINUTE", 10, 1, 1_000_000, env),
      redisUrl: readUrl("RATE_LIMIT_REDIS_URL", env),
      trustProxyHops: readWholeNumber("TRUST_PROXY_HOPS", 0, 0, 10, env),
    },
    maxConnectionsPerAddress: readWholeNumber("MAX_CONNECTIONS_PER_ADDRESS", 4096, 1, 1_000_000, env),
    gatewayMaxInFlight: readWholeNumber("GATEWAY_MAX_IN_FLIGHT", 16, 1, 100_000, env),
  };
}
