import { SignJWT } from "jose";
import type { Caller } from "../context";
import { Agency } from "../agency";
import { SIGNING_ALGORITHM } from "./keys";
import { DEFAULT_AUDIENCE, DEV_ISSUER, devIssuerKey } from "./settings";

/** The role a user of each agency has unless told otherwise. */
export const DEFAULT_ROLES: Record<string, string[]> = {
  [Agency.EMPLOYMENT]: ["OFFICER"],
  [Agency.CSD]: ["SOCIAL_WORKER"],
  [Agency.COORDINATION]: ["COORDINATOR"],
  [Agency.PROVIDER]: ["PROVIDER_STAFF"],
  [Agency.OVERSIGHT]: ["ANALYST"],
};

export interface DevTokenOptions {
  /** Seconds the token lives (default 8 hours, a working day). */
  lifetime?: number;
  audience?: string;
  notBefore?: number;
}

/** A token from the local development issuer, whose key lives under the data directory. */
export async function mintDevToken(dataDir: string, caller: Caller, options: DevTokenOptions = {}): Promise<string> {
  const key = await devIssuerKey(dataDir);
  const now = Math.floor(Date.now() / 1000);
  const token = new SignJWT({ agency: caller.agency, unit: caller.unit, roles: caller.roles })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "JWT" })
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience ?? process.env.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE)
    .setSubject(caller.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.lifetime ?? 8 * 3600));
  if (options.notBefore !== undefined) token.setNotBefore(options.notBefore);
  return token.sign(key.privateKey);
}
