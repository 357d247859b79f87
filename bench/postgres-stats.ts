import fs from "node:fs";
import pg from "pg";
import { cpuMilliseconds } from "./processes";

/**
 * What the PostgreSQL server spent on one benchmark cell, per database: the CPU of its backends
 * (read from /proc, each backend's database from `pg_stat_activity`) and, where the server loads
 * `pg_stat_statements`, the execution time of the statements by kind (issue 18: "how much of
 * PostgreSQL's time is the access log's trigger … and how much the reads").
 */

/** The kinds of statement the results file tells apart, first match wins on the statement's text. */
const KINDS: readonly [RegExp, string][] = [
  [/^\s*insert\s+into\s+"?access_log"?/i, "access log INSERT (with its trigger)"],
  [/^\s*(begin|commit|rollback|start transaction|savepoint|release)/i, "transaction control"],
  [/^\s*(select|with)\b/i, "reads (SELECT)"],
  [/^\s*(insert|update|delete)\b/i, "other writes"],
];
export const STATEMENT_KINDS = [...KINDS.map(([, kind]) => kind), "other"];
const kindOf = (query: string) => KINDS.find(([pattern]) => pattern.test(query))?.[1] ?? "other";

/** CPU (ms) and statement time (ms, by kind) per database, for one interval. */
export interface PostgresUse {
  /** Backend CPU by database name; background processes (checkpointer, WAL writer …) under "(server)". */
  cpuByDatabase: Record<string, number>;
  /** Execution time of top-level statements by database, then by kind (STATEMENT_KINDS); empty without pg_stat_statements. */
  statementsByDatabase: Record<string, Record<string, number>>;
  /** Calls of top-level statements by database. */
  callsByDatabase: Record<string, number>;
}

interface Snapshot {
  cpu: Map<number, number>;
  databaseOf: Map<number, string>;
}

/**
 * Samples the server's processes and statements around an interval: `start()` before, `stop()`
 * after; the connection `url` must reach the server as a superuser (to reset the statistics). Only
 * databases whose name starts with `prefix` are named; the prefix is cut off.
 */
export class PostgresMeter {
  private constructor(
    private readonly admin: pg.Client,
    private readonly prefix: string,
    /** Whether the server loads pg_stat_statements (shared_preload_libraries). */
    readonly statements: boolean,
  ) {}

  /**
   * @param connections the connections the benchmark's services may open together: the server must
   *   allow them, or a baseline fails with "too many clients" in the middle of a cell
   */
  static async open(url: string, prefix: string, connections: number): Promise<PostgresMeter> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const allowed = Number((await admin.query<{ max_connections: string }>("SHOW max_connections")).rows[0].max_connections);
    if (allowed < connections + 10) {
      await admin.end();
      throw new Error(`PostgreSQL allows ${allowed} connections; the benchmark's services may open ${connections}: set max_connections = ${connections + 50} in postgresql.conf and restart it`);
    }
    let statements = false;
    try {
      await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      await admin.query("SELECT pg_stat_statements_reset()");
      statements = true;
    } catch {
      // not in shared_preload_libraries: CPU by database only
    }
    return new PostgresMeter(admin, prefix, statements);
  }

  private before?: Snapshot;

  private async snapshot(): Promise<Snapshot> {
    const { rows } = await this.admin.query<{ pid: number; datname: string | null }>("SELECT pid, datname FROM pg_stat_activity");
    const databaseOf = new Map(rows.map((row) => [row.pid, row.datname ?? "(server)"]));
    const cpu = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").startsWith("postgres")) cpu.set(Number(entry), cpuMilliseconds(Number(entry)));
      } catch {
        // ended meanwhile
      }
    }
    return { cpu, databaseOf };
  }

  private name(database: string): string {
    return database.startsWith(this.prefix) ? database.slice(this.prefix.length) : database === "(server)" ? database : "(other databases)";
  }

  async start(): Promise<void> {
    if (this.statements) await this.admin.query("SELECT pg_stat_statements_reset()");
    this.before = await this.snapshot();
  }

  /**
   * What the server spent since `start()`. A backend that ended during the interval took its CPU
   * with it (the pools keep theirs open, so little is lost): a lower bound.
   */
  async stop(): Promise<PostgresUse> {
    const after = await this.snapshot();
    const cpuByDatabase: Record<string, number> = {};
    for (const [pid, cpu] of after.cpu) {
      const database = this.name(after.databaseOf.get(pid) ?? this.before!.databaseOf.get(pid) ?? "(server)");
      cpuByDatabase[database] = (cpuByDatabase[database] ?? 0) + cpu - (this.before!.cpu.get(pid) ?? 0);
    }
    const statementsByDatabase: Record<string, Record<string, number>> = {};
    const callsByDatabase: Record<string, number> = {};
    if (this.statements) {
      const { rows } = await this.admin.query<{ datname: string; query: string; calls: string; total_exec_time: number }>(
        "SELECT d.datname, s.query, s.calls, s.total_exec_time FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE s.toplevel",
      );
      for (const row of rows) {
        const database = this.name(row.datname);
        if (database === "(other databases)") continue;
        const kinds = (statementsByDatabase[database] ??= {});
        kinds[kindOf(row.query)] = (kinds[kindOf(row.query)] ?? 0) + row.total_exec_time;
        callsByDatabase[database] = (callsByDatabase[database] ?? 0) + Number(row.calls);
      }
    }
    return { cpuByDatabase, statementsByDatabase, callsByDatabase };
  }

  async close(): Promise<void> {
    await this.admin.end();
  }
}
