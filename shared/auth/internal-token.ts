import { createHash, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, type KeyLike } from "jose";
import type { Caller } from "../context";
import { rolesHeldBy } from "../policy/roles";
import { SIGNING_ALGORITHM, type SigningKey } from "./keys";
import { SeenTokenIds } from "./verified-tokens";

/**
 * The only credential a subgraph receives from the gateway (ACCESS.md, "No credential travels
 * further than it must"): `x-hub-identity`, a token the gateway signs for ONE subgraph fetch.
 * - audience = that subgraph: useless at the gateway and at every other subgraph;
 * - a fresh `jti` per fetch, accepted once: useless at the same subgraph after its request;
 * - `bh`, the hash of the fetch's query and variables: it cannot carry another question;
 * - `op`, the front-end's operation name, inside the signature: the access log's operation is the
 *   gateway's word, not a header anyone can set;
 * - 30 seconds of life.
 * The user's own bearer token never leaves the gateway.
 */
export const GATEWAY_ISSUER = "urn:social-activation-hub:gateway";
export const IDENTITY_HEADER = "x-hub-identity";
/** The subgraph that knows case teams and consent. */
export const CASE_TEAM_AUTHORITY = "coordination";

/** Seconds an identity lives: a fetch is sent at once, and a subgraph answers within its deadline. */
export const IDENTITY_LIFETIME_SECONDS = 30;

/** What the gateway's signature says about one subgraph fetch. */
export interface Identity {
  caller: Caller;
  /** The front-end's operation name (for the access log). */
  operationName: string;
  /** The subgraph the identity was signed for. */
  audience: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /**
   * Fields the gateway fetches only as inputs of another field (`@requires`), which the client did
   * not select: a refusal of one is not reported or logged as the caller's (ACCESS.md, "Only what
   * the caller asked for").
   */
  planInputs: string[];
}

/**
 * The body binding: base64url SHA-256 of the query and its variables as JSON. Both ends hash what
 * they hold (the gateway its fetch, the subgraph the parsed body), so key order survives.
 */
export function bodyHash(query: string | undefined, variables: unknown): string {
  return createHash("sha256")
    .update(query ?? "")
    .update("\n")
    .update(JSON.stringify(variables ?? null))
    .digest("base64url");
}

export class InternalTokenSigner {
  constructor(private readonly key: SigningKey) {}

  /** A fresh identity for one fetch to `audience`, bound to its body hash. */
  async sign(caller: Caller, audience: string, fetch: { operationName: string; bodyHash: string; planInputs?: string[] }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      agency: caller.agency,
      unit: caller.unit,
      roles: caller.roles,
      op: fetch.operationName,
      bh: fetch.bodyHash,
      ...(fetch.planInputs?.length ? { pi: fetch.planInputs } : {}),
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "JWT" })
      .setIssuer(GATEWAY_ISSUER)
      .setAudience(audience)
      .setSubject(caller.sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + IDENTITY_LIFETIME_SECONDS)
      .sign(this.key.privateKey);
  }
}

/** Verifies the gateway's signature on an identity addressed to one of `audiences`. Throws on anything else. */
export async function verifyGatewayIdentity(token: string, gatewayKey: KeyLike, audiences: string | string[]): Promise<Identity & { jti: string; bodyHash: string }> {
  const { payload } = await jwtVerify(token, gatewayKey, { issuer: GATEWAY_ISSUER, audience: audiences, algorithms: [SIGNING_ALGORITHM] });
  const { sub, agency, unit, roles, exp, jti, op, bh, pi, aud } = payload as Record<string, unknown>;
  if (typeof sub !== "string" || typeof agency !== "string" || typeof unit !== "string" || !Array.isArray(roles)) {
    throw new Error("the identity lacks sub, agency, unit or roles");
  }
  if (typeof exp !== "number" || typeof jti !== "string" || typeof bh !== "string" || typeof op !== "string" || typeof aud !== "string") {
    throw new Error("the identity lacks exp, jti, bh, op or aud");
  }
  const asserted = roles.filter((role): role is string => typeof role === "string");
  return {
    // Zero trust: roles bound to agencies again here, whatever the gateway let through.
    caller: { sub, agency, unit, roles: rolesHeldBy(agency, asserted) },
    operationName: op,
    audience: aud,
    expiresAt: exp,
    planInputs: Array.isArray(pi) ? pi.filter((field): field is string => typeof field === "string") : [],
    jti,
    bodyHash: bh,
  };
}

/**
 * A subgraph's check of the identity on a fetch from the gateway: signed by the gateway, for this
 * subgraph, unexpired, for exactly this body, and never seen before.
 */
export class InternalTokenVerifier {
  private readonly seen = new SeenTokenIds();

  constructor(
    private readonly gatewayKey: KeyLike,
    private readonly audience: string,
  ) {}

  async verify(token: string, hashOfBody: string): Promise<Identity> {
    const identity = await verifyGatewayIdentity(token, this.gatewayKey, this.audience);
    if (identity.bodyHash !== hashOfBody) throw new Error("the identity was signed for another request body");
    if (!this.seen.firstUse(identity.jti, identity.expiresAt)) throw new Error("the identity was already used");
    return identity;
  }
}
