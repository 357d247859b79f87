import path from "node:path";
import { randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, type KeyLike } from "jose";
import { ConfigError, envName, hubSettings } from "../config";
import type { Caller } from "../context";
import { loadOrCreateSigningKey, publicKeyFromJwk, signingKeyFromJwk, SIGNING_ALGORITHM, type SigningKey } from "./keys";
import { verifyGatewayIdentity, type Identity } from "./internal-token";
import { SeenTokenIds } from "./verified-tokens";
import { readJwk } from "./settings";

/**
 * Calls between the hub's services, on behalf of the request that caused them (in the manner of
 * RFC 8693 token exchange: a subject, who the request is for, and an actor, who acts for them).
 *
 * A service sends `x-hub-actor`: a token signed with ITS OWN key (audience = the service called,
 * 10 seconds, a single-use `jti`, bound to the call's body) that embeds, as `sbj`, the identity the
 * gateway signed for the request being served. The service called checks both signatures and then
 * answers only the internal operations SERVICE_CALLS grants that actor, with the caller's own rights.
 * A captured subject is useless without the service's key; a captured actor token is spent.
 */
export const ACTOR_HEADER = "x-hub-actor";
const SERVICE_ISSUER_PREFIX = "urn:social-activation-hub:service:";
const ACTOR_LIFETIME_SECONDS = 10;
/** Subjects remembered (each for at most its 30 s); when full, memory starts over. */
const SUBJECT_MEMORY = 5000;

/** Every hub subgraph, partners' included. */
export const ANY_SERVICE = "*";

/**
 * The hub's machinery (ACCESS.md, "The hub's own machinery is not an API"): for each service, the
 * root fields other services may call and who may call them. None of them is in the public graph
 * (`@inaccessible`), and none answers a request from the gateway. Every subgraph's own access-log
 * part (`<name>AccessLog`) is coordination's to merge; `accessLogPart` adds it.
 */
export const SERVICE_CALLS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  coordination: {
    /** Whether the caller is in these people's case teams, and their consent (every subgraph decides with it). */
    caseTeams: [ANY_SERVICE],
    /** The journey stage follows the referrals, enrolments and exits the providers record. */
    recordJourneyEvent: ["providers"],
    /** A referral checks the person's eligibility for the run's programme type. */
    eligibilityForReferral: ["providers"],
  },
  providers: {
    /** Which people are in the caller's runs (the provider's part of the case team). */
    participantsInMyRuns: ["coordination"],
    /** Run dates and provider, for team meetings. */
    programmeRun: ["coordination"],
  },
  employment: {
    /** The office's region, when a candidate is registered. */
    employmentOffice: ["coordination"],
    /** The register facts behind eligibility, for a referral. */
    _entities: ["coordination"],
  },
  csd: {
    socialWorkCentre: ["coordination"],
    _entities: ["coordination"],
  },
};

/** The root fields of `target` that `actor` may call as a service. */
export function grantedServiceCalls(target: string, actor: string, accessLogField: string): string[] {
  const table = { ...SERVICE_CALLS[target], [accessLogField]: ["coordination"] };
  return Object.entries(table)
    .filter(([, actors]) => actors.includes(actor) || actors.includes(ANY_SERVICE))
    .map(([field]) => field);
}

/** The root fields of `target` that only services may call (never the gateway). */
export const internalRootFields = (target: string, accessLogField: string): string[] =>
  [...Object.keys(SERVICE_CALLS[target] ?? {}), accessLogField].filter((field) => field !== "_entities" && !isDirectoryField(field));

/** Directory lookups other services make are also public fields of the graph. */
const isDirectoryField = (field: string) => ["programmeRun", "employmentOffice", "socialWorkCentre"].includes(field);

/** A service's own key: `<NAME>_SIGNING_KEY` (a private JWK), required in production; generated in development. */
export async function serviceSigningKey(dataDir: string, service: string, env = process.env): Promise<SigningKey> {
  const jwk = readJwk(envName(service, "SIGNING_KEY"), env);
  if (jwk) return signingKeyFromJwk(jwk);
  if (hubSettings(env).production) throw new ConfigError(`${envName(service, "SIGNING_KEY")} is missing`);
  return loadOrCreateSigningKey(path.join(dataDir, "keys", `service-${service}.jwk`));
}

