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

  wrote(participantId: string, fields: string[]): void {
    this.add(participantId, "WRITE", "SERVED", null, fields);
  }

  refusedWrite(participantId: string | null, field: string, refusedBy: string): void {
    this.add(participantId, "WRITE", "REFUSED", refusedBy, [field]);
  }

  get pending(): number {
    return this.entries.size;
  }

  /** Appends everything gathered so far in one INSERT (the database chains it) and starts afresh. */
  async flush(manager: EntityManager): Promise<void> {
    if (this.entries.size === 0) return;
    const entries = [...this.entries.values()];
    this.entries.clear();
    const values: unknown[] = [];
    const rows = entries.map((entry) => {
      const start = values.length;
      values.push(
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
      );
      return `(${Array.from({ length: 10 }, (_, index) => `$${start + index + 1}`).join(", ")})`;
    });
    await manager.query(
      `INSERT INTO access_log (subject, agency, unit, operation_name, participant_id, data_owner, action, fields, outcome, refused_by) VALUES ${rows.join(", ")}`,
      values,
    );
  }
}
