import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { CheckpointError, openCheckpoint, type SignedCheckpoint } from "./checkpoint";
import { MerkleTree } from "./merkle";
import type { FileWitness, WitnessedRecord } from "./witness";

/**
 * Checks a subgraph's access log (archive, then live records) in two ways:
 * - on its own (verifyAccessLog): every record's content, recomputed here in TypeScript
 *   independently of the database trigger that wrote it, still matches its hash, and positions
 *   only grow. This finds an edit by hand that did not also recompute the hash;
 * - against the latest signed checkpoint the witness holds (verifyAgainstCheckpoint): the records
 *   the checkpoint covers must hash, as an RFC 6962 tree, to its signed root. This finds what
 *   someone with full rights on the database did, rehashing included: a rewritten, deleted, moved
 *   or inserted record, a truncated tail. The witness's copy of the signed records' digests names
 *   which ones.
 */
export interface StoredRecord {
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

export interface ChainReport {
  records: number;
  broken: { position: number; problem: string } | null;
}

const PAGE = 5000;

/** The whole log, archive and live records, as one table (`SELECT … FROM ${WHOLE_LOG} log`). */
export const WHOLE_LOG = `(SELECT * FROM access_log_archive UNION ALL SELECT * FROM access_log)`;

/** The columns of a record as its canonical text needs them (`position > $1`, in position order, a page at a time). */
export const RECORD_COLUMNS = `position::text, prev_hash, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_micros, subject, agency, unit,
  operation_name, coalesce(participant_id::text, '') AS participant, data_owner, action, array_to_string(fields, ',') AS fields,
  outcome, coalesce(refused_by, '') AS refused_by, hash`;

/**
 * The text a record's digest covers: every column but the hash, the time as integer microseconds,
 * joined by the unit separator (U+001F). The same as the trigger's in access-log.migration.ts; an
 * inclusion proof hands it to the verifier, which hashes it itself.
 */
export const canonicalText = (record: Omit<StoredRecord, "hash">): string =>
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
  ].join("\x1f");

/** SHA-256 of the canonical text, hex: what the `hash` column should hold. */
export const recordHash = (record: Omit<StoredRecord, "hash">): string => createHash("sha256").update(canonicalText(record), "utf8").digest("hex");

/** Every record, archive and live, in position order, a page at a time. */
export async function* wholeLog(db: DataSource | EntityManager): AsyncGenerator<StoredRecord> {
  let after = "0";
  for (;;) {
    const page: StoredRecord[] = await db.query(
      `SELECT ${RECORD_COLUMNS} FROM ${WHOLE_LOG} log WHERE log.position > $1 ORDER BY log.position LIMIT ${PAGE}`,
      [after],
    );
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].position;
  }
}

/**
 * The log on its own: each record's content against its hash; positions strictly growing (a
 * sequence leaves gaps where a transaction rolled back, so a gap is no finding); and, for records
 * written before checkpoints replaced the chain, each one's link to the previous hash.
 */
export async function verifyAccessLog(db: DataSource | EntityManager): Promise<ChainReport> {
  let records = 0;
  let previous: StoredRecord | null = null;
  for await (const record of wholeLog(db)) {
    const position = Number(record.position);
    if (previous && position <= Number(previous.position)) return { records, broken: { position, problem: `record ${position} appears twice` } };
    if (record.prev_hash && record.prev_hash !== (previous?.hash ?? "GENESIS")) {
      return { records, broken: { position, problem: `record ${position} does not follow the record before it (its link to the previous hash is wrong)` } };
    }
    const { hash, ...content } = record;
    if (recordHash(content) !== hash) return { records, broken: { position, problem: `record ${position} was altered (its content no longer matches its hash)` } };
    previous = record;
    records += 1;
  }
  return { records, broken: null };
}

export interface CheckpointReport {
  records: number;
  /** The latest signed checkpoint, or null when the witness holds none. */
  checkpoint: SignedCheckpoint | null;
  /** Records after the checkpoint, not yet witnessed. */
  unsealed: number;
  /** What broke, most telling first; empty when the log matches its checkpoint. */
  problems: string[];
}

type Finding = { kind: "rewritten" | "deleted" | "moved" | "inserted"; position: number; detail?: string };

