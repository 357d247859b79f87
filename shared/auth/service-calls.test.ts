import { exportJWK, generateKeyPair } from "jose";
import { bodyHash, InternalTokenSigner } from "./internal-token";
import { SIGNING_ALGORITHM, signingKeyFromJwk, type SigningKey } from "./keys";
import fs from "node:fs";
import path from "node:path";
import { grantedServiceCalls, machineryRootFields, ServiceCallVerifier, ServiceTokenSigner } from "./service-calls";

const caller = { sub: "t.gjerek", agency: "COORDINATION", unit: "coordinator-1", roles: ["COORDINATOR"] };
const SERVICES = ["coordination", "providers", "community"];

async function newKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  return signingKeyFromJwk({ ...(await exportJWK(privateKey)), alg: SIGNING_ALGORITHM });
}

describe("a call from one hub service to another, on behalf of a request (RFC 8693-style subject and actor)", () => {
  let gateway: SigningKey;
  let providersKey: SigningKey;
  let subject: string;
  const body = bodyHash("query CaseTeams($ids: [ID!]!) { caseTeams(participantIds: $ids) { participantId } }", { ids: ["p1"] });
  const verifier = () => new ServiceCallVerifier("coordination", SERVICES, gateway.publicKey, async (service) => (service === "providers" ? providersKey.publicKey : (await newKey()).publicKey));

  beforeAll(async () => {
    gateway = await newKey();
    providersKey = await newKey();
    subject = await new InternalTokenSigner(gateway).sign(caller, "providers", { operationName: "RunRoster", bodyHash: "x" });
  });

  it("gives the caller, the signed operation name and the actor, once", async () => {
    const token = await new ServiceTokenSigner("providers", providersKey).sign(subject, "coordination", body);
    const check = verifier();
    expect(await check.verify(token, body)).toEqual({ caller, operationName: "RunRoster", actor: "providers", subject: token });
    await expect(check.verify(token, body)).rejects.toThrow(/already used/);
  });

  it("refuses an actor signed with another service's key, for another service, or for another body", async () => {
    const check = verifier();
    await expect(check.verify(await new ServiceTokenSigner("providers", await newKey()).sign(subject, "coordination", body), body)).rejects.toThrow();
    await expect(check.verify(await new ServiceTokenSigner("providers", providersKey).sign(subject, "csd", body), body)).rejects.toThrow();
    await expect(check.verify(await new ServiceTokenSigner("providers", providersKey).sign(subject, "coordination", body), bodyHash("{ participant(id: 1) { emso } }", {}))).rejects.toThrow(/another request body/);
  });

  it("refuses a subject the gateway did not sign, or a service outside the hub", async () => {
    const forged = await new InternalTokenSigner(await newKey()).sign(caller, "providers", { operationName: "x", bodyHash: "x" });
    await expect(verifier().verify(await new ServiceTokenSigner("providers", providersKey).sign(forged, "coordination", body), body)).rejects.toThrow();
    await expect(verifier().verify(await new ServiceTokenSigner("stranger", providersKey).sign(subject, "coordination", body), body)).rejects.toThrow(/not another service/);
  });
});

describe("a chain of calls: every credential is addressed to the service that passes it on", () => {
  it("refuses a subject addressed to another service (a partner handed coordination's identity inside a call uses it)", async () => {
    const gateway = await newKey();
    const keys = new Map([["coordination", await newKey()], ["community", await newKey()]]);
    const forCoordination = await new InternalTokenSigner(gateway).sign(caller, "coordination", { operationName: "AccessLog", bodyHash: "x" });
    const body = bodyHash("{ caseTeams(participantIds: [\"p1\"]) { participantId } }", {});
    const atCoordination = new ServiceCallVerifier("coordination", SERVICES, gateway.publicKey, async (service) => keys.get(service)!.publicKey);
    // community wraps the identity the gateway signed for coordination in a call of its own:
    const misused = await new ServiceTokenSigner("community", keys.get("community")!).sign(forCoordination, "coordination", body);
    await expect(atCoordination.verify(misused, body)).rejects.toThrow();
    // …while the chain coordination → community → coordination, each passing on what it received, holds:
    const coordinationToCommunity = await new ServiceTokenSigner("coordination", keys.get("coordination")!).sign(forCoordination, "community", "y");
    const communityToCoordination = await new ServiceTokenSigner("community", keys.get("community")!).sign(coordinationToCommunity, "coordination", body);
    expect((await atCoordination.verify(communityToCoordination, body)).caller).toEqual(caller);
  });
});

describe("SERVICE_CALLS: who may call which machinery", () => {
  it("lets every service ask coordination for case teams, only providers report journey events, only coordination merge access-log parts", () => {
    expect(grantedServiceCalls("coordination", "community", "coordinationAccessLog")).toEqual(["caseTeams"]);
    expect(grantedServiceCalls("coordination", "providers", "coordinationAccessLog")).toEqual(["caseTeams", "recordJourneyEvent", "eligibilityForReferral"]);
    expect(grantedServiceCalls("csd", "coordination", "csdAccessLog")).toEqual(["socialWorkCentre", "socialWorkCentres", "_entities", "csdAccessLog"]);
    expect(grantedServiceCalls("csd", "providers", "csdAccessLog")).toEqual([]);
    const sdlOf = (name: string) => fs.readFileSync(path.resolve(__dirname, "..", "..", "schema", `${name}.graphql`), "utf8");
    expect(machineryRootFields(sdlOf("providers"))).toEqual(["providersIndicatorFacts", "participantsInMyRuns", "providersAccessLog"]);
  });
});
