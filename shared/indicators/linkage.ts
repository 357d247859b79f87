import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createFileOnce } from "../auth/keys";
import { ConfigError, hubSettings } from "../config";

/**
 * Keyed pseudonyms for combining one person's facts from several agencies into indicators without
 * any of them handing another something it could read (issue 17; README, "Indicators").
 *
 * The agencies that hold a person's facts (coordination, employment, CSD, providers) share the
 * linkage key, `INDICATOR_LINKAGE_KEY`; the statistics service, which joins their facts and counts,
 * never holds it. For each computation statistics draws a fresh random salt, and every agency
 * labels each of its rows with HMAC-SHA256(key, salt ‖ participant id): the same person gets the
 * same label from every agency within one computation, so statistics can join the rows, but it
 * cannot turn a label back into an id (it lacks the key), nor follow a person from one computation
 * to the next (the salt changes). The agencies send only coarse categories under the label (a
 * gender, a birth month, a status), never names, EMŠOs, ids or free text.
 */
const KEY_BYTES = 32;

/**
 * The linkage key: `INDICATOR_LINKAGE_KEY` (32 random bytes, base64), required in production for
 * every agency subgraph that contributes facts; generated once under `DATA_DIR/keys/linkage.key`
 * in development. The statistics subgraph must never be given it.
 * @throws ConfigError when it is missing in production or is not 32 bytes.
 */
export function linkageKey(dataDir: string, env = process.env): Buffer {
  let encoded = env.INDICATOR_LINKAGE_KEY;
  if (!encoded) {
    if (hubSettings(env).production) throw new ConfigError("INDICATOR_LINKAGE_KEY is missing: the agencies' subgraphs label indicator facts with it (README, \"Indicators\")");
    const file = path.join(dataDir, "keys", "linkage.key");
    createFileOnce(file, randomBytes(KEY_BYTES).toString("base64"));
    encoded = fs.readFileSync(file, "utf8");
  }
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new ConfigError(`INDICATOR_LINKAGE_KEY must be ${KEY_BYTES} random bytes in base64`);
  return key;
}

/** A salt statistics draws for one computation: 16 random bytes, base64url. */
export const freshSalt = (): string => randomBytes(16).toString("base64url");

/** Checks a salt as an agency receives it. @returns whether it is 16 bytes of base64url. */
export const isSalt = (salt: string): boolean => /^[A-Za-z0-9_-]{22}$/.test(salt);

/** The label of a participant in one computation: HMAC-SHA256(key, salt ‖ id), 16 bytes, base64url. */
export function pseudonymOf(key: Buffer, salt: string, participantId: string): string {
  return createHmac("sha256", key).update(`${salt}\x1f${participantId}`).digest().subarray(0, 16).toString("base64url");
}
