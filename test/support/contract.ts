import fs from "node:fs";
import path from "node:path";
import { parse, type DocumentNode, type OperationDefinitionNode, print } from "graphql";

/** The front-end contract lives beside the project, read-only: `../shared/contract/`. */
export const CONTRACT_DIR = path.resolve(__dirname, "..", "..", "..", "shared", "contract");

export const contractDocument = (): DocumentNode =>
  parse(fs.readFileSync(path.join(CONTRACT_DIR, "operations.graphql"), "utf8"));

/** Each operation of the contract as its own query text, by operation name. */
export function contractOperations(): Map<string, { kind: "query" | "mutation"; text: string }> {
  const operations = new Map<string, { kind: "query" | "mutation"; text: string }>();
  for (const definition of contractDocument().definitions) {
    if (definition.kind !== "OperationDefinition" || !definition.name) continue;
    const operation = definition as OperationDefinitionNode;
    operations.set(operation.name!.value, { kind: operation.operation as "query" | "mutation", text: print(operation) });
  }
  return operations;
}

export function contractOperation(name: string): string {
  const operation = contractOperations().get(name);
  if (!operation) throw new Error(`The contract has no operation ${name}`);
  return operation.text;
}
