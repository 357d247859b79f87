import path from "node:path";
import { exportSPKI, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { bodyHash, IDENTITY_HEADER, InternalTokenSigner } from "../shared/auth/internal-token";
import { loadOrCreateSigningKey, signingKeyFromJwk, SIGNING_ALGORITHM } from "../shared/auth/keys";
import { exportJWK } from "jose";
import { DEFAULT_AUDIENCE, DEV_ISSUER } from "../shared/auth/settings";
import { demoData } from "../shared/demo-data";
import { Agency } from "../shared/enums";
import { contractOperation } from "./support/contract";
import { postGraphQL, startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { coordinatorOf, hasConsent, user } from "./support/users";

/**
 * Authentication at the gateway and zero trust in every subgraph: bad tokens are refused with
 * UNAUTHENTICATED, an issuer asserts only the agencies it is trusted for, and a subgraph answers
 * nothing that does not carry an identity the gateway signed for it.
 */
const CSD_ISSUER = "https://prijava.csd.test";
let hub: TestHub;
let csdIssuerKey: KeyLike;
const data = demoData();
const person = data.participants.find((candidate) => candidate.coordinatorId && hasConsent(candidate))!;
const coordinator = coordinatorOf(person);

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  csdIssuerKey = privateKey;
  process.env.TRUSTED_ISSUERS = JSON.stringify([{ issuer: CSD_ISSUER, publicKey: await exportSPKI(publicKey), agencies: [Agency.CSD] }]);
  hub = await startTestHub();
});
afterAll(async () => {
  delete process.env.TRUSTED_ISSUERS;
  await hub?.stop();
});

const directory = contractOperation("Directory");
const withToken = (token: string) => postGraphQL(hub.gateway.url, directory, {}, { authorization: `Bearer ${token}` });
const expectUnauthenticated = (answer: { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }) => {
  expect(answer.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(answer.data ?? null).toBeNull();
};

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signedBy(key: KeyLike, claims: Record<string, unknown>, issuer: string, audience = DEFAULT_AUDIENCE, lifetime = 600) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256" }).setIssuer(issuer).setAudience(audience).setSubject("someone").setIssuedAt(now).setExpirationTime(now + lifetime).sign(key);
}

function withoutExpiry(key: KeyLike, claims: Record<string, unknown>, issuer: string) {
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256" }).setIssuer(issuer).setAudience(DEFAULT_AUDIENCE).setSubject("someone").setIssuedAt().sign(key);
}

describe("at the gateway", () => {
  it("serves a valid token from the development issuer (the control for every refusal below)", async () => {
    const answer = await withToken(await hub.tokenFor(coordinator));
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { coordinators: unknown[] }).coordinators.length).toBeGreaterThan(0);
  });

  it("refuses a request without a token, with HTTP 401", async () => {
    const response = await fetch(hub.gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: directory }) });
    expect(response.status).toBe(401);
    expectUnauthenticated((await response.json()) as GraphQLAnswer<unknown>);
  });

  it("allows schema introspection without a token outside production, for the sandbox", async () => {
    const answer = await hub.request<{ __schema: { queryType: { name: string } } }>("{ __schema { queryType { name } } }");
    expect(answer.data?.__schema.queryType.name).toBe("Query");
  });

  it.each([
    ["expired", () => hub.tokenFor(coordinator, { lifetime: -60 })],
    ["not yet valid", () => hub.tokenFor(coordinator, { notBefore: Math.floor(Date.now() / 1000) + 3600 })],
    ["for another audience", () => hub.tokenFor(coordinator, { audience: "another-system" })],
    ["from an issuer nobody trusts", async () => signedBy((await generateKeyPair("ES256")).privateKey, { agency: "COORDINATION", unit: coordinator.unit, roles: [] }, "https://evil.test")],
    ["claiming the development issuer but signed with another key", async () => signedBy((await generateKeyPair("ES256")).privateKey, { agency: "COORDINATION", unit: coordinator.unit, roles: [] }, DEV_ISSUER)],
    ["unsigned (alg: none)", async () => `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ iss: DEV_ISSUER, aud: DEFAULT_AUDIENCE, sub: "x", agency: "OVERSIGHT", unit: coordinator.unit, exp: Math.floor(Date.now() / 1000) + 600 })}.`],
    [
      "tampered after signing (agency changed)",
      async () => {
        const [header, payload, signature] = (await hub.tokenFor(user(Agency.PROVIDER, data.providers[0].id))).split(".");
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
        return `${header}.${base64url({ ...claims, agency: "CSD" })}.${signature}`;
      },
    ],
    ["not a JWT at all", async () => "hello"],
    // Issue 12: a token without an expiry, or one that lives for weeks, works until its key is withdrawn.
    ["from a trusted issuer without an expiry", async () => withoutExpiry(csdIssuerKey, { agency: "CSD", unit: person.centreId, roles: ["SOCIAL_WORKER"] }, CSD_ISSUER)],
    ["from a trusted issuer living longer than a working day", async () => signedBy(csdIssuerKey, { agency: "CSD", unit: person.centreId, roles: ["SOCIAL_WORKER"] }, CSD_ISSUER, DEFAULT_AUDIENCE, 30 * 24 * 3600)],
  ])("refuses a token %s with UNAUTHENTICATED", async (_, token) => {
    expectUnauthenticated(await withToken(await token()));
  });

  it("binds an issuer to its agencies: the CSD issuer may sign in CSD staff but not assert EMPLOYMENT", async () => {
    const csdStaff = await signedBy(csdIssuerKey, { agency: "CSD", unit: person.centreId, roles: ["SOCIAL_WORKER"] }, CSD_ISSUER);
    const asCsd = await postGraphQL<{ participant: { socialCase: unknown } }>(hub.gateway.url, contractOperation("ParticipantView"), { id: person.id }, { authorization: `Bearer ${csdStaff}` });
    expect(asCsd.data?.participant).not.toBeNull();
    const impostor = await signedBy(csdIssuerKey, { agency: "EMPLOYMENT", unit: person.officeId, roles: ["OFFICER"] }, CSD_ISSUER);
    expectUnauthenticated(await withToken(impostor));
  });
});

