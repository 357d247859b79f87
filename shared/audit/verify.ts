import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";

/**
 * Walks one subgraph's access-log chain (archive, then live records) and recomputes every hash in
 * TypeScript, independently of the database trigger that wrote it. The first record whose content,
 * position or link does not fit is reported.
 */
export interface ChainReport {
  records: number;
  broken: { position: number; problem: string } | null;
}

interface StoredRecord {
  position: string;
  prev_hash: string;
  at_micros: string;
  subject: string;
  agency: string;
  unit: string;
  operation_name: string;
  participant: string;
  data_owner: string;
  action: string;
  fields: string;
  outcome: string;
  refused_by: string;
  hash: string;
}

const PAGE = 5000;

/** The same canonical text as the trigger in access-log.migration.ts: unit separator between the parts. */
export const recordHash = (record: Omit<StoredRecord, "hash">): string =>
  createHash("sha256")
    .update(
      [
        record.position,
        record.prev_hash,
        record.at_micros,
        record.subject,
        record.agency,
        record.unit,
        record.operation_name,
        record.participant,
        record.data_owner,
        record.action,
        record.fields,
        record.outcome,
        record.refused_by,
      ].join("\x1f"),
      "utf8",
    )
    .digest("hex");

export async function verifyAccessLog(db: DataSource | EntityManager): Promise<ChainReport> {
  let expectedPosition = 1;
  let previousHash = "GENESIS";
  let records = 0;
  let after = 0;
  for (;;) {
    const page: StoredRecord[] = await db.query(
      `SELECT position::text, prev_hash, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_micros, subject, agency, unit,
              operation_name, coalesce(participant_id::text, '') AS participant, data_owner, action, array_to_string(fields, ',') AS fields,
              outcome, coalesce(refused_by, '') AS refused_by, hash
         FROM (SELECT * FROM access_log_archive UNION ALL SELECT * FROM access_log) chain
        WHERE chain.position > $1 ORDER BY chain.position LIMIT ${PAGE}`,
      [after],
    );
    for (const record of page) {
      const position = Number(record.position);
      if (position !== expectedPosition) {
        const problem = position > expectedPosition ? `record ${expectedPosition} is missing (the next is ${position})` : `record ${position} appears twice`;
        return { records, broken: { position: expectedPosition, problem } };
      }
      if (record.prev_hash !== previousHash) {
        return { records, broken: { position, problem: `record ${position} does not follow record ${position - 1} (its link to the previous hash is wrong)` } };
      }
      const { hash, ...content } = record;
      if (recordHash(content) !== hash) {
        return { records, broken: { position, problem: `record ${position} was altered (its content no longer matches its hash)` } };
      }
      previousHash = hash;
      expectedPosition += 1;
      records += 1;
    }
    if (page.length < PAGE) return { records, broken: null };
    after = Number(page[page.length - 1].position);
  }
}

/**
 * Moves records older than `cutoff` to the archive table, a whole prefix of the chain at a time,
 * so that archive and live records still verify as one chain. Returns how many moved.
 */
export async function archiveAccessLog(db: DataSource, cutoff: Date): Promise<number> {
  return db.transaction(async (manager) => {
    const [{ last }] = await manager.query(`SELECT max(position) AS last FROM access_log WHERE at < $1`, [cutoff]);
    if (last === null) return 0;
    const moved = await manager.query(`INSERT INTO access_log_archive SELECT * FROM access_log WHERE position <= $1 RETURNING position`, [last]);
    // The append-only trigger lets a record go only with this setting and an identical archived copy.
    await manager.query(`SELECT set_config('hub.archiving', 'on', true)`);
    await manager.query(`DELETE FROM access_log WHERE position <= $1`, [last]);
    return moved.length;
  });
}
