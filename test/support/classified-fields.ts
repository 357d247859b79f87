import fs from "node:fs";
import { Kind, parse } from "graphql";
import { SUPERGRAPH_PATH } from "../../gateway";
import type { Classification } from "../../shared/classification";

/**
 * Every field of the composed supergraph with the classification printed into its description
 * (shared/classification.ts), as `Type.field` → level. Read from `schema/supergraph.graphql` as
 * committed, so the policy is checked against the schema that is actually served.
 */
export function classifiedFields(sdl = fs.readFileSync(SUPERGRAPH_PATH, "utf8")): Map<string, Classification> {
  const fields = new Map<string, Classification>();
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      const level = /Data classification: (PUBLIC|PERSONAL|SENSITIVE)/.exec(field.description?.value ?? "")?.[1] as Classification | undefined;
      if (level) fields.set(`${definition.name.value}.${field.name.value}`, level);
    }
  }
  return fields;
}

/** The PERSONAL and SENSITIVE fields: the ones the access policy must cover. */
export const personalFields = (sdl?: string): string[] =>
  [...classifiedFields(sdl)].filter(([, level]) => level !== "PUBLIC").map(([field]) => field);
