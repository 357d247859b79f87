import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { graphql, parse } from "graphql";
import { and, applyPermissions, forgetDecisions, isAgency, or, rule } from "./rules";

/**
 * Issue 18: a field's rule is decided once per entity per request. A small schema whose rules
 * count their evaluations: how often they run is what changed; what they decide must not.
 */
function counted() {
  const calls = { inTeam: 0, consent: 0 };
  const team = new Set(["p1", "p2"]);
  const consented = new Set(["p1"]);
  const inTeam = rule({ cache: "no_cache" })(async (parent: { id: string }) => {
    calls.inTeam += 1;
    return team.has(parent.id);
  });
  const hasConsent = rule({ cache: "no_cache" })(async (parent: { id: string }) => {
    calls.consent += 1;
    return consented.has(parent.id);
  });
  // A subgraph's schema, as every subgraph's is (applyPermissions names federation's _Service).
  const schema = buildSubgraphSchema({
    typeDefs: parse(`type Query { people: [Person!]! } type Person { id: ID! firstName: String lastName: String emso: String note(loud: Boolean): String }`),
    resolvers: {
      Query: { people: () => ["p1", "p2", "p3"].map((id) => ({ id, firstName: `F${id}`, lastName: `L${id}`, emso: `E${id}`, note: `N${id}` })) },
      Person: { note: (person: { note: string }, { loud }: { loud?: boolean }) => (loud ? person.note.toUpperCase() : person.note) },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
    } as any,
  });
  // Written out per field, as permissions.ts files do: two objects per rule, one decision.
  const shared = () => or(and(isAgency("COORDINATION"), inTeam), and(isAgency("CSD"), inTeam, hasConsent));
  const permitted = applyPermissions(schema, {
    Query: { people: isAgency("COORDINATION", "CSD") },
    Person: { id: isAgency("COORDINATION", "CSD"), firstName: shared(), lastName: shared(), emso: and(inTeam, hasConsent), note: shared() },
  });
  return { calls, run: (agency: string, context: object = {}) => graphql({ schema: permitted, source: "{ people { id firstName lastName emso note(loud: true) } }", contextValue: Object.assign(context, { caller: { sub: "u", agency, unit: "x", roles: [] } }) }) };
}

describe("a field's rule is decided once per entity per request (shared/auth/rules.ts)", () => {
  it("decides the same as a rule per field: FORBIDDEN where the rule says no, data where it says yes", async () => {
    const { run } = counted();
    const answer = await run("CSD");
    const people = answer.data!.people as Record<string, string | null>[];
    expect(people.map((person) => [person.firstName, person.lastName, person.emso, person.note])).toEqual([
      ["Fp1", "Lp1", "Ep1", "NP1"],
      [null, null, null, null],
      [null, null, null, null],
    ]);
    expect(answer.errors?.map((error) => `${error.path?.join(".")} ${error.extensions?.code}`).sort()).toEqual(
      ["1.firstName", "1.lastName", "1.emso", "1.note", "2.firstName", "2.lastName", "2.emso", "2.note"].map((path) => `people.${path} FORBIDDEN`).sort(),
    );
  });

  it("evaluates a rule shared by several fields of one entity once for that entity, and a field with arguments on its own", async () => {
    const { run, calls } = counted();
    await run("COORDINATION");
    // Per person: firstName and lastName share one decision of the `or` (shield runs both branches:
    // inTeam twice, hasConsent once); emso its own (once each); note has arguments, so its own `or`
    // (twice, once). A rule per field would be 7 and 4 per person.
    expect(calls.inTeam).toBe(3 * (2 + 1 + 2));
    expect(calls.consent).toBe(3 * (1 + 1 + 1));
  });

  it("decides again after a write (forgetDecisions), never from a decision made before it", async () => {
    const { run, calls } = counted();
    const context = {};
    await run("COORDINATION", context);
    const first = calls.inTeam;
    forgetDecisions(context);
    await run("COORDINATION", context);
    expect(calls.inTeam).toBe(2 * first);
  });
});
