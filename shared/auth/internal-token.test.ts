import { exportJWK, generateKeyPair } from "jose";
import { InternalTokenSigner, InternalTokenVerifier } from "./internal-token";
import { SIGNING_ALGORITHM, signingKeyFromJwk, type SigningKey } from "./keys";

const caller = { sub: "k.novak", agency: "CSD", unit: "csd-1", roles: ["SOCIAL_WORKER"] };

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  return signingKeyFromJwk({ ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM });
}

describe("the identity the gateway signs for one subgraph, verified once and remembered until it expires", () => {
  afterEach(() => jest.useRealTimers());

  it("gives the caller for a token signed for this subgraph, again from memory", async () => {
    const key = await newKey();
    const token = await new InternalTokenSigner(key).sign(caller, "csd");
    const verifier = new InternalTokenVerifier(key.publicKey, "csd");
    expect(await verifier.verify(token)).toEqual(caller);
    expect(await verifier.verify(token)).toEqual(caller);
  });

  it("refuses a token for another subgraph, or signed with another key, however often it is shown", async () => {
    const key = await newKey();
    const forEmployment = await new InternalTokenSigner(key).sign(caller, "employment");
    const forged = await new InternalTokenSigner(await newKey()).sign(caller, "csd");
    const verifier = new InternalTokenVerifier(key.publicKey, "csd");
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(verifier.verify(forEmployment)).rejects.toThrow();
      await expect(verifier.verify(forged)).rejects.toThrow();
    }
  });

  it("stops accepting a remembered token once it has expired", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-27T10:00:00Z"), doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const key = await newKey();
    const token = await new InternalTokenSigner(key).sign(caller, "csd");
    const verifier = new InternalTokenVerifier(key.publicKey, "csd");
    expect(await verifier.verify(token)).toEqual(caller);
    jest.setSystemTime(new Date("2026-11-27T10:01:01Z")); // the token lives 60 s
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });
});
