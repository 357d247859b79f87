import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, isInterfaceType, isObjectType, Kind, parse, TypeInfo, visit, visitWithTypeInfo, type ConstDirectiveNode, type DocumentNode, type GraphQLSchema } from "graphql";
import { ErrorCode } from "../shared/errors";

/**
 * A guard against a known bug of @apollo/gateway (apollographql/federation#3036, still in the
 * version we pin): the query planner adds fields of its own to a fetch — an entity's key, the
 * inputs of a `@requires` — under their own names, and merges them with the client's fields by
 * response name. So an alias that takes the name of another field of an entity makes the answer
 * wrong: `participant(id: …) { id: lastName enrolments { status } }` answers the UUID as `id`
 * (issue 13, input 7), and `temporarilyUnemployable: hasComplexSocialProblems eligibility { … }`
 * computed eligibility from the wrong fact (red team). A wrong answer is worse than a refusal: until
 * upstream fixes it, an alias on an entity type may not be the name of another of its fields (nor
 * `__typename`), BAD_USER_INPUT naming the alias. Aliases with fresh names are untouched.
 * test/hostile-input.e2e.test.ts runs such operations with the guard off and fails the day an
 * upgrade answers them right, so the guard can go.
 */

/** Shape: the supergraph's SDL → for each entity type (one with a `@key`), the names its keys select at the top level, plus `__typename`. */
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

/** The aliases in `document` that take the name of another field (or `__typename`) of an entity type, as refusals. */
export function shadowingAliases(schema: GraphQLSchema, document: DocumentNode, entities: Map<string, Set<string>>): GraphQLError[] {
  const refusals: GraphQLError[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const alias = field.alias?.value;
        if (!alias || alias === field.name.value) return;
        const parent = typeInfo.getParentType();
        if (!parent || !entities.has(parent.name)) return;
        const shadowed = alias === "__typename" || ((isObjectType(parent) || isInterfaceType(parent)) && alias in parent.getFields());
        if (!shadowed) return;
        refusals.push(
          new GraphQLError(
            `${alias}: an alias may not take the name of another field of ${parent.name} ("${alias}"): the gateway would answer it with that field (apollographql/federation#3036). Choose another alias for ${field.name.value}.`,
            { nodes: [field], extensions: { code: ErrorCode.BAD_USER_INPUT, field: alias, http: { status: 400 } } },
          ),
        );
      },
    }),
  );
  return refusals;
}

/** The gateway plugin: refuses, before planning, an operation with an alias that shadows a field of an entity (see above). */
export function refuseShadowingAliases(supergraphSdl: string): ApolloServerPlugin {
  const entities = entityKeyFields(supergraphSdl);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document }) {
          const [first] = shadowingAliases(schema, document, entities);
          if (first) throw first;
        },
      };
    },
  };
}
