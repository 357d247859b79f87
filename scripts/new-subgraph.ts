import fs from "node:fs";
import path from "node:path";
import { SUBGRAPHS } from "../subgraphs";

/**
 * `npm run new:subgraph -- <name> [--owner AGENCY]`: a partner institution joins the hub. Copies
 * templates/subgraph/ into subgraphs/<name>/ (its own database, migrations, deny-by-default
 * permissions, classification, README and a starter test) and adds the one line to
 * subgraphs/index.ts. Then: npm run compose, npm start, npm test.
 */
const ROOT = path.resolve(__dirname, "..");
const TEMPLATE = path.join(ROOT, "templates", "subgraph");
const INDEX = path.join(ROOT, "subgraphs", "index.ts");

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

function copy(from: string, to: string, tokens: Record<string, string>) {
  const replace = (text: string) => Object.entries(tokens).reduce((result, [token, value]) => result.split(token).join(value), text);
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const target = path.join(to, replace(entry.name));
    if (entry.isDirectory()) copy(path.join(from, entry.name), target, tokens);
    else fs.writeFileSync(target, replace(fs.readFileSync(path.join(from, entry.name), "utf8")));
  }
}

/** Adds the import and the list entry to subgraphs/index.ts: the one line (and its import) a subgraph needs. */
function register(name: string, variable: string) {
  const source = fs.readFileSync(INDEX, "utf8");
  const list = /export const SUBGRAPHS: readonly SubgraphDefinition\[\] = \[([^\]]*)\];/;
  if (!list.test(source)) throw new Error("subgraphs/index.ts no longer has the SUBGRAPHS list in the expected form");
  const imports = source.match(/^import .*;$/gm)!;
  const lastImport = imports[imports.length - 1];
  const updated = source
    .replace(lastImport, `${lastImport}\nimport { ${variable} } from "./${name}";`)
    .replace(list, (_, entries: string) => `export const SUBGRAPHS: readonly SubgraphDefinition[] = [${entries}, ${variable}];`);
  fs.writeFileSync(INDEX, updated);
}

function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) throw new Error("Usage: npm run new:subgraph -- <name> (lower-case words joined by dashes, e.g. health-centre)");
  if (SUBGRAPHS.some((subgraph) => subgraph.name === name) || fs.existsSync(path.join(ROOT, "subgraphs", name))) throw new Error(`A subgraph "${name}" already exists`);
  const ownerFlag = rest.indexOf("--owner");
  const variable = camel(name);
  const env = name.toUpperCase().replace(/-/g, "_");
  const owner = ownerFlag >= 0 ? rest[ownerFlag + 1] : env;
  if (!owner || !/^[A-Z][A-Z0-9_]*$/.test(owner)) throw new Error("--owner takes the agency code, e.g. HEALTH_CENTRE");
  const port = Math.max(...SUBGRAPHS.map((subgraph) => subgraph.defaultPort)) + 1;
  copy(TEMPLATE, path.join(ROOT, "subgraphs", name), {
    __name__: name,
    __camel__: variable,
    __Pascal__: variable[0].toUpperCase() + variable.slice(1),
    __AGENCY__: owner,
    __ENV__: env,
    __PORT__: String(port),
    __TIMESTAMP__: String(Date.now()),
  });
  register(name, variable);
  console.log(`Created subgraphs/${name} (port ${port}, owner ${owner}) and listed it in subgraphs/index.ts.`);
  console.log("Next: fill in its README.md, then npm run compose, npm start, npm test (docs/partners.md).");
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
