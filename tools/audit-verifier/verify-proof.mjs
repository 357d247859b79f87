#!/usr/bin/env node
// An access-log proof verifier that shares no code with the hub: Node's own crypto module, the
// bundle, and nothing else. Give it to an auditor, a court, the participant's lawyer.
//
//   node tools/audit-verifier/verify-proof.mjs bundle.json --key '<verifier key>'
//
// The key is required and must come from somewhere you trust (the hub's operator, the DPO), never
// from the bundle: a bundle can be signed by anyone's key.
//
// Two kinds of bundle:
//   `npm run audit:prove`:
//   { "checkpoint": "<signed note>",
//     "inclusion": [ { "record": "<canonical text>", "leafIndex": 17, "auditPath": ["<base64>", …] } ],
//     "consistency": { "older": "<signed note>", "proof": ["<base64>", …] } }
//   the participant's report ("Download every proof"):
//   { "kind": "social-activation-hub/participant-report-proofs",
//     "records": [ { "record": {…}, "proof": { "log", "leafIndex", "treeSize", "record", "auditPath", "checkpoint" } | null } ] }
//
// Checks, from the published specifications only:
//   - C2SP signed-note with an Ed25519 key: key id = SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[0:4];
//   - C2SP tlog-checkpoint body: origin, tree size, base64 root hash;
//   - RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), with RFC 6962 hashing:
//     leaf = SHA-256(0x00 ‖ SHA-256(record text)), node = SHA-256(0x01 ‖ left ‖ right).
// Prints one line per check; exits 0 when every check holds, 1 when one fails, 2 on bad input.
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const sha256 = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafOf = (recordText) => sha256(Buffer.from([0]), sha256(Buffer.from(recordText, "utf8")));
const node = (left, right) => sha256(Buffer.from([1]), left, right);

function readKey(text) {
  const [name, id, ...encoded] = String(text).trim().split("+"); // the base64 key may hold '+' itself
  const bytes = Buffer.from(encoded.join("+"), "base64");
  if (!name || !/^[0-9a-f]{8}$/.test(id ?? "") || bytes.length !== 33 || bytes[0] !== 1) throw new Error("the verifier key is not <name>+<8 hex digits>+<base64 of 0x01 and 32 bytes>");
  const computed = sha256(Buffer.from(`${name}\n`), bytes).subarray(0, 4).toString("hex");
  if (computed !== id) throw new Error("the verifier key's id does not match its name and key");
  return { name, id, key: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: bytes.subarray(1).toString("base64url") }, format: "jwk" }) };
}

function openNote(note, key) {
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new Error("not a signed note");
  const text = note.slice(0, split + 1);
  const signatures = note.slice(split + 2).split("\n").filter(Boolean);
  let good = false;
  for (const line of signatures) {
    const match = line.match(/^\u2014 (\S+) (\S+)$/);
    if (!match || match[1] !== key.name) continue;
    const bytes = Buffer.from(match[2], "base64");
    if (bytes.subarray(0, 4).toString("hex") !== key.id) continue;
    good = verify(null, Buffer.from(text, "utf8"), key.key, bytes.subarray(4));
  }
  if (!good) throw new Error(`no good signature by ${key.name}`);
  const [origin, size, root] = text.split("\n");
  const rootHash = Buffer.from(root ?? "", "base64");
  if (!origin || !/^\d{1,15}$/.test(size ?? "") || rootHash.length !== 32) throw new Error("the checkpoint body is not origin, size, root hash");
  return { origin, size: Number(size), rootHash };
}

// RFC 9162 §2.1.3.2.
function rootFromInclusion(leafIndex, treeSize, leaf, path) {
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || !(leafIndex < treeSize)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

// RFC 9162 §2.1.4.2.
function consistent(first, second, firstHash, secondHash, proof) {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second)) return false;
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (first < 1 || first > second || proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = node(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}

const isPath = (value) => Array.isArray(value) && value.every((hash) => typeof hash === "string" && Buffer.from(hash, "base64").length === 32);

function main(argv) {
  const keyAt = argv.indexOf("--key");
  const file = argv.find((arg, index) => !arg.startsWith("--") && index !== keyAt + 1);
  if (!file || keyAt < 0 || !argv[keyAt + 1]) throw new Error("usage: verify-proof.mjs bundle.json --key '<verifier key>' (the key from someone you trust, never from the bundle)");
  const bundle = JSON.parse(readFileSync(file, "utf8"));
  const key = readKey(argv[keyAt + 1]);
  let failed = 0;
  const report = (ok, line) => {
    console.log(`${ok ? "OK  " : "FAIL"} ${line}`);
    if (!ok) failed += 1;
  };
  const opened = new Map();
  const checkpointOf = (note) => {
    if (!opened.has(note)) {
      try {
        const checkpoint = openNote(String(note), key);
        report(true, `checkpoint of ${checkpoint.origin}, ${checkpoint.size} records, signed by ${key.name}`);
        opened.set(note, checkpoint);
      } catch (error) {
        report(false, `checkpoint: ${error.message}`);
        opened.set(note, null);
      }
    }
    return opened.get(note);
  };
  const included = (checkpoint, item, treeSize = checkpoint.size) => {
    const index = item.leafIndex;
    const path = isPath(item.auditPath) ? item.auditPath.map((hash) => Buffer.from(hash, "base64")) : null;
    const root = path && treeSize === checkpoint.size ? rootFromInclusion(index, checkpoint.size, leafOf(String(item.record)), path) : null;
    const position = String(item.record).split("\u001f")[0];
    report(Boolean(root && root.equals(checkpoint.rootHash)), `record at position ${position} (leaf ${index}) is in the signed tree of ${checkpoint.origin}`);
  };
  if (Array.isArray(bundle.records)) {
    // The participant's report: each record carries its own proof and checkpoint.
    for (const entry of bundle.records) {
      if (!entry?.proof) continue;
      const checkpoint = checkpointOf(entry.proof.checkpoint);
      if (checkpoint) included(checkpoint, entry.proof, entry.proof.treeSize);
    }
    if (!opened.size) report(false, "the bundle holds no proof");
    return failed ? 1 : 0;
  }
  const checkpoint = checkpointOf(bundle.checkpoint);
  if (!checkpoint) return 1;
  for (const item of bundle.inclusion ?? []) included(checkpoint, item);
  if (bundle.consistency) {
    try {
      const older = openNote(String(bundle.consistency.older), key);
      const proof = isPath(bundle.consistency.proof) ? bundle.consistency.proof.map((hash) => Buffer.from(hash, "base64")) : null;
      report(
        Boolean(proof) && older.origin === checkpoint.origin && consistent(older.size, checkpoint.size, older.rootHash, checkpoint.rootHash, proof),
        `the tree of ${older.size} records is a prefix of the tree of ${checkpoint.size}: nothing signed before was changed`,
      );
    } catch (error) {
      report(false, `older checkpoint: ${error.message}`);
    }
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exitCode = 2;
}
