import { isUuid } from "../shared/identifiers";
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, importSPKI, jwtVerify, type JWTVerifyGetKey, type KeyLike } from "jose";
import { GraphQLError } from "graphql";
import type { Caller } from "../shared/context";
import { ErrorCode } from "../shared/errors";
import { SIGNING_ALGORITHM } from "../shared/auth/keys";
import { VerifiedTokens } from "../shared/auth/verified-tokens";
import { rolesHeldBy } from "../shared/policy/roles";
import { DEV_ISSUER, KNOWN_AGENCIES, devIssuerKey, type AuthSettings, type TrustedIssuer } from "../shared/auth/settings";

/**
 * Authentication at the gateway: a bearer JWT from a configured issuer, verified with that
 * issuer's key, for the configured audience, asserting only the agencies the issuer is trusted for.
 */
const ALGORITHMS = [SIGNING_ALGORITHM, "ES384", "RS256", "PS256", "EdDSA"];

/** The longest a user token may live, in seconds: a working day (the development issuer gives 8 hours). */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

interface IssuerVerifier {
  issuer: string;
  agencies: string[];
  key: KeyLike | JWTVerifyGetKey;
}

export const unauthenticated = (reason: string) =>
  new GraphQLError(`Not signed in: ${reason}`, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

async function verifierFor(issuer: TrustedIssuer): Promise<IssuerVerifier> {
  const key = issuer.jwksUrl ? createRemoteJWKSet(new URL(issuer.jwksUrl)) : await importSPKI(issuer.publicKey!, SIGNING_ALGORITHM);
  return { issuer: issuer.issuer, agencies: issuer.agencies, key };
}

export interface Authenticator {
  /** The caller behind an `Authorization` header; throws UNAUTHENTICATED for anything unverifiable. */
  authenticate(authorization: string | undefined): Promise<Caller>;
}

export async function createAuthenticator(settings: AuthSettings, dataDir: string): Promise<Authenticator> {
  const verifiers = await Promise.all(settings.trustedIssuers.map(verifierFor));
  if (settings.devIssuerEnabled) {
    const key = await devIssuerKey(dataDir);
    verifiers.push({ issuer: DEV_ISSUER, agencies: [...KNOWN_AGENCIES], key: createLocalJWKSet({ keys: [{ ...key.publicJwk, alg: SIGNING_ALGORITHM }] }) });
  }
  const byIssuer = new Map(verifiers.map((verifier) => [verifier.issuer, verifier]));
  // A token verified once is taken again without checking its signature, until it expires (and at
  // most for a minute, so that a key withdrawn from an issuer's JWKS stops being honoured soon).
  const verified = new VerifiedTokens();

  return {
    async authenticate(authorization) {
      const token = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
      if (!token) throw unauthenticated("send Authorization: Bearer <token>");
      const known = verified.recall(token);
      if (known) return known;
      let issuer: string | undefined;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        throw unauthenticated("the token is not a JWT");
      }
      const verifier = issuer ? byIssuer.get(issuer) : undefined;
      if (!verifier) throw unauthenticated("the token's issuer is not trusted");
      let payload;
      try {
        const options = { issuer: verifier.issuer, audience: settings.audience, algorithms: ALGORITHMS };
        const { key } = verifier;
        ({ payload } = typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
      } catch (error) {
        throw unauthenticated(`the token was refused (${(error as { code?: string }).code ?? "invalid"})`);
      }
      // A token must end, and soon: one without `exp`, or living for weeks, outlasts the sign-in it proves.
      const now = Math.floor(Date.now() / 1000);
      if (typeof payload.exp !== "number") throw unauthenticated("the token must carry an expiry (exp)");
      if (payload.exp - (typeof payload.iat === "number" ? Math.min(payload.iat, now) : now) > MAX_TOKEN_LIFETIME_SECONDS) {
        throw unauthenticated(`the token lives longer than ${MAX_TOKEN_LIFETIME_SECONDS / 3600} hours; sign in again for a shorter one`);
      }
      const { sub, agency, unit, roles } = payload;
      if (typeof sub !== "string" || !sub || typeof agency !== "string" || typeof unit !== "string" || !unit) {
        throw unauthenticated("the token must carry sub, agency and unit");
      }
      if (!verifier.agencies.includes(agency)) throw unauthenticated(`the issuer is not trusted to assert agency ${agency}`);
      const asserted = Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [];
      // Roles belong to agencies (ACCESS.md): a PROVIDER asserting DPO holds no DPO role.
      // A unit is an id of the hub's (contract README, Identifiers): one spelling, so that SQL and JavaScript compare alike (red team).
      const caller = { sub, agency, unit: isUuid(unit) ? unit.toLowerCase() : unit, roles: rolesHeldBy(agency, asserted) };
      verified.remember(token, caller, Math.min(payload.exp, now + 60));
      return caller;
    },
  };
}
