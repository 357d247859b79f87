import fs from "node:fs";
import { demoData } from "../shared/demo-data";
import { SUBGRAPHS } from "../subgraphs";
import type { RequestLine } from "../shared/log";

/**
 * Issue 15: the log of a whole test run (every in-process test hub and every hub started as a
 * process appends to LOG_FILE, test/support/global-setup.ts) is JSON, one object per line, and
 * holds no personal data of the demo set: no participant's EMŠO, full name or surname. The test
 * sequencer runs this file last (test/support/sequencer.js); run alone, it reads what the other
 * files of the same run wrote, so it asks for a log with requests from every service.
 */
const file = process.env.LOG_FILE;
const lines = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
const entries = lines.map((line) => {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { unparsable: line.slice(0, 200) };
  }
});
const requests = entries.filter((entry) => entry.msg === "request") as unknown as (RequestLine & { service: string })[];
const ranWithOthers = requests.length > 0;

(ranWithOthers ? describe : describe.skip)("the log of this test run", () => {
  it("is one JSON object per line, each with time, level, service and message", () => {
    expect(entries.filter((entry) => "unparsable" in entry)).toEqual([]);
    for (const entry of entries.slice(0, 2000)) expect(Object.keys(entry)).toEqual(expect.arrayContaining(["time", "level", "msg"]));
    const services = new Set(requests.map((request) => request.service));
    expect([...services].sort()).toEqual(expect.arrayContaining(["gateway", ...SUBGRAPHS.map((subgraph) => subgraph.name)].sort()));
  });

  it("holds no participant's EMŠO, full name or surname", () => {
    const text = lines.join("\n");
    const found: string[] = [];
    for (const person of demoData().participants) {
      if (text.includes(person.emso)) found.push(`EMŠO of ${person.id}`);
      if (text.includes(`${person.firstName} ${person.lastName}`)) found.push(`full name of ${person.id}`);
      // A surname as a word of its own, in any case (names are capitalised in the data, not in every message).
      if (new RegExp(`(?<![\\p{L}])${person.lastName}(?![\\p{L}])`, "iu").test(text)) found.push(`surname of ${person.id}`);
    }
    expect({ lines: lines.length, found }).toEqual({ lines: lines.length, found: [] });
  });

  it("says for each request its id, operation, duration, status and outcome, and nothing about the caller but the agency", () => {
    const answered = requests.filter((request) => request.service === "gateway" && request.operation === "ParticipantView");
    expect(answered.length).toBeGreaterThan(0);
    for (const request of answered.slice(0, 50)) {
      expect(request.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(typeof request.ms).toBe("number");
      expect(["ok", "errors", "refused", "failed", "abandoned"]).toContain(request.outcome);
      expect(Object.keys(request)).not.toEqual(expect.arrayContaining(["sub"]));
    }
    // A subgraph's line carries the gateway's request id: one request is followed across services.
    const ids = new Set(answered.map((request) => request.requestId));
    expect(requests.some((request) => request.service !== "gateway" && ids.has(request.requestId))).toBe(true);
  });
});

if (!ranWithOthers) console.warn(`skipped: no request lines in LOG_FILE (${file ?? "unset"}); this file checks the log of a whole run (npm test)`);
