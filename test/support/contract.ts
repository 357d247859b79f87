import fs from "node:fs";
import path from "node:path";
import { parse, type DocumentNode, type OperationDefinitionNode, print } from "graphql";

/**
 * The operations the tests, benchmarks, scripts and the explorer's examples send are the project's
 * own copy of the front-end contract, `contract/operations.graphql`, so that a clone with nothing
 * beside it tests itself. The contract itself lives beside the project, read-only, in
 * `../shared/contract/`; where that folder exists, test/schema.test.ts checks the supergraph against
 * it and the fixture against it.
 */
export const FIXTURE_PATH = path.resolve(__dirname, "..", "..", "contract", "operations.graphql");
export const SHARED_CONTRACT_DIR = path.resolve(__dirname, "..", "..", "..", "shared", "contract");
export const SHARED_CONTRACT_PATH = path.join(SHARED_CONTRACT_DIR, "operations.graphql");

/** What the fixture says above the contract's text, which follows it unchanged. */
export const FIXTURE_HEADER = `# The project's copy of the front-end contract's operations, which the tests, benchmarks and
# scripts send (test/support/contract.ts reads it) and the explorer offers as examples
# (gateway/explorer/index.ts). Everything below this header is
# ../shared/contract/operations.graphql byte for byte. Kept in step by test/schema.test.ts, which
# fails where ../shared/contract exists and differs from this copy (and is skipped, saying so, where
# it does not); refresh this file with \`npm run contract:sync\`, never by hand.
# ---------------------------------------------------------------------------------------------------

`;

/**
 * The shared documents a partner's clone needs and would not have beside it: the access policy
 * (every refusal names it) and the domain with its glossary. Each is copied to docs/ with a first
 * line saying where from; `npm run contract:sync` refreshes them, test/schema.test.ts checks them.
 */
export const SHARED_DOCUMENTS = ["ACCESS.md", "DOMAIN.md"].map((name) => ({
  name,
  shared: path.resolve(SHARED_CONTRACT_DIR, "..", name),
  copy: path.resolve(__dirname, "..", "..", "docs", name),
}));

/** A shared document's copy in docs/: a comment naming its source, then the text unchanged. */
export const documentCopyFor = (name: string, text: string): string =>
  `<!-- A copy of ../shared/${name}, the project's shared ${name === "ACCESS.md" ? "access policy" : "domain description"}, for clones that have no ../shared beside them. Refresh it with npm run contract:sync, never by hand; test/schema.test.ts checks it where ../shared exists. -->\n\n${text}`;

/** The fixture's full text for a given contract text. */
export const fixtureFor = (contract: string): string => FIXTURE_HEADER + contract;

/** The contract beside the project, or undefined where there is none (a clone on its own). */
export const sharedContract = (): string | undefined =>
  fs.existsSync(SHARED_CONTRACT_PATH) ? fs.readFileSync(SHARED_CONTRACT_PATH, "utf8") : undefined;

export const contractDocument = (text: string = fs.readFileSync(FIXTURE_PATH, "utf8")): DocumentNode => parse(text);

/** Each operation of the contract as its own query text, by operation name. */
export function contractOperations(document: DocumentNode = contractDocument()): Map<string, { kind: "query" | "mutation"; text: string }> {
  const operations = new Map<string, { kind: "query" | "mutation"; text: string }>();
  for (const definition of document.definitions) {
    if (definition.kind !== "OperationDefinition" || !definition.name) continue;
    const operation = definition as OperationDefinitionNode;
    operations.set(operation.name!.value, { kind: operation.operation as "query" | "mutation", text: print(operation) });
  }
  return operations;
}

let fixtureOperations: ReturnType<typeof contractOperations> | undefined;

export function contractOperation(name: string): string {
  fixtureOperations ??= contractOperations();
  const operation = fixtureOperations.get(name);
  if (!operation) throw new Error(`The contract has no operation ${name}`);
  return operation.text;
}