/** "record 5", "records 5–9" and so on, for findings of one kind in position order. */
function ranges(positions: number[]): string {
  const parts: string[] = [];
  let start = positions[0];
  let end = start;
  for (const position of [...positions.slice(1), NaN]) {
    if (position === end + 1) {
      end = position;
      continue;
    }
    parts.push(start === end ? `${start}` : `${start}–${end}`);
    start = end = position;
  }
  const shown = parts.length > 6 ? [...parts.slice(0, 6), `and ${parts.length - 6} more`] : parts;
  return `${positions.length === 1 ? "record" : "records"} ${shown.join(", ")}`;
}

/**
 * The log against the latest checkpoint in the witness, every checkpoint's signature checked with
 * `verifierKey` (C2SP signed-note, shared/audit/checkpoint.ts).
 * Shape: problems are plain sentences naming positions, e.g. "record 57 was deleted".
 */
export async function verifyAgainstCheckpoint(
  db: DataSource | EntityManager,
  witness: FileWitness,
  verifierKey: string,
  origin: string,
  /** Checkpoints the auditor kept from earlier (`audit:verify -- --trusted FILE`): the witness must not have gone back on them. */
  trusted: SignedCheckpoint[] = [],
): Promise<CheckpointReport> {
  const stored: StoredRecord[] = [];
  for await (const record of wholeLog(db)) stored.push(record);
  const notes = witness.checkpoints();
  const held = trusted.filter((checkpoint) => checkpoint.origin === origin);
  if (!notes.length) {
    // Red team: with the witness deleted and the log emptied, there was nothing left to compare.
    const [sequence] = await db.query(`SELECT last_value::text AS last, is_called FROM access_log_position_seq`);
    const problems = [
      ...(stored.length ? [`no signed checkpoint in ${witness.folder}: nothing proves these ${stored.length} records untouched`] : []),
      ...(!stored.length && sequence?.is_called ? [`the log holds no record, yet it has handed out positions up to ${sequence.last}, and ${witness.folder} holds no checkpoint: records and witness were deleted`] : []),
      ...held.map((checkpoint) => `the checkpoint of ${checkpoint.time.toISOString()} you hold signs ${checkpoint.treeSize} records, and ${witness.folder} holds none: the witness was deleted`),
    ];
    return { records: stored.length, checkpoint: null, unsealed: stored.length, problems };
  }
  let checkpoints: SignedCheckpoint[];
  try {
    checkpoints = notes.map((note) => openCheckpoint(note, verifierKey));
  } catch (error) {
    return { records: stored.length, checkpoint: null, unsealed: 0, problems: [`a checkpoint in ${witness.folder} is not good: ${(error as Error).message}`] };
  }
  const latest = checkpoints[checkpoints.length - 1];
  const problems: string[] = [];
  if (checkpoints.some((checkpoint) => checkpoint.origin !== origin)) problems.push(`a checkpoint in ${witness.folder} is for another log than ${origin}`);

  // The witness's digests must hash to every checkpoint's signed root: then they are what was signed.
  const signed = witness.records(latest.treeSize);
  const witnessed = new MerkleTree();
  for (const record of signed) witnessed.append(record.digest);
  const unproven = signed.length !== latest.treeSize || checkpoints.some((checkpoint) => checkpoint.treeSize > witnessed.size || !witnessed.root(checkpoint.treeSize).equals(checkpoint.rootHash));
  // The auditor's own copies: a witness rolled back to an earlier state, or rewritten, goes back on them.
  for (const checkpoint of held) {
    if (checkpoint.treeSize > latest.treeSize) problems.push(`the checkpoint of ${checkpoint.time.toISOString()} you hold signs ${checkpoint.treeSize} records, the witness's latest only ${latest.treeSize}: the witness and the log were rolled back`);
    else if (checkpoint.treeSize > witnessed.size || !witnessed.root(checkpoint.treeSize).equals(checkpoint.rootHash)) problems.push(`the witness's history differs from the checkpoint of ${checkpoint.time.toISOString()} you hold (${checkpoint.treeSize} records): it was rewritten`);
  }
  const covered = stored.filter((record) => Number(record.position) <= latest.lastPosition);
  const unsealed = stored.length - covered.length;

  // The cryptographic check: the records the checkpoint covers, their digests recomputed from their content.
  const tree = new MerkleTree();
  for (const record of covered) tree.append(Buffer.from(recordHash(record), "hex"));
  const witnessProblem = `the witness's copy of the signed records' digests in ${witness.folder} does not hash to its checkpoints: the witness was altered`;
  if (tree.size === latest.treeSize && tree.root().equals(latest.rootHash)) {
    return { records: stored.length, checkpoint: latest, unsealed, problems: unproven ? [...problems, witnessProblem] : problems };
  }

  const when = `the checkpoint of ${latest.time.toISOString()} signed ${latest.treeSize} records (positions up to ${latest.lastPosition})`;
  if (unproven) {
    problems.push(`${when}; the log's records do not hash to its root, and the witness's copy of their digests does not either, so which records changed cannot be named`);
    return { records: stored.length, checkpoint: latest, unsealed, problems };
  }
  problems.push(...diagnose(signed, covered, latest.treeSize, when));
  return { records: stored.length, checkpoint: latest, unsealed, problems };
}

