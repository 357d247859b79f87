import { Arg, Ctx, Directive, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Caller } from "../context";
import { badInput } from "../errors";
import { isSalt, pseudonymOf } from "./linkage";
import { indicatorFactsField } from "./names";

export { INDICATOR_READERS, indicatorFactsField } from "./names";

/**
 * An agency's facts for indicators, labelled by keyed pseudonym (linkage.ts): the one thing an
 * agency hands the statistics service. Hub machinery (`@inaccessible`, SERVICE_CALLS: statistics
 * only). Each row is `[label, ...values]` in the order of `columns`; values are coarse categories
 * and dates, never names, EMŠOs, ids or free text.
 */
@Directive("@shareable")
@Directive("@inaccessible")
@ObjectType("IndicatorFactTable", { description: "Hub machinery: an agency's pseudonymous facts for indicators (not in the public graph)." })
export class IndicatorFactTable {
  @Field(() => [String], { description: "What each row's values are, after the label." })
  columns: string[];

  @Field(() => [[String]], { description: "One row per fact: the person's label for this computation, then the values (an empty string for none)." })
  rows: string[][];
}

export interface FactContext {
  caller: Caller;
  /** The linkage key, read on first use (shared/indicators/linkage.ts). */
  linkageKey(): Buffer;
}

export interface FactRow {
  participantId: string;
  values: (string | null)[];
}

/**
 * The resolver of an agency's facts field: `rows(context)` reads the agency's own tables (for a
 * provider caller, a provider restricts them to its own runs); each participant id becomes its
 * label for the salt statistics sent.
 */
export function createIndicatorFactsResolver<Context extends FactContext>(subgraph: string, columns: string[], rows: (context: Context) => Promise<FactRow[]>): Function {
  @Resolver()
  class IndicatorFactsResolver {
    @Directive("@inaccessible")
    @Query(() => IndicatorFactTable, { name: indicatorFactsField(subgraph), description: `Hub machinery: the ${subgraph} subgraph's pseudonymous facts for indicators (${columns.join(", ")}).` })
    async facts(@Arg("salt", () => String) salt: string, @Ctx() context: Context): Promise<IndicatorFactTable> {
      if (!isSalt(salt)) throw badInput("salt", "must be 16 random bytes in base64url");
      const key = context.linkageKey();
      // No value is null on the wire: an empty string stands for "none" (no exit yet, no outcome).
      return { columns, rows: (await rows(context)).map((row) => [pseudonymOf(key, salt, row.participantId), ...row.values.map((value) => value ?? "")]) };
    }
  }
  return IndicatorFactsResolver;
}
