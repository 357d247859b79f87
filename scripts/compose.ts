import fs from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { SUBGRAPHS } from "../subgraphs";
import { composeServices as composeWithTheGuild } from "@theguild/federation-composition";
import { classificationProblems } from "../shared/classification";
import { buildFederatedSchema, type SubgraphDefinition } from "../shared/subgraph";
import { dockerCompose } from "./docker-compose";
import { kubernetesManifests } from "./kubernetes";
import { README_PATH, withGeneratedParts } from "./readme";
import { uncommittedBreakingChanges } from "./schema-changes";

/**
 * `npm run compose`: prints each subgraph's SDL to schema/<name>.graphql and composes
 * schema/supergraph.graphql ahead of time, so the gateway serves a reviewed, committed file; it
 * also writes docker-compose.yml and README.md's subgraph table, diagram and database commands
 * from the same list of subgraphs.
 * `--check` writes nothing and fails when the committed files are stale.
 */
export const SCHEMA_DIR = path.resolve(__dirname, "..", "schema");

export interface Composition {
  subgraphs: { name: string; sdl: string }[];
  supergraph: string;
}

export async function composeSupergraph(definitions: readonly SubgraphDefinition[] = SUBGRAPHS): Promise<Composition> {
  const subgraphs = [];
  const problems: string[] = [];
  for (const definition of definitions) {
    const { sdl, schema } = await buildFederatedSchema(definition);
    problems.push(...classificationProblems(definition.name, schema, definition.classification, definition.permissions));
    subgraphs.push({ name: definition.name, sdl: `${sdl}\n`, url: `http://localhost:${definition.defaultPort}/graphql` });
  }
  if (problems.length) throw new Error(`Data classification:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
  const result = composeServices(subgraphs.map(({ name, sdl, url }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  }
  return { subgraphs: subgraphs.map(({ name, sdl }) => ({ name, sdl })), supergraph: `${result.supergraphSdl}\n` };
}

/**
 * The same subgraphs composed by an independent implementation (The Guild's), so the supergraph
 * does not depend on one vendor's reading of the federation spec. Returns its public API schema SDL.
 */
export function composeWithGuild(composition: Composition): string {
  const result = composeWithTheGuild(composition.subgraphs.map(({ name, sdl }) => ({ name, typeDefs: parse(sdl), url: `http://${name}/graphql` })));
  if (result.errors) throw new Error(`The Guild's composition failed:\n${result.errors.map((error) => `- ${error.message}`).join("\n")}`);
  return result.publicSdl;
}

/** The files `npm run compose` writes, with their content. */
export const composedFiles = (composition: Composition): [string, string][] => [
  ...composition.subgraphs.map(({ name, sdl }): [string, string] => [path.join(SCHEMA_DIR, `${name}.graphql`), sdl]),
  [path.join(SCHEMA_DIR, "..", "docker-compose.yml"), dockerCompose(SUBGRAPHS)],
  [path.join(SCHEMA_DIR, "..", "deploy", "kubernetes", "hub.yaml"), kubernetesManifests(SUBGRAPHS)],
  [README_PATH, withGeneratedParts(fs.readFileSync(README_PATH, "utf8"), SUBGRAPHS)],
  [path.join(SCHEMA_DIR, "supergraph.graphql"), composition.supergraph],
];

async function main() {
  const files = composedFiles(await composeSupergraph());
  if (process.argv.includes("--check")) {
    const stale = files.filter(([file, content]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content);
    if (stale.length) {
      console.error(`Stale: ${stale.map(([file]) => path.relative(process.cwd(), file)).join(", ")}. Run npm run compose.`);
      process.exit(1);
    }
    console.log("schema/ is up to date");
    return;
  }
  const breaking = await uncommittedBreakingChanges(files);
  if (breaking.length) {
    console.error(`Breaking changes against the last commit:\n${breaking.map((problem) => `- ${problem}`).join("\n")}`);
    process.exit(1);
  }
  fs.mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  console.log(`Composed ${SUBGRAPHS.length} subgraphs into ${path.relative(process.cwd(), files.at(-1)![0])}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
