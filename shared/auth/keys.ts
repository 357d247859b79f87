import fs from "node:fs";
import path from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from "jose";

/**
 * Signing keys, as JWKs. In production they come from the environment; in development each is
 * generated on first use under the data directory (never committed) and reused after.
 */
export const SIGNING_ALGORITHM = "ES256";

export interface SigningKey {
  privateKey: KeyLike;
  publicKey: KeyLike;
  publicJwk: JWK;
}

export async function signingKeyFromJwk(privateJwk: JWK): Promise<SigningKey> {
  const { d: _d, ...publicJwk } = privateJwk;
  return {
    privateKey: (await importJWK(privateJwk, SIGNING_ALGORITHM)) as KeyLike,
    publicKey: (await importJWK(publicJwk, SIGNING_ALGORITHM)) as KeyLike,
    publicJwk,
  };
}

export const publicKeyFromJwk = async (jwk: JWK): Promise<KeyLike> => (await importJWK(jwk, SIGNING_ALGORITHM)) as KeyLike;

/**
 * Creates `file` with `content` (mode 0600) unless it exists, atomically: the content is written
 * to a file of its own and then linked into place, so that of several processes starting together
 * one wins and none ever reads a file half written (the supervisor's six subgraphs create the
 * shared audit and linkage keys at once: one read an empty key and stopped).
 */
export function createFileOnce(file: string, content: string): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(draft, content, { mode: 0o600 });
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** Reads the private JWK in `file`, creating it first if it does not exist (mode 0600). */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM, kid: path.basename(file, ".jwk") };
    // When two services start together, the first one's key wins and both use it.
    createFileOnce(file, JSON.stringify(jwk));
  }
  return signingKeyFromJwk(JSON.parse(fs.readFileSync(file, "utf8")) as JWK);
}
