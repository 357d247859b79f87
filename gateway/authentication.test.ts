import fs from "node:fs";
import { mintDevToken } from "../shared/auth/dev-token";
import { authSettings } from "../shared/auth/settings";
import { createAuthenticator } from "./authentication";
import { scratchFolder } from "../test/support/scratch";

const caller = { sub: "m.kovac", agency: "COORDINATION", unit: "00000000-0000-4000-8000-000000000001", roles: ["COORDINATOR"] };

describe("the gateway's check of a user's token, remembered until the token expires", () => {
  const dataDir = scratchFolder("hub-authentication-");
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  afterEach(() => jest.useRealTimers());

  it("gives the same caller for the same token, again from memory", async () => {
    const authenticator = await createAuthenticator(authSettings({}), dataDir);
    const token = await mintDevToken(dataDir, caller);
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual(caller);
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual(caller);
  });

  it("refuses a token once it has expired, though it was accepted before", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-27T10:00:00Z"), doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const authenticator = await createAuthenticator(authSettings({}), dataDir);
    const token = await mintDevToken(dataDir, caller, { lifetime: 30 });
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual(caller);
    jest.setSystemTime(new Date("2026-11-27T10:00:31Z"));
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toThrow(/refused/);
  });

  it("refuses a token whose signature was tampered with, after the genuine one was accepted", async () => {
    const authenticator = await createAuthenticator(authSettings({}), dataDir);
    const token = await mintDevToken(dataDir, caller);
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual(caller);
    const [header, payload, signature] = token.split(".");
    const tampered = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    await expect(authenticator.authenticate(`Bearer ${tampered}`)).rejects.toThrow(/refused/);
  });
});
