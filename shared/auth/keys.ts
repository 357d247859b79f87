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

/** Reads the private JWK in `file`, creating it first if it does not exist (mode 0600). */
export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM, kid: path.basename(file, ".jwk") };
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      // "wx": when two services start together, the first one's key wins and both use it.
      fs.writeFileSync(file, JSON.stringify(jwk), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return signingKeyFromJwk(JSON.parse(fs.readFileSync(file, "utf8")) as JWK);
}
