import { FairShare } from "./fair-share";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that runs until released by hand, noting when it started. */
function gate(started: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { task: async () => (started.push(name), await opened, name), open };
}

describe("FairShare: at most `limit` at once, freed places to the callers in turn", () => {
  it("never runs more than the limit, and runs every task", async () => {
    const share = new FairShare(3);
    let now = 0;
    let most = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        share.run(`user${index % 4}`, async () => {
          most = Math.max(most, ++now);
          await tick();
          now -= 1;
          return index;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(most).toBe(3);
    expect(share.queued).toBe(0);
  });

  it("gives another caller the next freed place, ahead of a caller's own backlog", async () => {
    const share = new FairShare(2);
    const started: string[] = [];
    const flood = Array.from({ length: 10 }, (_, index) => gate(started, `attacker ${index}`));
    const runs = flood.map((one) => share.run("attacker", one.task));
    const victim = gate(started, "caseworker");
    const victimRun = share.run("caseworker", victim.task);
    await tick();
    expect(started).toEqual(["attacker 0", "attacker 1"]);
    flood[0].open();
    await tick();
    await tick();
    // First come, first served would start attacker 2; the caseworker's turn comes first.
    expect(started).toEqual(["attacker 0", "attacker 1", "caseworker"]);
    victim.open();
    flood.forEach((one) => one.open());
    await Promise.all([...runs, victimRun]);
  });

  it("frees the place of a task that fails", async () => {
    const share = new FairShare(1);
    await expect(share.run("a", async () => Promise.reject(new Error("broken")))).rejects.toThrow("broken");
    await expect(share.run("b", async () => "still served")).resolves.toBe("still served");
  });
});
