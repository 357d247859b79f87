import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { Supergraph } from "@apollo/federation-internals";
import {
  getLocation,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type StringValueNode,
} from "graphql";
import { asOutage, OUTAGE_CODES } from "../shared/unavailable";
import { SUBGRAPHS } from "../subgraphs";

/**
 * When an agency's service does not answer (refused or reset connection, a timeout, a 5xx with no
 * GraphQL body), the gateway still answers with everyone else's data. Apollo Gateway reports a
 * failed fetch once, with no path and with the transport's own words (often an internal URL), which
 * a front-end cannot tell apart from "no data". Here the failure becomes SUBGRAPH_UNAVAILABLE,
 * naming the subgraph and its agency, and is placed at every field of the answer that is missing
 * because that subgraph alone resolves it.
 */

const ownerOf = (subgraph: string) => SUBGRAPHS.find((definition) => definition.name === subgraph)?.owner ?? subgraph.toUpperCase();

/** Runs one subgraph fetch; a subgraph that did not answer, or not in time, says so by name (no URL, no transport words). */
export async function unlessUnavailable<T>(subgraph: string, fetch: () => Promise<T>): Promise<T> {
  try {
    return await fetch();
  } catch (error) {
    throw asOutage(error, subgraph, ownerOf(subgraph)) ?? error;
  }
}

type Path = (string | number)[];

/**
 * Which subgraphs a supergraph field's value depends on: the subgraphs that resolve it (not merely
 * name it as @external), and those resolving the fields it @requires. Shape: type → field → subgraph names.
 */
export function fieldDependencies(supergraphSdl: string): Map<string, Map<string, Set<string>>> {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph") {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((directive) => directive.name.value === "join__graph")?.arguments?.find((argument) => argument.name.value === "name");
        graphNames.set(value.name.value, (name?.value as StringValueNode | undefined)?.value ?? value.name.value.toLowerCase());
      }
    }
  }
  const argument = (directive: { arguments?: readonly { name: { value: string }; value: unknown }[] }, name: string) =>
    directive.arguments?.find((candidate) => candidate.name.value === name)?.value as { kind: string; value: unknown } | undefined;
  const byType = new Map<string, Map<string, Set<string>>>();
  const requiresByType = new Map<string, Map<string, string[]>>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === "join__type")
      .map((directive) => graphNames.get(String(argument(directive, "graph")?.value)) ?? "");
    const fields = byType.get(definition.name.value) ?? new Map<string, Set<string>>();
    const requires = requiresByType.get(definition.name.value) ?? new Map<string, string[]>();
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === "join__field");
      const resolving = joins.length
        ? joins.filter((join) => argument(join, "external")?.value !== true && argument(join, "graph")).map((join) => graphNames.get(String(argument(join, "graph")!.value)) ?? "")
        : typeGraphs;
      fields.set(field.name.value, new Set(resolving.filter(Boolean)));
      const required = joins.flatMap((join) => {
        const fieldSet = argument(join, "requires")?.value;
        return typeof fieldSet === "string" ? fieldSet.replace(/[{}]/g, " ").split(/\s+/).filter(Boolean) : [];
      });
      if (required.length) requires.set(field.name.value, required);
    }
    byType.set(definition.name.value, fields);
    requiresByType.set(definition.name.value, requires);
  }
  for (const [typeName, requires] of requiresByType) {
    const fields = byType.get(typeName)!;
    for (const [fieldName, required] of requires) {
      for (const name of required) for (const graph of fields.get(name) ?? []) fields.get(fieldName)!.add(graph);
    }
  }
  return byType;
}

interface OutageModel {
  schema: GraphQLSchema;
  dependencies: Map<string, Map<string, Set<string>>>;
}

export function outageModel(supergraphSdl: string): OutageModel {
  return { schema: Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema(), dependencies: fieldDependencies(supergraphSdl) };
}

interface SelectedField {
  node: FieldNode;
  /** The type the field is selected on (a fragment's type condition, or the enclosing type). */
  parentType: GraphQLCompositeType;
}

/**
 * The concrete paths of the answer where a field is null because one of the `down` subgraphs did
 * not answer: a field that depends on it, or a field whose non-null child does (its null rose to
 * the nearest nullable field). Shape: (operation, data, down subgraphs) → [path, subgraph, field node].
 */
