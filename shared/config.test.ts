import { ConfigError, DEFAULT_DATABASE_CONNECT_TIMEOUT, hubSettings } from "./config";

describe("DATABASE_CONNECT_TIMEOUT", () => {
  it("is 60 seconds when unset, and takes any number of seconds from 0 to 3600", () => {
    expect(DEFAULT_DATABASE_CONNECT_TIMEOUT).toBe(60);
    expect(hubSettings({}).databaseConnectTimeout).toBe(60);
    expect(hubSettings({ DATABASE_CONNECT_TIMEOUT: "" }).databaseConnectTimeout).toBe(60);
    expect(hubSettings({ DATABASE_CONNECT_TIMEOUT: "0" }).databaseConnectTimeout).toBe(0);
    expect(hubSettings({ DATABASE_CONNECT_TIMEOUT: "2.5" }).databaseConnectTimeout).toBe(2.5);
    expect(hubSettings({ DATABASE_CONNECT_TIMEOUT: "3600" }).databaseConnectTimeout).toBe(3600);
  });

  it.each(["-1", "3601", "60s", "soon", "Infinity"])("stops the boot on %p", (raw) => {
    expect(() => hubSettings({ DATABASE_CONNECT_TIMEOUT: raw })).toThrow(new ConfigError(`DATABASE_CONNECT_TIMEOUT must be a number of seconds 0–3600, got "${raw}"`));
  });
});
