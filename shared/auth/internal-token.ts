import { jwtVerify, SignJWT } from "jose";
import type { Caller } from "../context";
import { SIGNING_ALGORITHM, type SigningKey } from "./keys";
import type { KeyLike } from "jose";
import { VerifiedTokens } from "./verified-tokens";

/**
 * The identity the gateway passes to a subgraph: a short-lived token it signs for that subgraph
 * alone (audience = the subgraph's name). A subgraph verifies it with the gateway's public key and
 * trusts nothing else: a hand-made header, a token for another subgraph or an expired one fails.
 */
export const GATEWAY_ISSUER = "urn:social-activation-hub:gateway";
export const IDENTITY_HEADER = "x-hub-identity";
/**
 * The same caller, signed for the coordination subgraph: every other subgraph asks coordination
 * for the caller's case teams directly with it, instead of a second trip through the gateway.
 */
export const CASE_TEAM_IDENTITY_HEADER = "x-hub-case-team-identity";
/** The subgraph that knows case teams and consent. */
export const CASE_TEAM_AUTHORITY = "coordination";
/** The name of the front-end's operation that a subgraph request serves, for the access log. */
export const OPERATION_HEADER = "x-hub-operation";
/** The user's own bearer token, relayed so a subgraph can ask the gateway on the user's behalf. */
export const USER_AUTHORIZATION_HEADER = "x-hub-user-authorization";

const LIFETIME_SECONDS = 60;
/** A token is reused while it has at least this long to live, so signing stays off the hot path. */
const REUSE_SECONDS = 30;
const CACHE_LIMIT = 10000;

export class InternalTokenSigner {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly key: SigningKey) {}

  async sign(caller: Caller, audience: string): Promise<string> {
    const cacheKey = JSON.stringify([audience, caller.sub, caller.agency, caller.unit, caller.roles]);
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt - now >= REUSE_SECONDS) return cached.token;
    const token = await new SignJWT({ agency: caller.agency, unit: caller.unit, roles: caller.roles })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "JWT" })
      .setIssuer(GATEWAY_ISSUER)
      .setAudience(audience)
      .setSubject(caller.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + LIFETIME_SECONDS)
      .sign(this.key.privateKey);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(cacheKey, { token, expiresAt: now + LIFETIME_SECONDS });
    return token;
  }
}

/**
 * Verifies gateway tokens for one audience, remembering each verified token until it expires: the
 * gateway reuses a token for 30 s, so a subgraph checks the signature once, not on every request.
 * A token never verified, or past its expiry, is checked (and refused) as before.
 */
export class InternalTokenVerifier {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly gatewayKey: KeyLike,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<Caller> {
    const known = this.verified.recall(token);
    if (known) return known;
    const { caller, expiresAt } = await verifyInternalToken(token, this.gatewayKey, this.audience);
    this.verified.remember(token, caller, expiresAt);
    return caller;
  }
}

/** Verifies a gateway token meant for `audience`; throws on anything else. */
async function verifyInternalToken(token: string, gatewayKey: KeyLike, audience: string): Promise<{ caller: Caller; expiresAt: number }> {
  const { payload } = await jwtVerify(token, gatewayKey, { issuer: GATEWAY_ISSUER, audience, algorithms: [SIGNING_ALGORITHM] });
  const { sub, agency, unit, roles, exp } = payload;
  if (typeof sub !== "string" || typeof agency !== "string" || typeof unit !== "string" || !Array.isArray(roles)) {
    throw new Error("the identity token lacks sub, agency, unit or roles");
  }
  if (typeof exp !== "number") throw new Error("the identity token has no expiry");
  return { caller: { sub, agency, unit, roles: roles.filter((role): role is string => typeof role === "string") }, expiresAt: exp };
}
