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
    ["a JWKS address that is no URL", JSON.stringify([{ issuer: "x", jwksUrl: "idp/jwks", agencies: ["CSD"] }]), /must be a URL/],
  ])("refuses TRUSTED_ISSUERS that is %s", (_, value, message) => {
    expect(() => authSettings({ TRUSTED_ISSUERS: value })).toThrow(message);
  });

  it("refuses a JWKS fetched over plain HTTP in production (red team: its keys could be swapped on the way)", () => {
    const plain = JSON.stringify([{ issuer: "https://idp.test", jwksUrl: "http://idp.test/jwks", agencies: ["CSD"] }]);
    expect(() => authSettings({ NODE_ENV: "production", TRUSTED_ISSUERS: plain })).toThrow(/jwksUrl must be https in production/);
    expect(authSettings({ TRUSTED_ISSUERS: plain }).trustedIssuers).toHaveLength(1);
  });

  it.each(["Production", "prod", "staging", "PRODUCTION"])("refuses NODE_ENV=%s instead of quietly running development (red team)", (value) => {
    expect(() => authSettings({ NODE_ENV: value, TRUSTED_ISSUERS: issuers })).toThrow(/NODE_ENV must be one of production, development, test/);
  });

  it("refuses production without the gateway's keys instead of generating them", async () => {
    await expect(gatewaySigningKey("/nonexistent", { NODE_ENV: "production" })).rejects.toThrow(/GATEWAY_SIGNING_KEY/);
    await expect(gatewayPublicKey("/nonexistent", { NODE_ENV: "production" })).rejects.toThrow(/GATEWAY_PUBLIC_KEY/);
  });
});
