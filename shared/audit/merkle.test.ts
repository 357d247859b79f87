import { execFileSync } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { scratchFolder } from "../../test/support/scratch";
import { auditSigningKey, auditVerifierKey, logOrigin, openCheckpoint, signCheckpoint, verifierKey, type AuditKey } from "./checkpoint";
import { Checkpointer } from "./checkpointer";
import { FileWitness } from "./witness";
import { EMPTY_ROOT, leafHash, MerkleTree, nodeHash } from "./merkle";

/**
 * The tree against RFC 6962's own recursive definition, and its proofs against an independent
 * verifier (tools/audit-verifier/verify-proof.mjs: node:crypto and the RFCs, none of our code).
 */
const sha = (text: string) => createHash("sha256").update(text).digest();
const records = (count: number) => Array.from({ length: count }, (_, index) => `${index + 1}\x1ftext of record ${index + 1}`);

/** MTH(D[n]) exactly as RFC 6962 §2.1 writes it. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash("sha256").digest();
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const treeOf = (texts: string[]) => {
  const tree = new MerkleTree();
  for (const text of texts) tree.append(sha(text));
  return tree;
};

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const key: AuditKey = { name: "test-audit", privateKey, publicKey };
const checkpointOf = (tree: MerkleTree, size: number) => signCheckpoint({ origin: "test/log", treeSize: size, rootHash: tree.root(size), time: new Date(), lastPosition: size }, key).note;

const VERIFIER = path.resolve(__dirname, "../../tools/audit-verifier/verify-proof.mjs");
const folder = scratchFolder("merkle-");
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

function runVerifier(bundle: object, ...args: string[]): { code: number; output: string } {
  const file = path.join(folder, `bundle-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(bundle));
  try {
    // The trusted key is given unless the test gives its own, or none (--no-key).
    const withKey = args.includes("--key") || args.includes("--no-key") ? args.filter((arg) => arg !== "--no-key") : [...args, "--key", verifierKey(key)];
    return { code: 0, output: execFileSync(process.execPath, [VERIFIER, file, ...withKey], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: failed.stdout + failed.stderr };
  }
}

describe("the Merkle tree (RFC 6962)", () => {
  it("has the root of RFC 6962's recursive definition for every size and every prefix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (count) => {
        const texts = records(count);
        const tree = treeOf(texts);
        for (const size of [0, 1, Math.floor(count / 2), count - 1, count].filter((size) => size >= 0 && size <= count)) {
          expect(tree.root(size).equals(referenceRoot(texts.slice(0, size).map(sha)))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    expect(new MerkleTree().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it("refuses proofs outside the tree, saying which bound", () => {
    const tree = treeOf(records(5));
    expect(() => tree.inclusionProof(5)).toThrow(/leaf index must be 0–4/);
    expect(() => tree.consistencyProof(0)).toThrow(/older tree size must be 1–5/);
    expect(() => tree.root(6)).toThrow(/tree size must be 0–5/);
  });
});

describe("tools/audit-verifier/verify-proof.mjs, sharing no code with the hub", () => {
  it("accepts every record's inclusion proof and every consistency proof, for trees of 1 to 40 records and a few larger", () => {
    for (const size of [...Array.from({ length: 40 }, (_, index) => index + 1), 64, 100, 257]) {
      const texts = records(size);
      const tree = treeOf(texts);
      const older = Math.max(1, Math.floor((size * 2) / 3));
      const bundle = {
        verifierKey: verifierKey(key),
        checkpoint: checkpointOf(tree, size),
        inclusion: texts.map((text, index) => ({ record: text, leafIndex: index, auditPath: tree.inclusionProof(index).map((node) => node.toString("base64")) })),
        consistency: { older: checkpointOf(tree, older), proof: tree.consistencyProof(older).map((node) => node.toString("base64")) },
      };
      const result = runVerifier(bundle);
      expect({ size, code: result.code, failures: result.output.split("\n").filter((line) => line.startsWith("FAIL")) }).toEqual({ size, code: 0, failures: [] });
    }
  });

  it("rejects an altered record, a wrong index, a changed path, a forged checkpoint, another key and a rewritten history", () => {
    const texts = records(13);
    const tree = treeOf(texts);
    const good = { record: texts[6], leafIndex: 6, auditPath: tree.inclusionProof(6).map((node) => node.toString("base64")) };
    const base = { verifierKey: verifierKey(key), checkpoint: checkpointOf(tree, 13) };
    const failing = (bundle: object, ...args: string[]) => {
      const result = runVerifier(bundle, ...args);
      expect(result.code).toBe(1);
      return result.output;
    };
    expect(runVerifier({ ...base, inclusion: [good] }).code).toBe(0);
    expect(failing({ ...base, inclusion: [{ ...good, record: good.record.replace("text", "edited") }] })).toMatch(/FAIL record at position 7/);
    expect(failing({ ...base, inclusion: [{ ...good, leafIndex: 5 }] })).toMatch(/FAIL/);
    expect(failing({ ...base, inclusion: [{ ...good, auditPath: [...good.auditPath.slice(1), good.auditPath[0]] }] })).toMatch(/FAIL/);
    expect(failing({ ...base, checkpoint: base.checkpoint.replace("\n13\n", "\n12\n"), inclusion: [good] })).toMatch(/FAIL checkpoint: no good signature/);
    const other = generateKeyPairSync("ed25519");
    expect(failing({ ...base, inclusion: [good] }, "--key", verifierKey({ name: "test-audit", publicKey: other.publicKey }))).toMatch(/FAIL checkpoint/);

    // Red team: a leaf index that is not a whole number, a bundle that brings its own key.
    for (const leafIndex of [6.5, "6", -1]) expect(failing({ ...base, inclusion: [{ ...good, leafIndex }] })).toMatch(/FAIL/);
    const stranger = generateKeyPairSync("ed25519");
    const forged = { verifierKey: verifierKey({ name: "test-audit", publicKey: stranger.publicKey }), checkpoint: signCheckpoint({ origin: "test/log", treeSize: 13, rootHash: tree.root(), time: new Date(), lastPosition: 13 }, { name: "test-audit", ...stranger }).note, inclusion: [good] };
    expect(runVerifier(forged, "--no-key")).toMatchObject({ code: 2, output: expect.stringMatching(/--key/) });
    expect(failing(forged)).toMatch(/FAIL checkpoint: no good signature/);

    // A history rewritten after the older checkpoint: record 3 changed, the tree re-signed.
    const rewritten = treeOf(texts.map((text, index) => (index === 2 ? `${text} (edited)` : text)));
    const history = { verifierKey: verifierKey(key), checkpoint: checkpointOf(rewritten, 13), consistency: { older: checkpointOf(tree, 8), proof: rewritten.consistencyProof(8).map((node) => node.toString("base64")) } };
    expect(failing(history)).toMatch(/FAIL the tree of 8 records is a prefix of the tree of 13/);
  });

  it("checks the participant's report's bundle: every record's proof against its own log's checkpoint", () => {
    const texts = records(9);
    const tree = treeOf(texts);
    const note = checkpointOf(tree, 9);
    const proofOf = (index: number) => ({ log: "test/log", leafIndex: index, treeSize: 9, record: texts[index], auditPath: tree.inclusionProof(index).map((node) => node.toString("base64")), checkpoint: note });
    const bundle = { kind: "social-activation-hub/participant-report-proofs", records: [{ record: {}, proof: proofOf(2) }, { record: {}, proof: null }, { record: {}, proof: proofOf(8) }] };
    expect(runVerifier(bundle)).toMatchObject({ code: 0, output: expect.stringMatching(/OK   record at position 9 \(leaf 8\)/) });
    bundle.records[2].proof!.record = texts[7];
    expect(runVerifier(bundle)).toMatchObject({ code: 1 });
  });

  it("reads a checkpoint the hub signed the same way the hub does (C2SP signed note)", () => {
    const tree = treeOf(records(3));
    const note = checkpointOf(tree, 3);
    expect(note).toMatch(/^test\/log\n3\n[A-Za-z0-9+/]{43}=\ntime \S+\nlast-position 3\n\n\u2014 test-audit \S+\n$/);
    expect(openCheckpoint(note, verifierKey(key))).toMatchObject({ origin: "test/log", treeSize: 3, lastPosition: 3 });
    expect(() => openCheckpoint(note.replace("last-position 3", "last-position 4"), verifierKey(key))).toThrow(/does not verify/);
  });
});

describe("the audit key (shared/audit/checkpoint.ts)", () => {
  it("is required in production, must be an Ed25519 private key, and is made once in development", () => {
    expect(() => auditSigningKey(folder, { NODE_ENV: "production" })).toThrow(/AUDIT_SIGNING_KEY is missing/);
    const { privateKey: rsa } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect(() => auditSigningKey(folder, { AUDIT_SIGNING_KEY: JSON.stringify(rsa.export({ format: "jwk" })) })).toThrow(/private Ed25519 key/);
    expect(() => auditSigningKey(folder, { AUDIT_SIGNING_KEY: "not json" })).toThrow(/private Ed25519 key/);
    const first = verifierKey(auditSigningKey(folder, {}));
    expect(verifierKey(auditSigningKey(folder, {}))).toBe(first);
    expect(fs.statSync(path.join(folder, "keys", "audit.jwk")).mode & 0o077).toBe(0);
    expect(auditVerifierKey(folder, { AUDIT_VERIFIER_KEY: first })).toEqual({ key: first, source: "AUDIT_VERIFIER_KEY" });
    expect(() => auditVerifierKey(folder, { AUDIT_VERIFIER_KEY: "someone+00000000+AAAA" })).toThrow(/verifier key reads/);
  });
});

describe("the checkpointer reads a large witness a chunk at a time (red team: 5 million records exhausted the heap)", () => {
  it("catches up with 20 000 signed records in 4 KiB reads, and refuses a witness whose records do not hash to its checkpoint", () => {
    const root = scratchFolder("witness-");
    const witness = new FileWitness(root, "csd", 4096);
    const tree = new MerkleTree();
    const written = Array.from({ length: 20_000 }, (_, index) => ({ position: index * 2 + 1, digest: sha(`record ${index}`) }));
    for (const record of written) tree.append(record.digest);
    const note = signCheckpoint({ origin: logOrigin("csd"), treeSize: written.length, rootHash: tree.root(), time: new Date(), lastPosition: written.at(-1)!.position }, key).note;
    witness.append(written, note, 0);
    const reader = new Checkpointer(null as never, "csd", witness, key);
    reader.refresh();
    expect(reader.problem).toBeNull();
    expect(reader.latest?.treeSize).toBe(20_000);
    expect(reader.inclusionProof(written[12_345].position)?.leafIndex).toBe(12_345);

    const lines = fs.readFileSync(path.join(root, "csd", "records.log"), "utf8").split("\n");
    lines[15_000] = `${written[15_000].position} ${sha("forged").toString("hex")}`;
    fs.writeFileSync(path.join(root, "csd", "records.log"), lines.join("\n"));
    const fooled = new Checkpointer(null as never, "csd", new FileWitness(root, "csd", 4096), key);
    fooled.refresh();
    expect(fooled.problem).toMatch(/do not hash to its last signed checkpoint/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
