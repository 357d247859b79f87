import { HealthProblem, runChecks, shortReason } from "./health";

describe("readiness checks", () => {
  it("names a failed check with a short reason that carries no URL or credentials", async () => {
    const results = await runChecks({
      fine: async () => undefined,
      refused: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED 10.1.2.3:5432"), { code: "ECONNREFUSED" });
      },
      password: async () => {
        throw Object.assign(new Error('password authentication failed for user "csd_app"'), { code: "28P01" });
      },
      other: async () => {
        throw new Error("getaddrinfo ENOTFOUND db.internal postgresql://hub:secret@db.internal:5432/hub_csd");
      },
    });
    expect(results.fine).toEqual({ ok: true, ms: expect.any(Number) });
    // Red team: the driver's words named the database's address and user to anyone asking /ready.
    expect([results.refused.reason, results.password.reason, results.other.reason]).toEqual(["connection refused", "authentication failed", "failed"]);
  });

  it("fails a check that does not answer within the probe's budget", async () => {
    const results = await runChecks({ hung: () => new Promise(() => undefined) });
    expect(results.hung).toMatchObject({ ok: false, reason: "no answer within 2000 ms" });
  });

  it("keeps the hub's own reasons to one line of at most 120 characters", () => {
    expect(shortReason(new HealthProblem(`${"x".repeat(300)}\nsecond line`))).toHaveLength(120);
    expect(shortReason(new HealthProblem("migrations not applied: Initial1764230400000"))).toBe("migrations not applied: Initial1764230400000");
    expect(shortReason("plain")).toBe("failed");
  });
});
