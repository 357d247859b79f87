import type { EntityManager } from "typeorm";
import type { Caller } from "../context";
import { isUuid } from "../identifiers";

/**
 * What one request did with participants' personal data in one subgraph, gathered while it runs
 * and written as one statement: at the end of the request, or inside a write's own transaction so
 * that a committed change can never lack its record. One entry per participant (and outcome), with
 * the fields concerned.
 */
export type AccessAction = "READ" | "WRITE";
export type AccessOutcome = "SERVED" | "REFUSED";

interface Entry {
  participantId: string | null;
  action: AccessAction;
  outcome: AccessOutcome;
  refusedBy: string | null;
  fields: Set<string>;
}

/**
 * How long requests waited for their access-log records to be written, in this process: one
 * sample (milliseconds) per flush, the last 100 000 kept in a ring (a request adds one in O(1)).
 * bench/access-log.ts reads it.
 */
const WAIT_SAMPLES = 100_000;
export const appendWaits = {
  ring: new Float64Array(WAIT_SAMPLES),
  added: 0,
  add(ms: number): void {
    this.ring[this.added % WAIT_SAMPLES] = ms;
    this.added += 1;
  },
  /** The samples kept, oldest first. */
  samples(): number[] {
    const kept = Math.min(this.added, WAIT_SAMPLES);
    return Array.from({ length: kept }, (_, index) => this.ring[(this.added - kept + index) % WAIT_SAMPLES]);
  },
  reset(): void {
    this.added = 0;
  },
};

export class AccessRecorder {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly caller: Caller,
    private readonly operationName: string,
    private readonly dataOwner: string,
    private readonly enabled = true,
  ) {}

  private add(participantId: string | null, action: AccessAction, outcome: AccessOutcome, refusedBy: string | null, fields: string[]) {
    if (!this.enabled) return;
    const id = participantId && isUuid(participantId) ? participantId : null;
    const key = `${id}|${action}|${outcome}|${refusedBy}`;
    const entry = this.entries.get(key) ?? { participantId: id, action, outcome, refusedBy, fields: new Set<string>() };
    for (const field of fields) entry.fields.add(field);
    this.entries.set(key, entry);
  }

  read(participantId: string, field: string): void {
    this.add(participantId, "READ", "SERVED", null, [field]);
  }

  refusedRead(participantId: string, field: string, refusedBy: string): void {
    this.add(participantId, "READ", "REFUSED", refusedBy, [field]);
  }

  /**
   * A read of aggregate indicators: no person in the record (issue 17), `what` names the table
   * asked for, e.g. `indicators 2026-Q1 Pomurska ALL`.
   */
  readAggregate(what: string): void {
    this.add(null, "READ", "SERVED", null, [what]);
  }

  /** A refused read of aggregate indicators (another region, runs not its own): recorded too. */
  refusedAggregate(what: string, refusedBy: string): void {
    this.add(null, "READ", "REFUSED", refusedBy, [what]);
  }

  wrote(participantId: string, fields: string[]): void {
    this.add(participantId, "WRITE", "SERVED", null, fields);
  }

  refusedWrite(participantId: string | null, field: string, refusedBy: string): void {
    this.add(participantId, "WRITE", "REFUSED", refusedBy, [field]);
  }

  get pending(): number {
    return this.entries.size;
  }

  /** The rows gathered so far, as INSERT values, and starts afresh. */
  private take(): unknown[][] {
    const entries = [...this.entries.values()];
    this.entries.clear();
    return entries.map((entry) => [
      this.caller.sub,
      this.caller.agency,
      this.caller.unit,
      this.operationName,
      entry.participantId,
      this.dataOwner,
      entry.action,
      [...entry.fields].sort(),
      entry.outcome,
      entry.refusedBy,
    ]);
  }

  /**
   * Appends everything gathered so far (the database hashes and numbers each record) and starts
   * afresh: inside `manager`'s transaction when given (a write's own), else through `appender`,
   * which may share one INSERT and one commit with other requests' records.
   */
  async flush(manager: EntityManager, appender?: LogAppender): Promise<void> {
    if (this.entries.size === 0) return;
    const rows = this.take();
    const started = performance.now();
    await (appender ? appender.append(rows) : insertRecords(manager, rows));
    appendWaits.add(performance.now() - started);
  }
}

const COLUMNS = 10;

async function insertRecords(manager: EntityManager, rows: unknown[][]): Promise<void> {
  const placeholders = rows.map((_, row) => `(${Array.from({ length: COLUMNS }, (_, column) => `$${row * COLUMNS + column + 1}`).join(", ")})`);
  await manager.query(
    `INSERT INTO access_log (subject, agency, unit, operation_name, participant_id, data_owner, action, fields, outcome, refused_by) VALUES ${placeholders.join(", ")}`,
    rows.flat(),
  );
}

/**
 * Group commit for the records of reads: requests whose records arrive while `inFlight` INSERTs
 * are under way share the next one (at most 500 records, each request's rows whole), so that
 * under load a subgraph commits a few times per round trip instead of once per request. Nothing
 * waits when nothing is in flight, and nothing serialises: up to `inFlight` INSERTs run side by
 * side. A request still answers only after its records are committed (and gets no data if they
 * cannot be). Issue 16: "appending must not serialise the requests of a subgraph".
 */
export class LogAppender {
  private waiting: { rows: unknown[][]; done: (error?: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly manager: EntityManager,
    private readonly inFlight = 3,
  ) {}

  append(rows: unknown[][]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, done: (error) => (error ? reject(error) : resolve()) });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.inFlight && this.waiting.length) {
      const batch: typeof this.waiting = [];
      let size = 0;
      while (this.waiting.length && (batch.length === 0 || size + this.waiting[0].rows.length <= 500)) {
        const next = this.waiting.shift()!;
        batch.push(next);
        size += next.rows.length;
      }
      this.running += 1;
      insertRecords(this.manager, batch.flatMap((request) => request.rows)).then(
        () => this.settle(batch),
        (error: unknown) => this.settle(batch, error),
      );
    }
  }

  private settle(batch: typeof this.waiting, error?: unknown): void {
    this.running -= 1;
    for (const request of batch) request.done(error);
    this.pump();
  }
}
