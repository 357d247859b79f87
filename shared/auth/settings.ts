import path from "node:path";
import type { JWK, KeyLike } from "jose";
import { ConfigError, hubSettings } from "../config";
import { Agency } from "../agency";
import { loadOrCreateSigningKey, publicKeyFromJwk, signingKeyFromJwk, type SigningKey } from "./keys";

/**
 * Who may sign users in, and the keys that carry identities from the gateway to the subgraphs.
 * Read once at start-up; production refuses to start with a missing key or the development issuer.
 */
export interface TrustedIssuer {
  issuer: string;
  /** Exactly one of the two: where the issuer publishes its keys, or its public key (PEM, SPKI). */
  jwksUrl?: string;
  publicKey?: string;
  /** The agencies this issuer may assert: an issuer trusted for CSD staff cannot mint EMPLOYMENT. */
  agencies: string[];
}

export const DEV_ISSUER = "urn:social-activation-hub:development";
export const DEFAULT_AUDIENCE = "social-activation-hub";

export interface AuthSettings {
  audience: string;
  trustedIssuers: TrustedIssuer[];
  devIssuerEnabled: boolean;
}

function parseIssuers(raw: string | undefined): TrustedIssuer[] {
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError("TRUSTED_ISSUERS must be a JSON array");
  }
  if (!Array.isArray(parsed)) throw new ConfigError("TRUSTED_ISSUERS must be a JSON array");
  return parsed.map((entry, index) => {
    const where = `TRUSTED_ISSUERS[${index}]`;
    if (typeof entry?.issuer !== "string" || !entry.issuer) throw new ConfigError(`${where}.issuer must be a string`);
    if (Boolean(entry.jwksUrl) === Boolean(entry.publicKey)) throw new ConfigError(`${where} needs exactly one of jwksUrl and publicKey`);
    if (entry.jwksUrl !== undefined && (typeof entry.jwksUrl !== "string" || !URL.canParse(entry.jwksUrl))) throw new ConfigError(`${where}.jwksUrl must be a URL`);
    if (!Array.isArray(entry.agencies) || entry.agencies.length === 0 || !entry.agencies.every((agency: unknown) => typeof agency === "string")) {
      throw new ConfigError(`${where}.agencies must list the agencies the issuer may assert`);
    }
    return { issuer: entry.issuer, jwksUrl: entry.jwksUrl, publicKey: entry.publicKey, agencies: entry.agencies };
  });
}

export function authSettings(env = process.env): AuthSettings {
  const { production } = hubSettings(env);
  const flag = env.DEV_ISSUER;
  if (flag !== undefined && flag !== "" && flag !== "true" && flag !== "false") throw new ConfigError(`DEV_ISSUER must be "true" or "false"`);
  const devIssuerEnabled = flag ? flag === "true" : !production;
  if (production && devIssuerEnabled) throw new ConfigError("DEV_ISSUER is enabled: production refuses to start with the development issuer");
  const trustedIssuers = parseIssuers(env.TRUSTED_ISSUERS);
  if (production && trustedIssuers.length === 0) throw new ConfigError("TRUSTED_ISSUERS is empty: nobody could sign in");
  // Keys fetched over plain HTTP could be swapped on the way, and with them who may sign in as any agency the issuer asserts.
  const plain = production ? trustedIssuers.findIndex((issuer) => issuer.jwksUrl !== undefined && new URL(issuer.jwksUrl).protocol !== "https:") : -1;
  if (plain >= 0) throw new ConfigError(`TRUSTED_ISSUERS[${plain}].jwksUrl must be https in production`);
  return { audience: env.AUTH_AUDIENCE || DEFAULT_AUDIENCE, trustedIssuers, devIssuerEnabled };
}

export const readJwk = (variable: string, env: NodeJS.ProcessEnv): JWK | undefined => {
  const raw = env[variable];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as JWK;
  } catch {
    throw new ConfigError(`${variable} must be a JWK in JSON`);
  }
};

/** The development issuer's key (development only), kept under the data directory. */
export const devIssuerKey = (dataDir: string): Promise<SigningKey> => loadOrCreateSigningKey(path.join(dataDir, "keys", "dev-issuer.jwk"));

/** The gateway's signing key: `GATEWAY_SIGNING_KEY` (a private JWK), required in production. */
export async function gatewaySigningKey(dataDir: string, env = process.env): Promise<SigningKey> {
  const jwk = readJwk("GATEWAY_SIGNING_KEY", env);
  if (jwk) return signingKeyFromJwk(jwk);
  if (hubSettings(env).production) throw new ConfigError("GATEWAY_SIGNING_KEY is missing");
  return loadOrCreateSigningKey(path.join(dataDir, "keys", "gateway.jwk"));
}

/** What a subgraph verifies identities with: `GATEWAY_PUBLIC_KEY` (a public JWK), required in production. */
export async function gatewayPublicKey(dataDir: string, env = process.env): Promise<KeyLike> {
  const jwk = readJwk("GATEWAY_PUBLIC_KEY", env);
  if (jwk) return publicKeyFromJwk(jwk);
  if (hubSettings(env).production) throw new ConfigError("GATEWAY_PUBLIC_KEY is missing");
  return (await gatewaySigningKey(dataDir, env)).publicKey;
}

export const KNOWN_AGENCIES: readonly string[] = Object.values(Agency);
