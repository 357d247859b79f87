import { Agency } from "../../shared/enums";
import { startTestHub, type TestHub } from "../../test/support/hub";
import { user } from "../../test/support/users";

/** The starter test of the __name__ subgraph: served through the gateway, to signed-in users only. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

it("serves __camel__Services through the gateway to a signed-in user", async () => {
  const answer = await hub.requestAs(user(Agency.COORDINATION, "00000000-0000-4000-8000-000000000001"), "{ __camel__Services { id name region } }");
  expect(answer.errors).toBeUndefined();
  expect(Array.isArray((answer.data as { __camel__Services: unknown[] }).__camel__Services)).toBe(true);
});

it("records a refused read of a participant's data in its own access log, with the rule that refused it (ACCESS.md)", async () => {
  const analyst = { ...user(Agency.OVERSIGHT, "00000000-0000-4000-8000-00000000000a"), sub: "starter-test-analyst" };
  const participantId = "00000000-0000-4000-8000-0000000000aa";
  const answer = await hub.requestAs(analyst, "query Probe($id: ID!) { __camel__AccessLog(participantId: $id) { at } }", { id: participantId });
  expect(answer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const database = hub.subgraphs.find((subgraph) => subgraph.name === "__name__")!.database.dataSource;
  const records = await database.query("SELECT action, outcome, refused_by FROM access_log WHERE participant_id = $1 AND subject = $2", [participantId, analyst.sub]);
  expect(records).toEqual([{ action: "READ", outcome: "REFUSED", refused_by: "permissions.ts Query.__camel__AccessLog" }]);
});

it("refuses a request without a token", async () => {
  const answer = await hub.request("{ __camel__Services { id } }");
  expect(answer.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
});
