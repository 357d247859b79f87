import path from "node:path";
import { randomUUID } from "node:crypto";
import { Kind, parse } from "graphql";
import { jwtVerify, SignJWT, type KeyLike } from "jose";
import { ConfigError, envName, hubSettings } from "../config";
import type { Caller } from "../context";
import { loadOrCreateSigningKey, publicKeyFromJwk, signingKeyFromJwk, SIGNING_ALGORITHM, type SigningKey } from "./keys";
import { GATEWAY_ISSUER, verifyGatewayIdentity, type Identity } from "./internal-token";
import { SeenTokenIds } from "./verified-tokens";
import { readJwk } from "./settings";

/**
 * Calls between the hub's services, on behalf of the request that caused them (in the manner of
 * RFC 8693 token exchange: a subject, who the request is for, and an actor, who acts for them).
 *
 * A service sends `x-hub-actor`: a token signed with ITS OWN key (audience = the service called,
 * 10 seconds, a single-use `jti`, bound to the call's body) that embeds, as `sbj`, the credential it
 * received for the request being served — the gateway's identity addressed to it, or the token of
 * the service that called it, addressed to it. The service called checks both signatures and then
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
 * For each service, the root fields other services may call on a request's behalf, and who may
 * call them. The hub's machinery among them (ACCESS.md, "The hub's own machinery is not an API") is
 * what the field itself marks `@inaccessible`: not in the public graph, and refused to the gateway
 * (`machineryRootFields`); the rest are public directory fields. Every subgraph's own access-log
 * part (`<name>AccessLog`) is coordination's to merge; `grantedServiceCalls` adds it.
 */
export const SERVICE_CALLS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  coordination: {
    /** Whether the caller is in these people's case teams, and their consent (every subgraph decides with it). */
    caseTeams: [ANY_SERVICE],
    /** The journey stage follows the referrals, enrolments and exits the providers record. */
    recordJourneyEvent: ["providers"],
    /** A referral checks the person's eligibility for the run's programme type. */
    eligibilityForReferral: ["providers"],
    /** The coordinators' regions: which region a coordinator's indicators cover. */
    coordinators: ["statistics"],
    /** Pseudonymous facts for indicators (shared/indicators/facts.ts). */
    coordinationIndicatorFacts: ["statistics"],
  },
  providers: {
    /** Which people are in the caller's runs (the provider's part of the case team). */
    participantsInMyRuns: ["coordination"],
    /** Run dates and provider, for team meetings. */
    programmeRun: ["coordination"],
    /** Which units are providers, for the units that attended a team meeting. */
    providers: ["coordination", "statistics"],
    providersIndicatorFacts: ["statistics"],
  },
  employment: {
    /** The office's region, when a candidate is registered; the offices, for a team meeting's units. */
    employmentOffice: ["coordination"],
    employmentOffices: ["coordination", "statistics"],
    employmentIndicatorFacts: ["statistics"],
    /** The register facts behind eligibility, for a referral. */
    _entities: ["coordination"],
  },
  csd: {
    socialWorkCentre: ["coordination"],
    socialWorkCentres: ["coordination", "statistics"],
    csdIndicatorFacts: ["statistics"],
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

/**
 * The root fields a subgraph's SDL marks `@inaccessible`: its machinery, which only services may
 * call (never the gateway). Shape: subgraph SDL → Query and Mutation field names, in SDL order.
 */
export function machineryRootFields(sdl: string): string[] {
  return parse(sdl).definitions.flatMap((definition) =>
    (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && ["Query", "Mutation"].includes(definition.name.value)
      ? (definition.fields ?? []).filter((field) => field.directives?.some((directive) => directive.name.value === "inaccessible")).map((field) => field.name.value)
      : [],
  );
}

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

/**
 * Signs one call of this service to another, for the request being served; `subject` is the
 * credential this service received for it (the gateway's identity, or the calling service's token).
 */
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

/** What a verified service call says: whom it is for, which service acts, and the credential it arrived with. */
export interface ServiceCall {
  caller: Caller;
  operationName: string;
  actor: string;
  /** The actor token itself: the subject of any call this one causes in turn. */
  subject: string;
}

/** How deep a chain of calls may go: gateway → service → service → service. */
const MAX_CHAIN = 3;

const claimsOf = (token: string): Record<string, unknown> => {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/**
 * The check a service makes of a call from another. The actor token: signed by that service's own
 * key, for this service, unexpired, for this body, never seen before. Its subject: the credential
 * the calling service itself received for the request — the gateway's identity addressed to THAT
 * service, or, for a call a call caused, another service's actor token addressed to that service,
 * whose own subject is checked the same way. So every credential in the chain is addressed to the
 * service that passes it on: a subject a service was handed inside a call (as a partner is) is
 * addressed to someone else and works for nobody but them. Throws on anything else.
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
    const { actor, payload } = await this.verifyActorToken(token, this.self);
    const { sbj, bh, jti, exp } = payload;
    if (typeof bh !== "string" || typeof jti !== "string" || typeof exp !== "number") throw new Error("the actor token lacks bh, jti or exp");
    if (bh !== hashOfBody) throw new Error("the actor token was signed for another request body");
    const subject = await this.subjectOf(sbj, actor, 1);
    if (!this.seen.firstUse(jti, exp)) throw new Error("the actor token was already used");
    return { caller: subject.caller, operationName: subject.operationName, actor, subject: token };
  }

  /** An actor token of another hub service addressed to `audience`, its signature checked with that service's key. */
  private async verifyActorToken(token: string, audience: string): Promise<{ actor: string; payload: Record<string, unknown> }> {
    const issuer = claimsOf(token).iss;
    const actor = typeof issuer === "string" && issuer.startsWith(SERVICE_ISSUER_PREFIX) ? issuer.slice(SERVICE_ISSUER_PREFIX.length) : "";
    if (!this.services.includes(actor) || actor === audience) throw new Error("the actor is not another service of the hub");
    if (!this.keys.has(actor)) this.keys.set(actor, this.keyOf(actor));
    const { payload } = await jwtVerify(token, await this.keys.get(actor)!, { issuer: SERVICE_ISSUER_PREFIX + actor, audience, algorithms: [SIGNING_ALGORITHM] });
    return { actor, payload: payload as Record<string, unknown> };
  }

  /** The caller behind the credential `holder` received: checked once per token, then remembered until it expires. */
  private async subjectOf(token: unknown, holder: string, depth: number): Promise<Identity> {
    if (typeof token !== "string" || depth > MAX_CHAIN) throw new Error("the call carries no subject it may pass on");
    const key = `${holder} ${token}`;
    const known = this.subjects.get(key);
    if (known && known.expiresAt > Date.now() / 1000) return known;
    let subject: Identity;
    if (claimsOf(token).iss === GATEWAY_ISSUER) {
      subject = await verifyGatewayIdentity(token, this.gatewayKey, holder);
    } else {
      const { actor, payload } = await this.verifyActorToken(token, holder);
      const inner = await this.subjectOf(payload.sbj, actor, depth + 1);
      subject = { ...inner, expiresAt: Math.min(inner.expiresAt, Number(payload.exp)) };
    }
    if (this.subjects.size >= SUBJECT_MEMORY) this.subjects.clear();
    this.subjects.set(key, subject);
    return subject;
  }
}
