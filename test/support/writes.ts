import type { Caller } from "../../shared/context";
import { rowCount } from "../../shared/database";
import type { TestHub, GraphQLAnswer } from "./hub";

/** Rows in every table of every subgraph's database, by subgraph: "nothing was stored" means equal. */
export async function rowCounts(hub: TestHub): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const subgraph of hub.subgraphs) counts[subgraph.name] = await rowCount(subgraph.database.dataSource.manager);
  return counts;
}

/** Sends a write that must be refused, and checks the code, the field named, and that no row changed. */
export async function expectRefused(
  hub: TestHub,
  as: Caller,
  query: string,
  variables: Record<string, unknown>,
  expected: { code: string; field?: string },
): Promise<GraphQLAnswer<unknown>> {
  const before = await rowCounts(hub);
  const answer = await hub.requestAs(as, query, variables);
  expect(answer.errors?.[0]?.extensions).toMatchObject(expected.field ? { code: expected.code, field: expected.field } : { code: expected.code });
  expect(answer.errors?.[0]?.message).toEqual(expect.any(String));
  expect(answer.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  expect(await rowCounts(hub)).toEqual(before);
  return answer;
}
