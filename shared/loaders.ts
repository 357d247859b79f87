import DataLoader from "dataloader";
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { forgetDecisions } from "./auth/rules";
import { isUuid } from "./identifiers";

/**
 * A loader for rows with one key each: one statement per batch (the caller's query takes the
 * whole key array), answers in key order, null where no row exists.
 */
export function rowLoader<Row>(
  load: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader<string, Row | null>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader for the many rows that belong to each key (a person's decisions, a run's enrolments). */
export function groupLoader<Row>(
  load: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader<string, Row[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Empties every DataLoader cache among a request's loaders (`SubgraphContext.loaders`). */
export function clearLoaders(loaders: unknown): void {
  for (const loader of Object.values((loaders ?? {}) as Record<string, unknown>)) {
    if (loader instanceof DataLoader) loader.clearAll();
  }
}

/**
 * The hub's one way of keeping per-request data true around writes: every root mutation field of
 * `schema` (wrapped in place) empties the request's loaders and graphql-shield's cached decisions
 * once its write is done, whether it succeeded or not, before its own selection resolves. So the
 * mutation's answer, and the next mutation of the same operation (GraphQL runs root mutation fields
 * one after another), read what is stored now: `a: recordAttendance(…) b: recordAttendance(…)`
 * answers b's attendanceRate with a's day counted (issue 13, input 1). Reads before the first write
 * keep their batching; a mutation costs one fresh load per entity it answers with.
 */
export function freshAfterEachWrite(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, { loaders?: unknown }> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      try {
        return await resolve(source, args, context, info);
      } finally {
        clearLoaders(context?.loaders);
        forgetDecisions(context);
      }
    };
  }
  return schema;
}
