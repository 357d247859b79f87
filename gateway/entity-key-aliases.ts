import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, isCompositeType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type ConstDirectiveNode, type DocumentNode, type GraphQLSchema } from "graphql";
import { ErrorCode } from "../shared/errors";

/**
 * A guard against a known bug of @apollo/gateway (apollographql/federation#3036, still in the
 * version we pin): when a client gives another field an alias that is the name of an entity's key
 * field — `participant(id: …) { id: lastName enrolments { status } }` — the query planner fetches
 * the key under the same response name, and the answer carries the UUID as `id` instead of the last
 * name. A wrong answer is worse than a refusal, so until upstream fixes it such an operation is
 * BAD_USER_INPUT naming the alias (issue 13, input 7). test/hostile-input.e2e.test.ts runs the
 * operation with the guard off and fails the day an upgrade answers it right, so the guard can go.
 */

/** Shape: the supergraph's SDL → for each entity type, the names its keys select at the top level, plus `__typename`. */
export function entityKeyFields(supergraphSdl: string): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  visit(parse(supergraphSdl), {
    ObjectTypeDefinition: (type) => collect(type.name.value, type.directives),
    ObjectTypeExtension: (type) => collect(type.name.value, type.directives),
    InterfaceTypeDefinition: (type) => collect(type.name.value, type.directives),
  });
  return keys;

  function collect(typeName: string, directives: readonly ConstDirectiveNode[] | undefined) {
    for (const directive of directives ?? []) {
      if (directive.name.value !== "join__type") continue;
      const key = directive.arguments?.find((argument) => argument.name.value === "key")?.value;
      if (key?.kind !== Kind.STRING || !key.value) continue;
      const names = keys.get(typeName) ?? new Set(["__typename"]);
      // The key's top-level field names: what is outside any braces.
      let depth = 0;
      for (const token of key.value.split(/([{}\s])/)) {
        if (token === "{") depth += 1;
        else if (token === "}") depth -= 1;
        else if (depth === 0 && token.trim()) names.add(token.trim());
      }
      keys.set(typeName, names);
    }
  }
}

/** The aliases in `document` that take the name of a key field of their entity, as `path: message` refusals. */
export function keyAliases(schema: GraphQLSchema, document: DocumentNode, keys: Map<string, Set<string>>): GraphQLError[] {
  const refusals: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const alias = field.alias?.value;
        if (!alias || alias === field.name.value) return;
        const parent = typeInfo.getParentType();
        if (!parent || !isCompositeType(parent) || !keys.get(parent.name)?.has(alias)) return;
        refusals.push(
          new GraphQLError(
            `${alias}: an alias may not take the name of ${parent.name}'s key field "${alias}" (the gateway would answer it with the key; apollographql/federation#3036). Choose another alias for ${field.name.value}.`,
            { nodes: [field], extensions: { code: ErrorCode.BAD_USER_INPUT, field: alias, http: { status: 400 } } },
          ),
        );
      },
    }),
  );
  return refusals;
}

/** The gateway plugin: refuses, before planning, an operation with an alias on an entity key (see above). */
export function refuseEntityKeyAliases(supergraphSdl: string): ApolloServerPlugin {
  const keys = entityKeyFields(supergraphSdl);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document }) {
          const [first] = keyAliases(schema, document, keys);
          if (first) throw first;
        },
      };
    },
  };
}
