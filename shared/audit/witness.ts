import fs from "node:fs";
import path from "node:path";

/**
 * The witness: where a subgraph's signed checkpoints are kept, outside its database, so that
 * someone who can rewrite the database cannot also rewrite what was signed. The default is a
 * folder (`AUDIT_WITNESS_DIR`, default `DATA_DIR/witness`): mount it from storage the database's
 * administrators cannot write (another host's share, a write-once bucket), README "The access log".
 *
 * Per log, `<dir>/<subgraph>/`:
 * - `checkpoints.jsonl`: every signed checkpoint note, one JSON string a line, oldest first;
 * - `records.log`: `<position> <digest, hex>` of every record a checkpoint covers, in tree order.
 *   The signed root proves this copy (it must hash to the root); with it `npm run audit:verify`
 *   names the very record that was rewritten, deleted or moved, not just "the root differs".
 * Both files are only ever appended to.
 */
export interface WitnessedRecord {
  position: number;
  digest: Buffer;
}

export class FileWitness {
  readonly folder: string;

  /** `chunkBytes`: how much of a file one read takes (tests make it small). */
  constructor(
    root: string,
    subgraph: string,
    private readonly chunkBytes = 8 * 1024 * 1024,
  ) {
    this.folder = path.join(root, subgraph);
  }

  private file(name: "checkpoints.jsonl" | "records.log"): string {
    return path.join(this.folder, name);
  }

  /** Every checkpoint note, oldest first ([] when none was written yet). */
  checkpoints(): string[] {
    return this.linesFrom("checkpoints.jsonl", 0, Number.MAX_SAFE_INTEGER).lines.flatMap((line) => parseCheckpointLine(line) ?? []);
  }

  /** The witnessed records, in tree order; only the first `limit` (a checkpoint's tree size) when given. */
  records(limit = Infinity): WitnessedRecord[] {
    const records: WitnessedRecord[] = [];
    for (const line of this.linesFrom("records.log", 0, Number.MAX_SAFE_INTEGER).lines) {
      if (records.length >= limit) break;
      const record = parseRecordLine(line);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * What was appended to a file since byte `offset`, at most `maxBytes` of it: whole lines only (a
   * line still being written, or cut by the limit, waits for the next read), and the offset after
   * the last whole line. Reading a large witness a chunk at a time keeps memory flat (red team:
   * five million records read at once exhausted a 512 MB heap).
   */
  linesFrom(name: "checkpoints.jsonl" | "records.log", offset: number, maxBytes = this.chunkBytes): { lines: string[]; offset: number } {
    const file = this.file(name);
    if (!fs.existsSync(file)) return { lines: [], offset };
    const size = fs.statSync(file).size;
    if (size <= offset) return { lines: [], offset };
    const handle = fs.openSync(file, "r");
    try {
      const bytes = Buffer.alloc(Math.min(size - offset, maxBytes));
      fs.readSync(handle, bytes, 0, bytes.length, offset);
      const end = bytes.lastIndexOf(0x0a) + 1;
      return { lines: bytes.subarray(0, end).toString("utf8").split("\n").slice(0, -1), offset: offset + end };
    } finally {
      fs.closeSync(handle);
    }
  }

  /** The last whole line of a file (read from its end) and the offset after it; null when it has none. */
  lastLine(name: "checkpoints.jsonl" | "records.log"): { line: string; offset: number } | null {
    const file = this.file(name);
    if (!fs.existsSync(file)) return null;
    const size = fs.statSync(file).size;
    const handle = fs.openSync(file, "r");
    try {
      for (let window = 64 * 1024; ; window *= 4) {
        const start = Math.max(0, size - window);
        const bytes = Buffer.alloc(size - start);
        fs.readSync(handle, bytes, 0, bytes.length, start);
        const end = bytes.lastIndexOf(0x0a);
        if (end < 0) return null;
        const begin = bytes.lastIndexOf(0x0a, end - 1) + 1;
        if (begin > 0 || start === 0) return { line: bytes.subarray(begin, end).toString("utf8"), offset: start + end + 1 };
      }
    } finally {
      fs.closeSync(handle);
    }
  }

  /**
   * Appends the records a new checkpoint adds, then the checkpoint, each flushed to disk before
   * the next: a crash in between leaves records beyond the last checkpoint, which readers ignore
   * (they take only a checkpoint's tree size of them) and the next sealer cuts off (`signedBytes`:
   * where the signed records end). Only the holder of the seal lock calls it (checkpointer.ts).
   */
  append(records: WitnessedRecord[], note: string, signedBytes: number): void {
    fs.mkdirSync(this.folder, { recursive: true });
    const recordsFile = this.file("records.log");
    if (fs.existsSync(recordsFile) && fs.statSync(recordsFile).size > signedBytes) fs.truncateSync(recordsFile, signedBytes);
    appendDurably(recordsFile, records.map(recordLine).join(""));
    appendDurably(this.file("checkpoints.jsonl"), `${JSON.stringify(note)}\n`);
  }
}

/** One line of records.log: `<position> <digest, hex>\n`. */
export const recordLine = (record: WitnessedRecord): string => `${record.position} ${record.digest.toString("hex")}\n`;

/** Reads one line of records.log; null for anything else. */
export function parseRecordLine(line: string): WitnessedRecord | null {
  const match = line.match(/^(\d+) ([0-9a-f]{64})$/);
  return match ? { position: Number(match[1]), digest: Buffer.from(match[2], "hex") } : null;
}

/** Reads one line of checkpoints.jsonl; null for a line a crash cut short. */
export function parseCheckpointLine(line: string): string | null {
  try {
    const note: unknown = JSON.parse(line);
    return typeof note === "string" ? note : null;
  } catch {
    return null;
  }
}

function appendDurably(file: string, text: string): void {
  const handle = fs.openSync(file, "a", 0o600);
  try {
    fs.writeSync(handle, text);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}

/** The witness folder: `AUDIT_WITNESS_DIR`, default `<DATA_DIR>/witness`. */
export const witnessRoot = (dataDir: string, env = process.env): string => path.resolve(env.AUDIT_WITNESS_DIR || path.join(dataDir, "witness"));
