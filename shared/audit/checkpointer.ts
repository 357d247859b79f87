import type { DataSource, EntityManager } from "typeorm";
import { BACKGROUND_STATEMENT } from "../database";
import { log } from "../log";
import { logOrigin, openCheckpoint, signCheckpoint, verifierKey, type AuditKey, type SignedCheckpoint } from "./checkpoint";
import { leafHash, MerkleTree } from "./merkle";
import { WHOLE_LOG } from "./verify";
import { parseCheckpointLine, parseRecordLine, recordLine, type FileWitness, type WitnessedRecord } from "./witness";

/**
 * Seals one subgraph's access log, every few seconds, into a signed checkpoint kept by the witness
 * (shared/audit/checkpoint.ts, witness.ts), and proves a record's inclusion to whoever holds only
 * a checkpoint.
 *
 * Records are appended without a lock (access-log.migration.ts): each takes the next number of a
 * sequence, so a transaction that took position 9 may commit after the one that took 10, or roll
 * back and leave 9 unused. A checkpoint must never cover 10 and later meet 9. So each round notes
 * the highest position handed out and then the next transaction id; once every transaction older
 * than that id has ended (the snapshot's xmin has passed it), every position up to the noted one
 * is committed or gone for good, and the next round seals exactly those records, in position order.
 * The tree's leaf i is the i-th record so sealed. A record deleted before it is sealed (within
 * about two rounds of its writing) leaves no trace: the window `AUDIT_CHECKPOINT_SECONDS` sets.
 * The witness is the tree's source: every replica of a subgraph reads what any of them sealed
 * (refresh), and one seals at a time, under a transaction-scoped advisory lock.
 */
export interface InclusionProof {
  /** The log: `<origin>/<subgraph>`. */
  log: string;
  leafIndex: number;
  treeSize: number;
  /** RFC 6962 audit path, bottom-up, base64. */
  auditPath: string[];
  /** The signed checkpoint the path leads to. */
  checkpoint: string;
}

interface Horizon {
  lastPosition: bigint;
  nextTransaction: bigint;
}