/** Another service's public key: `<NAME>_PUBLIC_KEY` (a public JWK), required in production. */
export async function servicePublicKey(dataDir: string, service: string, env = process.env): Promise<KeyLike> {
  const jwk = readJwk(envName(service, "PUBLIC_KEY"), env);
  if (jwk) return publicKeyFromJwk(jwk);
  if (hubSettings(env).production) throw new ConfigError(`${envName(service, "PUBLIC_KEY")} is missing`);
  return (await serviceSigningKey(dataDir, service, env)).publicKey;
}

/** Signs one call of this service to another, for the request whose gateway identity is `subject`. */
export class ServiceTokenSigner {
  constructor(
    private readonly service: string,
    private readonly key: SigningKey,
  ) {}

  async sign(subject: string, audience: string, bodyHash: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sbj: subject, bh: bodyHash })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "JWT" })
      .setIssuer(SERVICE_ISSUER_PREFIX + this.service)
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + ACTOR_LIFETIME_SECONDS)
      .sign(this.key.privateKey);
  }
}

/** What a verified service call says: whom it is for, which service acts, and the gateway's identity it carries. */
export interface ServiceCall {
  caller: Caller;
  operationName: string;
  actor: string;
  subject: string;
}

/**
 * The check a service makes of a call from another: the actor signed by that service's own key,
 * for this service, unexpired, for this body, never seen before; the subject signed by the gateway
 * for one of the hub's services and unexpired. Throws on anything else.
 */
export class ServiceCallVerifier {
  private readonly seen = new SeenTokenIds();
  private readonly keys = new Map<string, Promise<KeyLike>>();
  private readonly subjects = new Map<string, Identity>();

  constructor(
    private readonly self: string,
    private readonly services: readonly string[],
    private readonly gatewayKey: KeyLike,
    private readonly keyOf: (service: string) => Promise<KeyLike>,
  ) {}

  async verify(token: string, hashOfBody: string): Promise<ServiceCall> {
    const [, payloadPart] = token.split(".");
    const claimed = JSON.parse(Buffer.from(payloadPart ?? "", "base64url").toString("utf8") || "{}") as { iss?: unknown };
    const actor = typeof claimed.iss === "string" && claimed.iss.startsWith(SERVICE_ISSUER_PREFIX) ? claimed.iss.slice(SERVICE_ISSUER_PREFIX.length) : "";
    if (!this.services.includes(actor) || actor === this.self) throw new Error("the actor is not another service of the hub");
    if (!this.keys.has(actor)) this.keys.set(actor, this.keyOf(actor));
    const { payload } = await jwtVerify(token, await this.keys.get(actor)!, {
      issuer: SERVICE_ISSUER_PREFIX + actor,
      audience: this.self,
      algorithms: [SIGNING_ALGORITHM],
    });
    const { sbj, bh, jti, exp } = payload as Record<string, unknown>;
    if (typeof sbj !== "string" || typeof bh !== "string" || typeof jti !== "string" || typeof exp !== "number") throw new Error("the actor token lacks sbj, bh, jti or exp");
    if (bh !== hashOfBody) throw new Error("the actor token was signed for another request body");
    const subject = this.subjects.get(sbj) ?? (await this.verifySubject(sbj));
    if (subject.expiresAt <= Date.now() / 1000) throw new Error("the subject has expired");
    if (!this.seen.firstUse(jti, exp)) throw new Error("the actor token was already used");
    return { caller: subject.caller, operationName: subject.operationName, actor, subject: sbj };
  }

  /** A request that causes several calls shows the same subject each time: its signature is checked once. */
  private async verifySubject(token: string): Promise<Identity> {
    const subject = await verifyGatewayIdentity(token, this.gatewayKey, [...this.services]);
    if (this.subjects.size >= SUBJECT_MEMORY) this.subjects.clear();
    this.subjects.set(token, subject);
    return subject;
  }
}
