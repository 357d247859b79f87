import { createHash, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logOrigin, signCheckpoint, type AuditKey } from "../shared/audit/checkpoint";
import { Checkpointer } from "../shared/audit/checkpointer";
import { MerkleTree } from "../shared/audit/merkle";
import { FileWitness, recordLine } from "../shared/audit/witness";

/**
 * `npx tsx bench/witness-memory.ts [records]` (default 5 000 000): how much memory and time a
 * subgraph's checkpointer needs to read a witness of that many signed records at start-up (the
 * red team's five million exhausted a 512 MB heap when the file was read at once). Run it under
 * the services' heap limit: `NODE_OPTIONS=--max-old-space-size=512`.
 */
const count = Number(process.argv[2] ?? 5_000_000);
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const key: AuditKey = { name: "bench-audit", privateKey, publicKey };
const root = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "witness-memory-"));
try {
  const folder = path.join(root, "csd");
  fs.mkdirSync(folder);
  const tree = new MerkleTree();
  const out = fs.openSync(path.join(folder, "records.log"), "w");
  let batch = "";
  for (let index = 0; index < count; index += 1) {
    const record = { position: index + 1, digest: createHash("sha256").update(`record ${index}`).digest() };
    tree.append(record.digest);
    batch += recordLine(record);
    if (batch.length > 1 << 20) {
      fs.writeSync(out, batch);
      batch = "";
    }
  }
  fs.writeSync(out, batch);
  fs.closeSync(out);
  const note = signCheckpoint({ origin: logOrigin("csd"), treeSize: count, rootHash: tree.root(), time: new Date(), lastPosition: count }, key).note;
  fs.writeFileSync(path.join(folder, "checkpoints.jsonl"), `${JSON.stringify(note)}\n`);
  global.gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const reader = new Checkpointer(null as never, "csd", new FileWitness(root, "csd"), key);
  reader.refresh();
  const seconds = (performance.now() - started) / 1000;
  const after = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(
    `${count} signed records (${mb(fs.statSync(path.join(folder, "records.log")).size)} MB of witness) read in ${seconds.toFixed(1)} s: ${reader.problem ?? "tree matches its checkpoint"}; heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} MB, outside the heap (buffers) ${mb(before.external + before.arrayBuffers)} → ${mb(after.external + after.arrayBuffers)} MB, RSS ${mb(after.rss)} MB`,
  );
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