describe("directly at a subgraph (zero trust)", () => {
  const ask = (url: string, query: string, headers: Record<string, string> = {}) => postGraphQL(url, query, {}, headers);
  const query = "{ _service { sdl } }";
  /** An identity as the gateway signs it for one fetch of `text` (or signed with another key). */
  const gatewayToken = async (audience: string, text = query, key?: KeyLike) => {
    const signing = key
      ? await signingKeyFromJwk({ ...(await exportJWK(key)), alg: SIGNING_ALGORITHM })
      : await loadOrCreateSigningKey(path.join(hub.dataDir, "keys", "gateway.jwk"));
    return new InternalTokenSigner(signing).sign({ sub: "someone", agency: "OVERSIGHT", unit: coordinator.unit, roles: ["DPO"] }, audience, {
      operationName: "test",
      bodyHash: bodyHash(text, {}),
    });
  };

  it("answers an identity the gateway signed for that subgraph (the control)", async () => {
    for (const subgraph of hub.subgraphs) {
      const answer = await ask(subgraph.url, query, { [IDENTITY_HEADER]: await gatewayToken(subgraph.name) });
      expect({ subgraph: subgraph.name, errors: answer.errors }).toEqual({ subgraph: subgraph.name, errors: undefined });
    }
  });

  it("refuses a body that is not JSON, or too large, with a clear error and keeps serving", async () => {
    for (const subgraph of hub.subgraphs) {
      const identity = { [IDENTITY_HEADER]: await gatewayToken(subgraph.name) };
      const notJson = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json", ...identity }, body: "{ query: " });
      expect({ subgraph: subgraph.name, status: notJson.status, answer: await notJson.json() }).toEqual({
        subgraph: subgraph.name,
        status: 400,
        answer: { errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] },
      });
      const huge = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json", ...identity }, body: JSON.stringify({ query, padding: "x".repeat(6 * 1024 * 1024) }) }).catch(() => "connection cut" as const);
      // Refused with 413, or the connection cut while the body was still coming: either way nothing was read.
      expect([413, "connection cut"]).toContain(typeof huge === "string" ? huge : huge.status);
      const after = await ask(subgraph.url, query, { [IDENTITY_HEADER]: await gatewayToken(subgraph.name) });
      expect({ subgraph: subgraph.name, errors: after.errors }).toEqual({ subgraph: subgraph.name, errors: undefined });
    }
  });

  it.each([
    ["no identity", async () => ({})],
    ["a hand-made identity header", async () => ({ [IDENTITY_HEADER]: JSON.stringify({ sub: "me", agency: "CSD", unit: "x", roles: ["DPO"] }) })],
    ["a user's own bearer token", async () => ({ authorization: `Bearer ${await hub.tokenFor(coordinator)}`, [IDENTITY_HEADER]: await hub.tokenFor(coordinator) })],
    ["an identity signed with the wrong key", async (name: string, text: string) => ({ [IDENTITY_HEADER]: await gatewayToken(name, text, (await generateKeyPair("ES256", { extractable: true })).privateKey) })],
    ["an identity the gateway signed for another subgraph", async (name: string, text: string) => ({ [IDENTITY_HEADER]: await gatewayToken(name === "csd" ? "employment" : "csd", text) })],
    ["an identity the gateway signed for another question", async (name: string) => ({ [IDENTITY_HEADER]: await gatewayToken(name, "{ __typename }") })],
  ])("refuses %s with UNAUTHENTICATED, federation's own fields included", async (_, headers) => {
    for (const subgraph of hub.subgraphs) {
      for (const text of [query, `{ _entities(representations: [{ __typename: "Participant", id: "${person.id}" }]) { __typename } }`]) {
        const response = await fetch(subgraph.url, { method: "POST", headers: { "content-type": "application/json", ...(await headers(subgraph.name, text)) }, body: JSON.stringify({ query: text, variables: {} }) });
        expect({ subgraph: subgraph.name, status: response.status }).toEqual({ subgraph: subgraph.name, status: 401 });
        expectUnauthenticated((await response.json()) as GraphQLAnswer<unknown>);
      }
    }
  });
});
