import fs from "node:fs";
import path from "node:path";
import { build as esbuild } from "esbuild";
import { buildExplorer, hashOfFiles } from "./build-explorer";

/**
 * `npm run build [-- --if-stale]`: the hub's TypeScript compiled once into dist/, one .js file per
 * .ts file in the same place under dist/ (so `dist/scripts/start.js` runs with plain `node`), plus
 * the files the services read at run time: the supergraph, the contract's operations (the explorer's
 * examples) and the explorer's bundle. esbuild transpiles without type checking, as tsx did before:
 * `npm run typecheck` is the type check. Decorators are TypeScript's experimental ones; no design-type
 * metadata is emitted, so every type-graphql and TypeORM decorator names its type.
 *
 * --if-stale rebuilds only when a source file, the lock file or this script changed (a hash of them in
 * dist/inputs.sha256): `npm start` runs it, some 0.1 s when nothing changed, 1–3 s when something did.
 */
const ROOT = path.resolve(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
/** Folders whose TypeScript runs as services or scripts; tests and the browser app stay out. */
const SOURCE_DIRS = ["shared", "subgraphs", "gateway", "scripts"];
const EXCLUDED = [path.join("gateway", "explorer", "browser")];
/** Files read at run time, relative to the project; each is copied to the same place under dist/. */
const RUNTIME_FILES = [path.join("schema", "supergraph.graphql"), path.join("contract", "operations.graphql")];
const STAMP = path.join(DIST, "inputs.sha256");

function sources(): string[] {
  const found: string[] = [];
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, directory), { withFileTypes: true })) {
      const relative = path.join(directory, entry.name);
      if (EXCLUDED.includes(relative)) continue;
      if (entry.isDirectory()) visit(relative);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !entry.name.endsWith(".d.ts")) found.push(relative);
    }
  };
  for (const directory of SOURCE_DIRS) visit(directory);
  return found.sort();
}

const inputsHash = (files: string[]): string =>
  hashOfFiles([...files, ...RUNTIME_FILES, "package-lock.json", "tsconfig.json", path.relative(ROOT, __filename)].map((file) => path.join(ROOT, file)));

export interface BuildResult {
  rebuilt: boolean;
  files: number;
  milliseconds: number;
}

export async function build(options: { ifStale?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  const files = sources();
  const inputs = inputsHash(files);
  const explorer = await buildExplorer({ ifStale: true });
  const fresh = fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === inputs && !explorer.rebuilt;
  if (options.ifStale && fresh) return { rebuilt: false, files: files.length, milliseconds: performance.now() - started };
  fs.rmSync(DIST, { recursive: true, force: true });
  await esbuild({
    entryPoints: files.map((file) => path.join(ROOT, file)),
    outdir: DIST,
    outbase: ROOT,
    bundle: false,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: true,
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
  });
  for (const file of RUNTIME_FILES) {
    fs.mkdirSync(path.dirname(path.join(DIST, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(DIST, file));
  }
  fs.cpSync(path.join(ROOT, "build", "explorer"), path.join(DIST, "build", "explorer"), { recursive: true });
  fs.writeFileSync(STAMP, inputs);
  return { rebuilt: true, files: files.length, milliseconds: performance.now() - started };
}

if (require.main === module) {
  build({ ifStale: process.argv.includes("--if-stale") }).then(
    ({ rebuilt, files, milliseconds }) => {
      if (rebuilt) console.log(`built dist/ from ${files} files in ${(milliseconds / 1000).toFixed(1)} s`);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
