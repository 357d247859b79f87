import fs from "node:fs";
import path from "node:path";
import { buildOnce, isRunning } from "./build-once";
import { HealthProblem } from "./health";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { resilienceSettings } from "./config";
import { DataSource, QueryFailedError, type EntityManager, type EntityTarget, type Logger, type MixedList, type EntitySchema, type ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { ConfigError, envName } from "./config";
import { phase, quiet, type Progress } from "./progress";

/**
 * One agency's own database. With a URL it is that PostgreSQL server; without one it is an
 * embedded PGlite under the data directory, served over the PostgreSQL wire protocol by
 * pglite-socket so that TypeORM and pg talk to it exactly as to a server (same code path as
 * production; see ../shared/STACK.md for why not typeorm-pglite).
 */

/** Counts the SQL statements a subgraph sends, so tests and benchmarks can see batching work. */
/** Marks a statement of the hub's own background work (the access log's checkpoints), which StatementCounter leaves out. */
export const BACKGROUND_STATEMENT = "/* hub:background */ ";

export class StatementCounter implements Logger {
  count = 0;
  /** Counts a statement, but not the hub's background work (marked BACKGROUND_STATEMENT): requests' statements alone. */
  logQuery(query: string): void {
    if (query.startsWith(BACKGROUND_STATEMENT)) return;
    this.count += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    if (process.env.LOG_SQL_ERRORS === "true") console.error("SQL error", error, query);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** Rows per INSERT: well under PostgreSQL's 65 535 parameters for any of our tables. */
const INSERT_CHUNK = 1000;

/** Inserts any number of rows, a chunk per statement (a national data set does not fit one). */
export async function insertInChunks<Entity extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<Entity>, rows: readonly object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await manager.insert(entity, rows.slice(start, start + INSERT_CHUNK) as QueryDeepPartialEntity<Entity>[]);
  }
}

/** The tables of the agency's entities, quoted for SQL. */
export const entityTables = (manager: EntityManager) => manager.connection.entityMetadatas.map((metadata) => `"${metadata.tableName}"`);

/** Rows across all the agency's tables, in one statement: zero means a database fresh from its migrations. */
export async function rowCount(manager: EntityManager): Promise<number> {
  // A subgraph with no tables of its own (statistics) has nothing to count.
  if (entityTables(manager).length === 0) return 0;
  const [{ rows }] = await manager.query(
    `SELECT (${entityTables(manager).map((table) => `(SELECT count(*) FROM ${table})`).join(" + ")})::int AS rows`,
  );
  return rows;
}

export interface AgencyDatabase {
  dataSource: DataSource;
  statements: StatementCounter;
  /** "postgresql" or "pglite", for logs and health output. */
  kind: "postgresql" | "pglite";
  close(): Promise<void>;
}

export interface DatabaseOptions {
  name: string;
  databaseUrl: string | undefined;
  dataDir: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  /**
   * Seconds to keep retrying the first connection to the PostgreSQL server at `databaseUrl` while
   * it is not up yet (`DATABASE_CONNECT_TIMEOUT`); 0 tries once. Ignored for the embedded PGlite.
   */
  connectTimeout: number;
  /** Where the one line per retry goes; default console.warn. */
  log?: (line: string) => void;
  /** Start-up progress: the embedded database starting, the migrations running (default: quiet). */
  progress?: Progress;
  /** Puts something between the subgraph and its database (tests: a proxy that can cut it, for readiness). */
  interpose?: (url: string) => string;
  /** The owner's connection, for migrations alone (`<NAME>_OWNER_DATABASE_URL`; PostgreSQL only). */
  ownerDatabaseUrl?: string;
}

/** The first connection failed for good: wrong credentials, no such database, or the wait ran out. */
export class DatabaseConnectError extends Error {}

/** The first wait between attempts, in milliseconds; it doubles after each failed attempt. */
const FIRST_RETRY_WAIT = 250;
/** The longest single wait between attempts, in milliseconds. */
const LONGEST_RETRY_WAIT = 5000;

/** Socket errors of a server not up yet (or its name not yet in DNS, as in a starting compose network). */
const TRANSIENT_SOCKET_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
/** PostgreSQL's own "not now": 57P03 cannot_connect_now (starting up or shutting down), 53300 too_many_connections. */
const TRANSIENT_SERVER_ERRORS = new Set(["57P03", "53300"]);

/** Whether waiting may help: the server is not reachable or not ready yet, as opposed to refusing us. */
export function isTransientConnectError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string") return TRANSIENT_SOCKET_ERRORS.has(code) || TRANSIENT_SERVER_ERRORS.has(code);
  // pg's own errors carry no code: its connect timeout, and a server that closes the socket mid-handshake.
  return error instanceof Error && /^Connection terminated/.test(error.message);
}

