import { ConfigError } from "../config";
import { authSettings, gatewayPublicKey, gatewaySigningKey } from "./settings";

const issuers = JSON.stringify([{ issuer: "https://idp.test", jwksUrl: "https://idp.test/jwks", agencies: ["CSD"] }]);

describe("authentication settings, checked at start-up", () => {
  it("refuses to start production with the development issuer", () => {
    expect(() => authSettings({ NODE_ENV: "production", DEV_ISSUER: "true", TRUSTED_ISSUERS: issuers })).toThrow(ConfigError);
    expect(() => authSettings({ NODE_ENV: "production", DEV_ISSUER: "true", TRUSTED_ISSUERS: issuers })).toThrow(/development issuer/);
  });

  it("turns the development issuer off by default in production, and refuses production with nobody to sign in", () => {
    expect(authSettings({ NODE_ENV: "production", TRUSTED_ISSUERS: issuers }).devIssuerEnabled).toBe(false);
    expect(() => authSettings({ NODE_ENV: "production" })).toThrow(/TRUSTED_ISSUERS/);
    expect(authSettings({}).devIssuerEnabled).toBe(true);
  });

  it.each([
    ["not JSON", "nope", /JSON array/],
    ["no agencies", JSON.stringify([{ issuer: "x", jwksUrl: "https://x" }]), /agencies/],
    ["both a JWKS and a key", JSON.stringify([{ issuer: "x", jwksUrl: "https://x", publicKey: "k", agencies: ["CSD"] }]), /exactly one/],
  ])("refuses TRUSTED_ISSUERS that is %s", (_, value, message) => {
    expect(() => authSettings({ TRUSTED_ISSUERS: value })).toThrow(message);
  });

  it("refuses production without the gateway's keys instead of generating them", async () => {
    await expect(gatewaySigningKey("/nonexistent", { NODE_ENV: "production" })).rejects.toThrow(/GATEWAY_SIGNING_KEY/);
    await expect(gatewayPublicKey("/nonexistent", { NODE_ENV: "production" })).rejects.toThrow(/GATEWAY_PUBLIC_KEY/);
  });
});
