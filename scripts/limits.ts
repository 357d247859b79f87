import fs from "node:fs";
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, parse, typeFromAST, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { SUPERGRAPH_PATH } from "../gateway";
import { GATEWAY_LIMITS, measureOperation, type OperationLimits } from "../shared/operation-limits";
import { contractOperations } from "../test/support/contract";

/**
 * `npm run limits`: each contract operation's depth, aliases, tokens, directives and estimated cost
 * against the gateway's limits (shared/operation-limits.ts), with a page of `first` = 100.
 * `npm run limits -- my-query.graphql` measures a file of your own.
 */
const schema = buildSchema(fs.readFileSync(SUPERGRAPH_PATH, "utf8"), { assumeValidSDL: true });
const file = process.argv[2];
const operations = file ? new Map([[file, { text: fs.readFileSync(file, "utf8") }]]) : contractOperations();
const columns = Object.keys(GATEWAY_LIMITS) as (keyof OperationLimits)[];
console.log(["operation".padEnd(30), ...columns.map((column) => column.padStart(14))].join(""));
console.log(["limit".padEnd(30), ...columns.map((column) => String(GATEWAY_LIMITS[column]).padStart(14))].join(""));
/** A value of this input type for measuring: page sizes of 100, any valid value elsewhere. */
function sampleValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name);
  if (isListType(type)) return [sampleValue(type.ofType, name)];
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((field) => isNonNullType(field.type)).map((field) => [field.name, sampleValue(field.type, field.name)]));
  }
  const scalar = getNamedType(type).name;
  if (scalar === "Int") return name === "first" ? 100 : 1;
  if (scalar === "Boolean") return true;
  if (scalar === "Float") return 1;
  if (scalar === "Date") return "2026-01-01";
  return "x";
}

function sampleVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, sampleValue(typeFromAST(schema, definition.type as never) as GraphQLInputType, definition.variable.name.value)]),
  );
}

for (const [name, operation] of operations) {
  const document = parse(operation.text);
  const definition = document.definitions.find((node): node is OperationDefinitionNode => node.kind === "OperationDefinition")!;
  const figures = measureOperation(schema, document, sampleVariables(schema, definition));
  console.log([name.padEnd(30), ...columns.map((column) => String(figures[column]).padStart(14))].join(""));
}
