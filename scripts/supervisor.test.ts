import { ConfigError, hubSettings } from "../shared/config";
import { FIRST_DELAY_MS, isErrorLine, LONGEST_DELAY_MS, nextDelay, STABLE_AFTER_MS } from "./supervisor";

describe("the supervisor's restart back-off", () => {
  it("waits 0.5 s, then twice as long after each failure, up to 30 s; a minute up resets it", () => {
    const waits: number[] = [];
    let delay = 0;
    for (let failure = 0; failure < 9; failure += 1) waits.push((delay = nextDelay(delay, 1000)));
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(nextDelay(LONGEST_DELAY_MS, STABLE_AFTER_MS)).toBe(FIRST_DELAY_MS);
  });

  it("reports a service's error line, not its stack frames, Node's footer or a fatal error's native frames", () => {
    // "}" closes an object an earlier log line printed (red team: it was shown as the reason for a SIGKILL).
    const stderr = ["Error: connect ECONNREFUSED 127.0.0.1:5432", "    at TCPConnectWrap.afterConnect (node:net:1555:16)", "", "Node.js v20.20.2", " 1: 0xb85bc0 node::Abort() [node]", "}", "  ]"];
    expect(stderr.filter(isErrorLine)).toEqual(["Error: connect ECONNREFUSED 127.0.0.1:5432"]);
  });
});

describe("SERVICE_HEAP_MB", () => {
  it("defaults to 512 MiB and refuses anything but a whole number of MiB from 64", () => {
    expect(hubSettings({}).serviceHeapMb).toBe(512);
    expect(hubSettings({ SERVICE_HEAP_MB: "1024" }).serviceHeapMb).toBe(1024);
    for (const wrong of ["32", "1.5", "lots"]) expect(() => hubSettings({ SERVICE_HEAP_MB: wrong })).toThrow(ConfigError);
  });
});
