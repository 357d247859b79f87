import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createFileOnce } from "../auth/keys";
import { ConfigError, hubSettings } from "../config";

/**
 * Signed checkpoints of the access log: the tree size and root hash of a subgraph's log at a
 * moment, signed with the hub's audit key, which no database ever holds. The text follows the C2SP
 * specifications that Certificate Transparency's successors (Go's checksum database, Sigstore's
 * Rekor, the witness network) share, so their tools read it too:
 * - body (C2SP tlog-checkpoint): `<origin>\n<tree size>\n<root hash, base64>\n` and our extension
 *   lines `time <ISO 8601>\n` and `last-position <n>\n` (the highest record position covered);
 * - signature (C2SP signed-note, Ed25519): a blank line, then
 *   `— <key name> <base64(key id ‖ signature)>\n`, key id = SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)[0:4];
 * - the verifier key, the one thing an outsider needs: `<name>+<key id, hex>+<base64(0x01 ‖ public key)>`.
 */
export interface Checkpoint {
  /** `<AUDIT_LOG_ORIGIN>/<subgraph>`, e.g. `social-activation-hub/csd`. */
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  time: Date;
  /** The position of the last record the tree covers (0 for an empty tree). */
  lastPosition: number;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The whole signed note, as written to the witness and handed to verifiers. */
  note: string;
}

const ED25519 = 0x01;
const SIGNATURE_DASH = "\u2014";

export class CheckpointError extends Error {}

export interface AuditKey {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** The 32 raw bytes of an Ed25519 public key. */
const rawPublicKey = (key: KeyObject): Buffer => Buffer.from(key.export({ format: "jwk" }).x as string, "base64url");

const keyId = (name: string, publicKey: Buffer): Buffer => createHash("sha256").update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([ED25519]), publicKey])).digest().subarray(0, 4);

/** The verifier key string (C2SP signed-note) for an audit key: what a DPO or an outside auditor is given. */
export function verifierKey(key: { name: string; publicKey: KeyObject }): string {
  const raw = rawPublicKey(key.publicKey);
  return `${key.name}+${keyId(key.name, raw).toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString("base64")}`;
}

/**
 * Parses a verifier key string.
 * @throws CheckpointError when it is not `<name>+<8 hex digits>+<base64 of 33 bytes, Ed25519>` or its id does not match.
 */
export function parseVerifierKey(text: string): { name: string; publicKey: KeyObject; id: Buffer } {
  // The key's base64 may hold '+' itself: name and id end at the first two.
  const [name, id, ...encoded] = text.trim().split("+");
  const bytes = Buffer.from(encoded.join("+"), "base64");
  if (!name || !/^[0-9a-f]{8}$/.test(id ?? "") || bytes.length !== 33 || bytes[0] !== ED25519) {
    throw new CheckpointError("a verifier key reads <name>+<key id, 8 hex digits>+<base64 of 0x01 and a 32-byte Ed25519 key>");
  }
  const raw = bytes.subarray(1);
  if (!keyId(name, raw).equals(Buffer.from(id, "hex"))) throw new CheckpointError("the verifier key's id does not match its name and key");
  return { name, id: Buffer.from(id, "hex"), publicKey: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" }) };
}

const body = (checkpoint: Checkpoint): string =>
  `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString("base64")}\ntime ${checkpoint.time.toISOString()}\nlast-position ${checkpoint.lastPosition}\n`;

/** Signs a checkpoint with the audit key; the result is the note the witness keeps. */
export function signCheckpoint(checkpoint: Checkpoint, key: AuditKey): SignedCheckpoint {
  const text = body(checkpoint);
  const signature = sign(null, Buffer.from(text, "utf8"), key.privateKey);
  const stamp = Buffer.concat([keyId(key.name, rawPublicKey(key.publicKey)), signature]).toString("base64");
  return { ...checkpoint, note: `${text}\n${SIGNATURE_DASH} ${key.name} ${stamp}\n` };
}

/**
 * Checks a note's signature with the verifier key and reads the checkpoint in it.
 * @throws CheckpointError naming what is wrong: no signature by this key, a bad signature, a malformed body.
 */
export function openCheckpoint(note: string, verifier: string): SignedCheckpoint {
  const key = parseVerifierKey(verifier);
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new CheckpointError("not a signed note: no blank line before the signatures");
  const text = note.slice(0, split + 1);
  const stamps = note.slice(split + 2).split("\n").filter(Boolean);
  const ours = stamps
    .map((line) => line.match(new RegExp(`^${SIGNATURE_DASH} (\\S+) (\\S+)$`)))
    .map((match) => (match ? { name: match[1], bytes: Buffer.from(match[2], "base64") } : null))
    .find((stamp) => stamp && stamp.name === key.name && stamp.bytes.subarray(0, 4).equals(key.id));
  if (!ours) throw new CheckpointError(`the checkpoint is not signed by the audit key ${key.name}`);
  if (!verify(null, Buffer.from(text, "utf8"), key.publicKey, ours.bytes.subarray(4))) throw new CheckpointError("the checkpoint's signature does not verify: it was altered or signed by another key");
  const [origin, size, root, ...extensions] = text.slice(0, -1).split("\n");
  const extension = (name: string) => extensions.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1);
  const rootHash = Buffer.from(root ?? "", "base64");
  const treeSize = Number(size);
  const time = new Date(extension("time") ?? "");
  const lastPosition = Number(extension("last-position"));
  if (!origin || !/^\d+$/.test(size ?? "") || rootHash.length !== 32 || Number.isNaN(time.getTime()) || !Number.isInteger(lastPosition)) {
    throw new CheckpointError("the checkpoint's body is not origin, tree size, root hash, time and last position");
  }
  return { origin, treeSize, rootHash, time, lastPosition, note };
}

