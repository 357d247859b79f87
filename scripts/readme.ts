import path from "node:path";
import { envName } from "../shared/config";
import type { SubgraphDefinition } from "../shared/subgraph";

/**
 * The parts of README.md that follow from the one list of subgraphs (subgraphs/index.ts): written
 * by `npm run compose` between `<!-- generated:<part> -->` and `<!-- /generated:<part> -->`, and
 * checked with the other composed files by test/schema.test.ts, so the README cannot speak of
 * four subgraphs when there are five.
 */
export const README_PATH = path.resolve(__dirname, "..", "README.md");

const databaseName = (subgraph: SubgraphDefinition) => `hub_${subgraph.name.replace(/-/g, "_")}`;

/** Each generated part's text, by its marker name. */
export function readmeParts(subgraphs: readonly SubgraphDefinition[], gatewayPort = 4000): Record<string, string> {
  const ports = subgraphs.map((subgraph) => subgraph.defaultPort);
  const nodeId = (subgraph: SubgraphDefinition) => subgraph.name.replace(/[^a-z0-9]/g, "_");
  return {
    subgraphs: [
      "| subgraph | actor | owns | port |",
      "|---|---|---|---|",
      ...subgraphs.map((subgraph) => `| \`${subgraph.name}\` | ${subgraph.actor} | ${subgraph.owns} | ${subgraph.defaultPort} (\`${envName(subgraph.name, "PORT")}\`) |`),
      "",
      `${subgraphs.length} subgraphs; the gateway listens on ${gatewayPort}, the subgraphs on ${Math.min(...ports)}–${Math.max(...ports)}.`,
    ].join("\n"),
    architecture: [
      "```mermaid",
      "flowchart LR",
      `  fe[Agency front-ends] -->|GraphQL| gw[Gateway :${gatewayPort}<br/>Apollo Gateway, supergraph composed ahead of time]`,
      ...subgraphs.map((subgraph) => `  gw --> ${nodeId(subgraph)}[${subgraph.name} :${subgraph.defaultPort}]`),
      ...subgraphs.map((subgraph) => `  ${nodeId(subgraph)} --> db_${nodeId(subgraph)}[(${subgraph.name} DB)]`),
      "```",
    ].join("\n"),
    databases: [
      "```sh",
      `for database in ${subgraphs.map(databaseName).join(" ")}; do createdb -h 127.0.0.1 -U postgres $database; done`,
      ...subgraphs.map((subgraph) => `export ${envName(subgraph.name, "DATABASE_URL")}=postgresql://postgres@127.0.0.1:5432/${databaseName(subgraph)}`),
      "npm start",
      "```",
    ].join("\n"),
  };
}

/** The README with every generated part replaced; fails when a part's markers are missing. */
export function withGeneratedParts(readme: string, subgraphs: readonly SubgraphDefinition[]): string {
  let result = readme;
  for (const [part, text] of Object.entries(readmeParts(subgraphs))) {
    const marked = new RegExp(`(<!-- generated:${part} [^>]*-->\\n)[\\s\\S]*?(<!-- /generated:${part} -->)`);
    if (!marked.test(result)) throw new Error(`README.md has no <!-- generated:${part} … --> … <!-- /generated:${part} --> markers`);
    result = result.replace(marked, (_, begin: string, end: string) => `${begin}${text}\n${end}`);
  }
  return result;
}