/** Why a connection failed, in one line, without the URL (the error messages of pg and node never carry the password). */
function describeConnectError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  // Node reports a refused "localhost" (tried on ::1 and 127.0.0.1) as an AggregateError with an empty message.
  if (!error.message) return code ?? error.name;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/** host:port/database of a PostgreSQL URL: enough to say where, without user or password. */
export function databaseLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Waits until the PostgreSQL server at `url` accepts a connection to the agency's database: a
 * transient failure (see isTransientConnectError) is retried after 0.25 s, doubling up to 5 s per
 * wait, until `connectTimeout` seconds have passed, with one line to `log` per retry.
 * @throws DatabaseConnectError at once for any other failure (bad password 28P01, no such database
 *   3D000, …), or when the wait runs out; its message names the subgraph and the setting to check.
 */
export async function waitForDatabase(name: string, url: string, connectTimeout: number, log: (line: string) => void = console.warn): Promise<void> {
  const setting = envName(name, "DATABASE_URL");
  const where = databaseLocation(url);
  const deadline = Date.now() + connectTimeout * 1000;
  let wait = FIRST_RETRY_WAIT;
  for (let attempt = 1; ; attempt += 1) {
    const client = new pg.Client({
      connectionString: url,
      application_name: `hub-${name}`,
      // A server that drops packets would otherwise hold one attempt for the system's TCP timeout.
      connectionTimeoutMillis: Math.max(1000, Math.min(LONGEST_RETRY_WAIT, deadline - Date.now())),
    });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      const reason = describeConnectError(error);
      if (!isTransientConnectError(error)) {
        throw new DatabaseConnectError(`${name}: cannot open its database at ${where}: ${reason}. Check ${setting}.`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new DatabaseConnectError(
          `${name}: the database at ${where} did not accept a connection within ${connectTimeout} s (${attempt} attempts; last: ${reason}). ` +
            `Check ${setting}, or wait longer with DATABASE_CONNECT_TIMEOUT.`,
        );
      }
      const pause = Math.min(wait, left);
      log(`${name}: database at ${where} not ready (${reason}); attempt ${attempt}, retrying in ${(pause / 1000).toFixed(2)} s`);
      await sleep(pause);
      wait = Math.min(wait * 2, LONGEST_RETRY_WAIT);
    }
  }
}

interface Embedded {
  url: string;
  stop(): Promise<void>;
}

/**
 * One process at a time opens an embedded database: PGlite has no lock of its own, and a second
 * hub started on the same DATA_DIR (red team: `npm start` twice) opened the live databases again.
 * The lock is `<directory>/hub.lock` holding the pid; a lock left by a process that no longer runs
 * (killed) is taken over. Throws ConfigError naming the process that holds it.
 */
function lockEmbedded(directory: string): () => void {
  const lock = path.join(directory, "hub.lock");
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(fs.readFileSync(lock, "utf8"));
    if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
      throw new ConfigError(`The embedded database ${directory} is in use by process ${holder}: stop that hub first (the embedded databases have one owner at a time), or use another DATA_DIR`);
    }
    fs.writeFileSync(lock, String(process.pid));
  }
  return () => fs.rmSync(lock, { force: true });
}

/**
 * An empty PostgreSQL cluster, made by initdb once per DATA_DIR (`DATA_DIR/.initdb`, some 40 MB)
 * and copied for each subgraph's new database. initdb is most of a first start on PGlite
 * (bench/hub-start.ts: some 10 s each, mostly waiting on the disk), and the subgraphs start at the
 * same time: once instead of five times.
 */
const emptyCluster = (dataDir: string) =>
  buildOnce(path.join(dataDir, ".initdb"), async (folder) => {
    await (await PGlite.create(folder)).close();
  });

async function startEmbedded(directory: string): Promise<Embedded> {
  fs.mkdirSync(directory, { recursive: true });
  const unlock = lockEmbedded(directory);
  let db: PGlite;
  try {
    if (!fs.existsSync(path.join(directory, "PG_VERSION"))) fs.cpSync(await emptyCluster(path.dirname(directory)), directory, { recursive: true });
    db = await PGlite.create(directory);
  } catch (error) {
    unlock();
    throw error;
  }
  // One connection: the socket queue gives an open transaction exclusive use of the database.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      unlock();
    },
  };
}

/**
 * Readiness of an agency's database (shared/health.ts): it answers a statement, and every migration
 * the code carries is recorded as applied. Throws, saying which, when not.
 */
export async function databaseReady(database: AgencyDatabase): Promise<void> {
  const applied = new Set(((await database.dataSource.query(`SELECT name FROM "${database.dataSource.options.migrationsTableName ?? "migrations"}"`)) as { name: string }[]).map((row) => row.name));
  const pending = database.dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name).filter((name) => !applied.has(name));
  if (pending.length) throw new HealthProblem(`migrations not applied: ${pending.join(", ")}`);
}

