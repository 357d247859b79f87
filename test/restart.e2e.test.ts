import { randomUUID } from "node:crypto";
import { contractOperation } from "./support/contract";
import { startTestHub, type TestHub } from "./support/hub";
import { analyst } from "./support/users";

/** Data written before a restart is there after it, and the demo data is loaded only once. */
describe("a restart of the hub", () => {
  let hub: TestHub | undefined;
  afterEach(() => hub?.stop());

  it("keeps what was written, on the embedded default and on PostgreSQL alike", async () => {
    hub = await startTestHub();
    const coordinators = async () =>
      (await hub!.requestAs<{ coordinators: { id: string; name: string; region: string }[] }>(analyst(), contractOperation("Directory"))).data!.coordinators;
    const before = await coordinators();
    const written = { id: randomUUID(), name: "Tina Restart", region: "Goriška" };
    const coordination = hub.subgraphs.find((subgraph) => subgraph.name === "coordination")!;
    await coordination.database.dataSource.query("INSERT INTO coordinators (id, name, region) VALUES ($1, $2, $3)", [written.id, written.name, written.region]);
    await hub.stop({ keepData: true });

    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    const after = await coordinators();
    expect(after).toContainEqual(written);
    expect(after).toHaveLength(before.length + 1);
  });
});