export class Checkpointer {
  private readonly tree = new MerkleTree();
  private readonly positions: number[] = [];
  private lastDigest: Buffer | null = null;
  private latestCheckpoint: SignedCheckpoint | null = null;
  /** Bytes of the witness's files read so far: records.log up to the last signed record, checkpoints.jsonl whole lines. */
  private recordsOffset = 0;
  private checkpointsOffset = 0;
  private pending: Horizon | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** Why sealing stopped (the log or the witness no longer matches what was signed), or null. */
  problem: string | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly subgraph: string,
    private readonly witness: FileWitness,
    private readonly key: AuditKey,
  ) {}

  get origin(): string {
    return logOrigin(this.subgraph);
  }

  get latest(): SignedCheckpoint | null {
    return this.latestCheckpoint;
  }

  /**
   * Reads what the witness holds, checks it against its last signed checkpoint, and checks the
   * database still holds the last witnessed record unchanged; if not, logs it and seals nothing
   * more (a new checkpoint would bless the change). Then seals every `intervalMs` (0: only on
   * sealNow, for tests).
   */
  async start(intervalMs: number): Promise<void> {
    this.refresh();
    const last = this.positions.at(-1);
    if (!this.problem && last !== undefined) {
      const [row] = await this.db.query(`${BACKGROUND_STATEMENT}SELECT hash FROM ${WHOLE_LOG} log WHERE position = $1`, [last]);
      if (row?.hash !== this.lastDigest?.toString("hex")) {
        this.stop(`record ${last}, the last one the witness signed, is ${row ? "changed" : "gone"} in the database: run npm run audit:verify`);
      }
    }
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.round(), intervalMs);
      this.timer.unref();
    }
  }

  /**
   * Catches up with checkpoints the witness gained since the last look (another replica of this
   * subgraph may seal too): reads only what was appended, and checks the tree against the newest
   * signed root. Cheap when nothing changed (two stat calls).
   */
  refresh(): void {
    if (this.problem) return;
    let note: string | null = null;
    if (this.checkpointsOffset === 0) {
      // First look: only the newest checkpoint matters, read from the file's end.
      const last = this.witness.lastLine("checkpoints.jsonl");
      if (last) {
        note = parseCheckpointLine(last.line);
        this.checkpointsOffset = last.offset;
      }
    } else {
      const fresh = this.witness.linesFrom("checkpoints.jsonl", this.checkpointsOffset);
      this.checkpointsOffset = fresh.offset;
      note = fresh.lines.flatMap((line) => parseCheckpointLine(line) ?? []).at(-1) ?? null;
    }
    if (!note) return;
    let latest: SignedCheckpoint;
    try {
      latest = openCheckpoint(note, verifierKey(this.key));
    } catch (error) {
      return this.stop(`the witness's last checkpoint in ${this.witness.folder} is not good: ${(error as Error).message}`);
    }
    if (latest.origin !== this.origin) return this.stop(`the witness in ${this.witness.folder} holds checkpoints of ${latest.origin}, not ${this.origin}`);
    // The records it signs, a chunk at a time.
    while (this.tree.size < latest.treeSize) {
      const chunk = this.witness.linesFrom("records.log", this.recordsOffset);
      if (!chunk.lines.length) break;
      let consumed = 0;
      for (const line of chunk.lines) {
        if (this.tree.size >= latest.treeSize) break;
        const record = parseRecordLine(line);
        if (!record) return this.stop(`the witness's records in ${this.witness.folder} hold a line that is not a record`);
        this.add(record);
        consumed += Buffer.byteLength(line) + 1;
      }
      this.recordsOffset += consumed;
    }
    if (this.tree.size !== latest.treeSize || !this.tree.root().equals(latest.rootHash)) {
      return this.stop(`the witness's records in ${this.witness.folder} do not hash to its last signed checkpoint`);
    }
    this.latestCheckpoint = latest;
  }

  private add(record: WitnessedRecord): void {
    this.tree.append(record.digest);
    this.positions.push(record.position);
    this.lastDigest = record.digest;
  }

  private stop(problem: string): void {
    this.problem = problem;
    log.error({ subgraph: this.subgraph, problem }, "access log checkpoints stopped");
  }

  /** One round: seal up to the previous round's horizon if it has settled, then note a new one. Never throws. */
  private round(): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.problem) return;
      try {
        if (this.pending && (await this.settled(this.pending))) {
          await this.seal(this.pending.lastPosition);
          this.pending = null;
        }
        this.pending ??= await this.horizon();
      } catch (error) {
        // The database is away or busy: the next round tries again; nothing is sealed half-way.
        log.warn({ subgraph: this.subgraph, err: error instanceof Error ? error.message : String(error) }, "access log checkpoint deferred");
      }
    });
    return this.running;
  }

  private async horizon(): Promise<Horizon> {
    const [sequence] = await this.db.query(`${BACKGROUND_STATEMENT}SELECT last_value::text AS last, is_called FROM access_log_position_seq`);
    // Taken after the position, in a statement of its own: every transaction holding a position up to it has an older id.
    const [snapshot] = await this.db.query(`${BACKGROUND_STATEMENT}SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
    return { lastPosition: sequence.is_called ? BigInt(sequence.last) : BigInt(sequence.last) - 1n, nextTransaction: BigInt(snapshot.next) };
  }

  private async settled(horizon: Horizon): Promise<boolean> {
    const [snapshot] = await this.db.query(`${BACKGROUND_STATEMENT}SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS oldest`);
    return BigInt(snapshot.oldest) >= horizon.nextTransaction;
  }

  /**
   * Seals the records after the last witnessed one up to `upTo`, under a lock held in the database
   * for the transaction, so that of several replicas of a subgraph one seals at a time, each after
   * catching up with what the others sealed. A replica that finds the lock taken skips the round.
   */
  private async seal(upTo: bigint): Promise<void> {
    this.refresh();
    if (this.problem || upTo <= BigInt(this.positions.at(-1) ?? 0)) return;
    // A transaction of its own, its statements marked as background work (not a request's).
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`${BACKGROUND_STATEMENT}BEGIN`);
      try {
        await this.sealLocked(runner.manager, upTo);
        await runner.query(`${BACKGROUND_STATEMENT}COMMIT`);
      } catch (error) {
        await runner.query(`${BACKGROUND_STATEMENT}ROLLBACK`);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  private async sealLocked(manager: EntityManager, upTo: bigint): Promise<void> {
    const [{ locked }] = await manager.query(`${BACKGROUND_STATEMENT}SELECT pg_try_advisory_xact_lock(hashtext('access_log_checkpoint')) AS locked`);
    if (!locked) return;
    this.refresh();
    if (this.problem) return;
    const after = this.positions.at(-1) ?? 0;
    if (upTo <= BigInt(after)) return;
    const rows: { position: string; hash: string }[] = await manager.query(
      `${BACKGROUND_STATEMENT}SELECT position::text, hash FROM ${WHOLE_LOG} log WHERE log.position > $1 AND log.position <= $2 ORDER BY log.position`,
      [after, upTo.toString()],
    );
    if (!rows.length) return;
    const records = rows.map((row) => ({ position: Number(row.position), digest: Buffer.from(row.hash, "hex") }));
    for (const record of records) this.add(record);
    const checkpoint = signCheckpoint(
      { origin: this.origin, treeSize: this.tree.size, rootHash: this.tree.root(), time: new Date(), lastPosition: this.positions.at(-1)! },
      this.key,
    );
    this.witness.append(records, checkpoint.note, this.recordsOffset);
    this.recordsOffset += records.reduce((bytes, record) => bytes + Buffer.byteLength(recordLine(record)), 0);
    this.checkpointsOffset = this.witness.linesFrom("checkpoints.jsonl", this.checkpointsOffset).offset;
    this.latestCheckpoint = checkpoint;
  }

  /**
   * Seals everything committed so far, waiting (polling every 20 ms, at most `timeoutMs`) for the
   * transactions still open to end. Tests and the hub's stop use it.
   * @throws Error when the log no longer matches its witness, or the wait runs out.
   */
  async sealNow(timeoutMs = 10_000): Promise<SignedCheckpoint | null> {
    await this.running;
    if (this.problem) throw new Error(this.problem);
    const horizon = await this.horizon();
    const until = Date.now() + timeoutMs;
    while (!(await this.settled(horizon))) {
      if (Date.now() > until) throw new Error("transactions still open: nothing sealed");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.running = this.running.then(() => this.seal(horizon.lastPosition));
    await this.running;
    return this.latestCheckpoint;
  }

  /**
   * The inclusion proof of the record at `position` against the latest checkpoint this replica
   * knows (call refresh() first for the witness's newest), or null when none covers it yet.
   */
  inclusionProof(position: number, digest?: string): InclusionProof | null {
    const checkpoint = this.latestCheckpoint;
    if (!checkpoint) return null;
    const index = binarySearch(this.positions, position, checkpoint.treeSize);
    if (index < 0) return null;
    // A record changed since it was signed keeps its proof, which then fails for anyone who checks
    // it; the operator is told at once (red team: it was served without a word).
    if (digest && !leafHash(Buffer.from(digest, "hex")).equals(this.tree.leaf(index))) {
      log.error({ subgraph: this.subgraph, position }, "access log record differs from what was signed: run npm run audit:verify");
    }
    return {
      log: this.origin,
      leafIndex: index,
      treeSize: checkpoint.treeSize,
      auditPath: this.tree.inclusionProof(index, checkpoint.treeSize).map((node) => node.toString("base64")),
      checkpoint: checkpoint.note,
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the rounds and seals what is committed (before the database closes), so a stopped hub's log is all witnessed. */
  async drain(): Promise<void> {
    this.close();
    await this.running;
    if (this.problem) return;
    try {
      await this.sealNow(2000);
    } catch (error) {
      log.warn({ subgraph: this.subgraph, err: error instanceof Error ? error.message : String(error) }, "access log: last checkpoint not sealed at stop");
    }
  }
}

function binarySearch(sorted: number[], value: number, length: number): number {
  let low = 0;
  let high = length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] === value) return middle;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