export function missingPaths(
  model: OutageModel,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown> | null | undefined,
  down: Set<string>,
): { path: Path; subgraph: string; node: FieldNode }[] {
  const { schema, dependencies } = model;
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const collect = (set: SelectionSetNode, parentType: GraphQLCompositeType, value: Record<string, unknown>, into: SelectedField[] = []): SelectedField[] => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        into.push({ node: selection, parentType });
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
      if (!condition || !("name" in condition)) continue;
      const runtime = typeof value.__typename === "string" ? schema.getType(value.__typename) : undefined;
      const applies =
        condition.name === parentType.name ||
        (runtime && isObjectType(runtime) && (runtime.name === condition.name || (isAbstractType(condition) && schema.isSubType(condition, runtime)))) ||
        (!runtime && isAbstractType(parentType));
      if (applies) collect(fragment.selectionSet, condition as GraphQLCompositeType, value, into);
    }
    return into;
  };

  /** The down subgraph a null at this field is owed to, if any. */
  const blame = (parentType: GraphQLCompositeType, fieldName: string): string | undefined => {
    for (const graph of dependencies.get(parentType.name)?.get(fieldName) ?? []) if (down.has(graph)) return graph;
    return undefined;
  };

  /** A down subgraph owing a non-null field under this selection, whose null would have risen to here. */
  const blameBelow = (type: GraphQLOutputType, set: SelectionSetNode | undefined, depth = 0): string | undefined => {
    const named = getNamedType(type);
    if (!set || !isObjectType(named) || depth > 8) return undefined;
    for (const { node } of collect(set, named, {})) {
      const field = named.getFields()[node.name.value];
      if (!field || !isNonNullType(field.type)) continue;
      const culprit = blame(named, node.name.value) ?? blameBelow(field.type, node.selectionSet, depth + 1);
      if (culprit) return culprit;
    }
    return undefined;
  };

  const found: { path: Path; subgraph: string; node: FieldNode }[] = [];
  const walkValue = (value: unknown, type: GraphQLOutputType, set: SelectionSetNode | undefined, path: Path) => {
    if (value === null || value === undefined || !set) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (Array.isArray(value)) value.forEach((item, index) => walkValue(item, inner.ofType, set, [...path, index]));
      return;
    }
    const named = getNamedType(inner);
    if (typeof value !== "object" || !("getFields" in named)) return;
    const runtime = typeof (value as { __typename?: unknown }).__typename === "string" ? schema.getType((value as { __typename: string }).__typename) : undefined;
    const objectType = (runtime && isObjectType(runtime) ? runtime : named) as GraphQLCompositeType;
    walkObject(value as Record<string, unknown>, objectType, set, path);
  };
  const walkObject = (object: Record<string, unknown>, type: GraphQLCompositeType, set: SelectionSetNode, path: Path) => {
    for (const { node, parentType } of collect(set, type, object)) {
      const name = node.name.value;
      if (name.startsWith("__")) continue;
      const key = node.alias?.value ?? name;
      const fieldType = "getFields" in parentType ? parentType.getFields()[name]?.type : undefined;
      if (!fieldType) continue;
      const value = object[key];
      if (value === null || value === undefined) {
        const culprit = blame(parentType, name) ?? blameBelow(fieldType, node.selectionSet);
        if (culprit) found.push({ path: [...path, key], subgraph: culprit, node });
        continue;
      }
      walkValue(value, fieldType, node.selectionSet, [...path, key]);
    }
  };
  walkObject(data ?? {}, rootType, operation.selectionSet, []);
  return found;
}

const isOutage = (error: GraphQLFormattedError) => OUTAGE_CODES.has(error.extensions?.code) && !error.path && typeof error.extensions?.subgraph === "string";

/**
 * Replaces each path-less SUBGRAPH_UNAVAILABLE error by one at every field it left empty (with the
 * field's location in the client's document); one that left nothing visibly empty stays path-less.
 */
export function placeOutageErrors(
  model: OutageModel,
  errors: readonly GraphQLFormattedError[],
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown> | null | undefined,
): GraphQLFormattedError[] {
  const outages = errors.filter(isOutage);
  if (!outages.length) return [...errors];
  const bySubgraph = new Map(outages.map((error) => [error.extensions!.subgraph as string, error]));
  const explained = new Set(errors.filter((error) => error.path).map((error) => JSON.stringify(error.path)));
  const placed = missingPaths(model, document, operationName, data, new Set(bySubgraph.keys()))
    .filter(({ path }) => !explained.has(JSON.stringify(path)))
    .map(({ path, subgraph, node }) => {
      const { message, extensions } = bySubgraph.get(subgraph)!;
      const locations = node.loc ? [getLocation(node.loc.source, node.loc.start)] : undefined;
      return { message, ...(locations ? { locations } : {}), path, extensions } as GraphQLFormattedError;
    });
  const placedSubgraphs = new Set(placed.map((error) => error.extensions!.subgraph));
  const seen = new Set<string>();
  const unplaced = outages.filter((error) => {
    const subgraph = error.extensions!.subgraph as string;
    if (placedSubgraphs.has(subgraph) || seen.has(subgraph)) return false;
    seen.add(subgraph);
    return true;
  });
  return [...errors.filter((error) => !isOutage(error)), ...placed, ...unplaced];
}

/** The gateway plugin: outage errors placed on the answer before it leaves. */
export function subgraphOutages(supergraphSdl: string): ApolloServerPlugin {
  const model = outageModel(supergraphSdl);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document, operationName }: GraphQLRequestContext<object>) {
          const body = response.body;
          if (body?.kind !== "single" || !document || !body.singleResult.errors?.some(isOutage)) return;
          const { data } = body.singleResult;
          body.singleResult = { ...body.singleResult, errors: placeOutageErrors(model, body.singleResult.errors, document, operationName, data) };
        },
      };
    },
  };
}
