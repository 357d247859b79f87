import { buildSubgraphSchema } from "@apollo/subgraph";
import { graphql, parse } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { Deadline, withinDeadline } from "./deadline";

/**
 * Red team (issue 18): a subgraph died of an unhandled rejection, `DEADLINE_EXCEEDED` at
 * `accessLog.10.agency`, when its budget ran out in the middle of a list. graphql-js 16 stops
 * completing a list when an item throws synchronously, and never awaits the items before it that
 * are still on their way: one that then rejects is nobody's, and Node ends the process.
 */
describe("withinDeadline: a budget that runs out in the middle of a list", () => {
  it("ends the request with DEADLINE_EXCEEDED and leaves no rejection unhandled", async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", note);
    try {
      const schema = buildSubgraphSchema({
        typeDefs: parse(`type Query { records: [AccessRecord!]! } type AccessRecord { slow: String! agency: String! }`),
        resolvers: {
          Query: { records: () => [{}, {}, {}] },
          AccessRecord: {
            // A field that is already on its way when the budget runs out, and fails later.
            slow: async () => {
              await new Promise((resolve) => setTimeout(resolve, 20));
              throw new Error("failed after the budget ran out");
            },
            agency: () => "CSD",
          },
        } as never,
      });
      // The budget runs out after the first record has started, at the first field of the second.
      let asked = 0;
      const deadline = new Deadline(60_000);
      Object.defineProperty(deadline, "expired", { get: () => ++asked > 2 });
      const answer = await graphql({ schema: applyMiddleware(schema, withinDeadline), source: "{ records { slow agency } }", contextValue: { deadline } });
      expect(answer.errors?.[0].extensions?.code).toBe("DEADLINE_EXCEEDED");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", note);
    }
  });
});
