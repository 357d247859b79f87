import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { EXPLORER_BUILD_DIR } from "../gateway/explorer";

/**
 * `npm run build:explorer [-- --if-stale]`: bundles the explorer's page script and styles
 * (gateway/explorer/browser/, GraphiQL, React) into build/explorer/ with esbuild, from
 * node_modules alone: no network. `npm start` runs it with --if-stale, which rebuilds only when the
 * lock file or the explorer's sources changed. Refuses a bundle whose styles would load anything
 * from another origin (GraphiQL once imported Google Fonts).
 */
const ROOT = path.resolve(__dirname, "..");
const SOURCES = path.join(ROOT, "gateway", "explorer", "browser");
const STAMP = path.join(EXPLORER_BUILD_DIR, "inputs.sha256");

/** The lock file (which GraphiQL and React), this script and the browser sources. */
const inputsHash = (): string =>
  hashOfFiles([path.join(ROOT, "package-lock.json"), __filename, ...fs.readdirSync(SOURCES).sort().map((file) => path.join(SOURCES, file))]);

/** SHA-256 (hex) of files' paths, relative to the project, and contents, in the order given: a build's inputs, to tell when it is stale. */
export function hashOfFiles(files: string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file)).update("\0");
  return hash.digest("hex");
}

export interface BuiltExplorer {
  rebuilt: boolean;
  /** Bytes of each file written. */
  sizes: Record<string, number>;
}

const sizesOf = (): Record<string, number> =>
  Object.fromEntries(["explorer.js", "explorer.css"].map((file) => [file, fs.statSync(path.join(EXPLORER_BUILD_DIR, file)).size]));

export async function buildExplorer(options: { ifStale?: boolean } = {}): Promise<BuiltExplorer> {
  const inputs = inputsHash();
  if (options.ifStale && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === inputs) return { rebuilt: false, sizes: sizesOf() };
  fs.rmSync(EXPLORER_BUILD_DIR, { recursive: true, force: true });
  await build({
    entryPoints: { explorer: path.join(SOURCES, "app.tsx") },
    outdir: EXPLORER_BUILD_DIR,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["chrome109", "firefox115", "safari16"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    // Licences of everything bundled, in a file beside the bundle rather than inside it.
    legalComments: "external",
    logLevel: "warning",
    absWorkingDir: ROOT,
  });
  const css = fs.readFileSync(path.join(EXPLORER_BUILD_DIR, "explorer.css"), "utf8");
  const external = [...css.matchAll(/@import\b[^;]*|url\(\s*["']?(?!data:)[^)]*\)/g)].map((match) => match[0].slice(0, 120));
  if (external.length) throw new Error(`The explorer's styles would load from elsewhere: ${external.join(", ")}`);
  fs.writeFileSync(STAMP, inputs);
  return { rebuilt: true, sizes: sizesOf() };
}

if (require.main === module) {
  buildExplorer({ ifStale: process.argv.includes("--if-stale") }).then(
    ({ rebuilt, sizes }) => {
      if (rebuilt) console.log(`explorer built in build/explorer: ${Object.entries(sizes).map(([file, bytes]) => `${file} ${(bytes / 1024).toFixed(0)} KiB`).join(", ")}`);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