/** The origin line of a subgraph's log: `<AUDIT_LOG_ORIGIN, default social-activation-hub>/<subgraph>`. */
export const logOrigin = (subgraph: string, env = process.env): string => `${env.AUDIT_LOG_ORIGIN || "social-activation-hub"}/${subgraph}`;

const keyName = (env: NodeJS.ProcessEnv) => {
  const name = env.AUDIT_KEY_NAME || "social-activation-hub-audit";
  if (!/^[^\s+]{1,100}$/.test(name)) throw new ConfigError("AUDIT_KEY_NAME must be 1–100 characters without spaces or '+'");
  return name;
};

/**
 * The hub's audit key: `AUDIT_SIGNING_KEY` (a private Ed25519 JWK, `{"kty":"OKP","crv":"Ed25519",…}`),
 * required in production; generated once under `DATA_DIR/keys/audit.jwk` in development and tests.
 * The database never holds it: a checkpoint it signs cannot be forged by anyone who can only
 * write to a database.
 * @throws ConfigError when it is missing in production or is not an Ed25519 private key.
 */
export function auditSigningKey(dataDir: string, env = process.env): AuditKey {
  const name = keyName(env);
  let jwk = env.AUDIT_SIGNING_KEY;
  if (!jwk) {
    if (hubSettings(env).production) throw new ConfigError("AUDIT_SIGNING_KEY is missing: production signs access-log checkpoints with a key of its own (README, \"The access log\")");
    const file = path.join(dataDir, "keys", "audit.jwk");
    if (!fs.existsSync(file)) createFileOnce(file, JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" })));
    jwk = fs.readFileSync(file, "utf8");
  }
  try {
    const privateKey = createPrivateKey({ key: JSON.parse(jwk), format: "jwk" });
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("not Ed25519");
    return { name, privateKey, publicKey: createPublicKey(privateKey) };
  } catch {
    throw new ConfigError("AUDIT_SIGNING_KEY must be a private Ed25519 key as a JWK ({\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":…,\"x\":…})");
  }
}

/**
 * The verifier key `npm run audit:verify` trusts: `AUDIT_VERIFIER_KEY` when set (what an outside
 * auditor should always set, from a copy kept away from the hub), else the public half of the
 * audit signing key.
 */
export function auditVerifierKey(dataDir: string, env = process.env): { key: string; source: string } {
  if (env.AUDIT_VERIFIER_KEY) {
    parseVerifierKey(env.AUDIT_VERIFIER_KEY);
    return { key: env.AUDIT_VERIFIER_KEY.trim(), source: "AUDIT_VERIFIER_KEY" };
  }
  return { key: verifierKey(auditSigningKey(dataDir, env)), source: "the public half of the audit signing key" };
}