/** The tables of the access log: the service role may append to the live one and read both, nothing else (shared/audit/). */
const ACCESS_LOG_TABLES = ["access_log", "access_log_archive"];

/**
 * The statements that give the service role exactly what a running subgraph needs, run by the owner
 * after each migration (issue 16, least privilege): read and write the agency's own tables; of the
 * access log, append to the live table and read both (no UPDATE, DELETE or TRUNCATE: moving records
 * to the archive is `npm run audit:archive`, as the owner); of the migrations, read which ran. The
 * role owns nothing, so it cannot ALTER a table, nor disable or drop a trigger (PostgreSQL lets only
 * the owner). Shape: role name → SQL statements, in order.
 */
export function serviceRolePrivileges(role: string, migrationsTable: string): string[] {
  const grantee = `"${role.replace(/"/g, '""')}"`;
  return [
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${grantee}`,
    `GRANT USAGE ON SCHEMA public TO ${grantee}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${grantee}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${grantee}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${[...ACCESS_LOG_TABLES, migrationsTable].join(", ")} FROM ${grantee}`,
    `GRANT INSERT ON access_log TO ${grantee}`,
  ];
}

/**
 * `<NAME>_OWNER_DATABASE_URL` set: migrations run over the owner's own short connection, then the
 * service role (the user of `<NAME>_DATABASE_URL`) gets serviceRolePrivileges; the service's own
 * connection runs none. Refuses when both URLs name the same user: that role would own the log.
 */
async function migrateAsOwner(options: DatabaseOptions, service: DataSource, progress: Progress): Promise<void> {
  const role = decodeURIComponent(new URL(options.databaseUrl!).username);
  const owner = decodeURIComponent(new URL(options.ownerDatabaseUrl!).username);
  if (!role || role === owner) throw new ConfigError(`${envName(options.name, "DATABASE_URL")} must name a role of its own, not the owner of ${envName(options.name, "OWNER_DATABASE_URL")}`);
  const migrator = new DataSource({ ...(service.options as object), url: options.ownerDatabaseUrl, logging: false, logger: undefined, extra: { max: 1, application_name: `hub-${options.name}-migrations` } } as ConstructorParameters<typeof DataSource>[0]);
  await migrator.initialize();
  try {
    const applied = await phase(progress, "migrating the database as its owner", () => migrator.runMigrations());
    if (applied.length) progress(`migrations applied: ${applied.map((migration) => migration.name).join(", ")}`);
    for (const statement of serviceRolePrivileges(role, "schema_migrations")) await migrator.query(statement);
  } finally {
    await migrator.destroy();
  }
}

/**
 * Opens the agency's database and runs its migrations. A PostgreSQL server that is not up yet is
 * waited for (see waitForDatabase), so a subgraph may start before its database does.
 * @throws DatabaseConnectError when the server refuses the agency or does not come up in time.
 */
export async function openDatabase(options: DatabaseOptions): Promise<AgencyDatabase> {
  if (options.databaseUrl) await waitForDatabase(options.name, options.databaseUrl, options.connectTimeout, options.log);
  const progress = options.progress ?? quiet;
  const directory = path.join(options.dataDir, options.name);
  const embedded = options.databaseUrl ? undefined : await phase(progress, `starting embedded PostgreSQL (PGlite) in ${directory}`, () => startEmbedded(directory));
  const statements = new StatementCounter();
  const dataSource = new DataSource({
    type: "postgres",
    url: (options.interpose ?? ((url: string) => url))(options.databaseUrl ?? embedded!.url),
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: "schema_migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    logging: ["query"],
    logger: statements,
    // statement_timeout: no statement holds a connection (and the server's CPU) past the budget;
    // PostgreSQL enforces it, the embedded PGlite ignores it (README, "Limits").
    extra: { max: embedded ? 1 : 10, application_name: `hub-${options.name}`, statement_timeout: resilienceSettings().statementTimeoutMs },
  });
  try {
    if (options.ownerDatabaseUrl && options.databaseUrl) await migrateAsOwner(options, dataSource, progress);
    await phase(progress, "connecting to the database", () => dataSource.initialize());
    if (!options.ownerDatabaseUrl || !options.databaseUrl) {
      const applied = await phase(progress, "migrating the database", () => dataSource.runMigrations());
      if (applied.length) progress(`migrations applied: ${applied.map((migration) => migration.name).join(", ")}`);
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    statements,
    kind: embedded ? "pglite" : "postgresql",
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

// A `date` column is a calendar day: keep PostgreSQL's "YYYY-MM-DD" text instead of a JS Date at
// local midnight, which a time zone could move to the day before.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A write refused by a unique index: the database, not a check before it, decides races. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === "23505";