/** Which records differ from what was signed, and how. */
function diagnose(signed: WitnessedRecord[], covered: StoredRecord[], treeSize: number, when: string): string[] {
  const byPosition = new Map(covered.map((record) => [Number(record.position), record]));
  const signedDigests = new Map(signed.map((record) => [record.digest.toString("hex"), record.position]));
  const signedPositions = new Set(signed.map((record) => record.position));
  const byStoredHash = new Map(covered.map((record) => [record.hash, record]));
  const findings: Finding[] = [];
  for (const record of signed) {
    const digest = record.digest.toString("hex");
    const now = byPosition.get(record.position);
    if (now && recordHash(now) === digest) continue;
    // A record whose stored hash is a signed one from elsewhere: its content was moved, not made up.
    const movedTo = byStoredHash.get(digest);
    if (movedTo && Number(movedTo.position) !== record.position) findings.push({ kind: "moved", position: record.position, detail: `now at position ${movedTo.position}` });
    else if (now) findings.push({ kind: "rewritten", position: record.position });
    else findings.push({ kind: "deleted", position: record.position });
  }
  for (const record of covered) {
    const position = Number(record.position);
    if (!signedPositions.has(position) && !signedDigests.has(record.hash)) findings.push({ kind: "inserted", position });
  }
  const of = (kind: Finding["kind"]) => findings.filter((finding) => finding.kind === kind);
  const problems: string[] = [`${when}; the log now holds ${covered.length} records up to that position, and they no longer hash to its root`];
  const deleted = of("deleted").map((finding) => finding.position);
  const deletedSet = new Set(deleted);
  // The tail: the signed records at the end that are all gone, with nothing of the log after them.
  const lastKept = covered.length ? Number(covered[covered.length - 1].position) : 0;
  const tail: number[] = [];
  for (let index = signed.length - 1; index >= 0 && deletedSet.has(signed[index].position) && signed[index].position > lastKept; index -= 1) tail.unshift(signed[index].position);
  const middle = deleted.filter((position) => !tail.includes(position));
  if (middle.length) problems.push(`${ranges(middle)} ${middle.length === 1 ? "was" : "were"} deleted`);
  if (of("moved").length) problems.push(`${ranges(of("moved").map((finding) => finding.position))} moved: the content signed there is ${of("moved").map((finding) => finding.detail).slice(0, 3).join(", ")} (records were reordered)`);
  if (of("rewritten").length) problems.push(`${ranges(of("rewritten").map((finding) => finding.position))} ${of("rewritten").length === 1 ? "was" : "were"} rewritten: the content differs from what was signed`);
  if (of("inserted").length) problems.push(`${ranges(of("inserted").map((finding) => finding.position))} ${of("inserted").length === 1 ? "was" : "were"} never signed but sit${of("inserted").length === 1 ? "s" : ""} among signed ones (inserted)`);
  const rewritten = of("rewritten").map((finding) => finding.position);
  if (rewritten.length && covered.length < treeSize && (middle.length || tail.length)) {
    problems.push(`the first change is at record ${Math.min(rewritten[0], ...middle.slice(0, 1))}: from there on records were renumbered or rewritten, as when a record is deleted in the middle and the rest re-chained`);
  }
  if (tail.length) problems.push(`the last ${tail.length} signed ${tail.length === 1 ? "record" : "records"} (${ranges(tail)}) ${tail.length === 1 ? "is" : "are"} gone: the log was truncated`);
  if (problems.length === 1 && covered.length !== treeSize) problems.push(`${treeSize - covered.length} signed records are missing`);
  return problems;
}

/**
 * Moves records older than `cutoff` to the archive table, a whole prefix of the log at a time, so
 * that archive and live records still verify as one log. Returns how many moved.
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

export { CheckpointError };
