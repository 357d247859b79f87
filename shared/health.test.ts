import { runChecks, shortReason } from "./health";

describe("readiness checks", () => {
  it("names a failed check with a short reason that carries no URL or credentials", async () => {
    const results = await runChecks({
      fine: async () => undefined,
      broken: async () => {
        throw new Error("connect ECONNREFUSED postgresql://hub:secret@db.internal:5432/hub_csd\n    at Socket.connect");
      },
    });
    expect(results.fine).toEqual({ ok: true, ms: expect.any(Number) });
    expect(results.broken).toEqual({ ok: false, reason: "connect ECONNREFUSED <url>", ms: expect.any(Number) });
  });

  it("fails a check that does not answer within the probe's budget", async () => {
    const results = await runChecks({ hung: () => new Promise(() => undefined) });
    expect(results.hung).toMatchObject({ ok: false, reason: "no answer within 2000 ms" });
  });

  it("keeps reasons to one line of at most 120 characters", () => {
    expect(shortReason(new Error(`${"x".repeat(300)}\nsecond line`))).toHaveLength(120);
    expect(shortReason("plain")).toBe("plain");
  });
});
