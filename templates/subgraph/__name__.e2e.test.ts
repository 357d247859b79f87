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

it("keeps its part of the access log out of the public graph: coordination merges it into accessLog (ACCESS.md, machinery)", async () => {
  const dpo = { ...user(Agency.OVERSIGHT, "ministry"), roles: ["DPO"] };
  const answer = await hub.requestAs(dpo, "query Probe($id: ID!) { __camel__AccessLog(participantId: $id) { at } }", { id: "00000000-0000-4000-8000-0000000000aa" });
  expect(answer.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
});

it("refuses a request without a token", async () => {
  const answer = await hub.request("{ __camel__Services { id } }");
  expect(answer.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
});
