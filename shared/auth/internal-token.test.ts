import { exportJWK, generateKeyPair } from "jose";
import { bodyHash, InternalTokenSigner, InternalTokenVerifier } from "./internal-token";
import { SIGNING_ALGORITHM, signingKeyFromJwk, type SigningKey } from "./keys";

const caller = { sub: "k.novak", agency: "CSD", unit: "csd-1", roles: ["SOCIAL_WORKER"] };
const body = bodyHash("{ socialWorkCentres { id } }", {});
const fetch = { operationName: "Directory", bodyHash: body };

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  return signingKeyFromJwk({ ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM });
}

describe("the identity the gateway signs for one subgraph fetch", () => {
  afterEach(() => jest.useRealTimers());

  it("gives the caller and the signed operation name once, and refuses the same token shown again", async () => {
    const key = await newKey();
    const token = await new InternalTokenSigner(key).sign(caller, "csd", fetch);
    const verifier = new InternalTokenVerifier(key.publicKey, "csd");
    expect(await verifier.verify(token, body)).toMatchObject({ caller, operationName: "Directory", audience: "csd" });
    await expect(verifier.verify(token, body)).rejects.toThrow(/already used/);
  });

  it("refuses a token for another subgraph, signed with another key, or for another body", async () => {
    const key = await newKey();
    const verifier = new InternalTokenVerifier(key.publicKey, "csd");
    await expect(verifier.verify(await new InternalTokenSigner(key).sign(caller, "employment", fetch), body)).rejects.toThrow();
    await expect(verifier.verify(await new InternalTokenSigner(await newKey()).sign(caller, "csd", fetch), body)).rejects.toThrow();
    await expect(verifier.verify(await new InternalTokenSigner(key).sign(caller, "csd", fetch), bodyHash("{ participant(id: 1) { emso } }", {}))).rejects.toThrow(/another request body/);
  });

  it("drops roles the caller's agency cannot hold (ACCESS.md: roles belong to agencies)", async () => {
    const key = await newKey();
    const token = await new InternalTokenSigner(key).sign({ ...caller, agency: "PROVIDER", roles: ["PROVIDER_STAFF", "DPO"] }, "csd", fetch);
    expect((await new InternalTokenVerifier(key.publicKey, "csd").verify(token, body)).caller.roles).toEqual(["PROVIDER_STAFF"]);
  });

  it("refuses a token past its 30 seconds", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-27T10:00:00Z"), doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const key = await newKey();
    const token = await new InternalTokenSigner(key).sign(caller, "csd", fetch);
    jest.setSystemTime(new Date("2026-11-27T10:00:31Z"));
    await expect(new InternalTokenVerifier(key.publicKey, "csd").verify(token, body)).rejects.toThrow(/exp/);
  });
});
