import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { resilienceSettings } from "./config";
import { DataSource, QueryFailedError, type EntityManager, type EntityTarget, type Logger, type MixedList, type EntitySchema, type ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";

/**
 * One agency's own database. With a URL it is that PostgreSQL server; without one it is an
 * embedded PGlite under the data directory, served over the PostgreSQL wire protocol by
 * pglite-socket so that TypeORM and pg talk to it exactly as to a server (same code path as
 * production; see ../shared/STACK.md for why not typeorm-pglite).
 */

/** Counts the SQL statements a subgraph sends, so tests and benchmarks can see batching work. */
export class StatementCounter implements Logger {
  count = 0;
  logQuery(): void {
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
}

interface Embedded {
  url: string;
  stop(): Promise<void>;
}

async function startEmbedded(directory: string): Promise<Embedded> {
  fs.mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  // One connection: the socket queue gives an open transaction exclusive use of the database.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<AgencyDatabase> {
  const embedded = options.databaseUrl ? undefined : await startEmbedded(path.join(options.dataDir, options.name));
  const statements = new StatementCounter();
  const dataSource = new DataSource({
    type: "postgres",
    url: options.databaseUrl ?? embedded!.url,
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
    await dataSource.initialize();
    await dataSource.runMigrations();
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
