import fs from "node:fs";
import path from "node:path";

/**
 * The README's benchmark table comes from a results file, never by hand (issue 18: "the README's
 * table is regenerated from it"): `npm run bench` writes the table into its results file between
 * the markers below and copies it into README.md; `npx tsx bench/readme.ts [bench/results/<file>.md]`
 * copies it again from a results file (default: the newest that has one).
 */
const ROOT = path.resolve(__dirname, "..");
export const TABLE_START = "<!-- bench table: generated from bench/results by bench/readme.ts -->";
export const TABLE_END = "<!-- end of bench table -->";

/** The generated block of a results file (markers included), or undefined if it has none. */
function blockOf(text: string): string | undefined {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END, start);
  return start >= 0 && end > start ? text.slice(start, end + TABLE_END.length) : undefined;
}

/**
 * Replaces README.md's block with `resultsFile`'s. Throws if either lacks the markers: a README
 * without them would silently keep an old table.
 */
export function updateReadme(resultsFile: string): void {
  const block = blockOf(fs.readFileSync(resultsFile, "utf8"));
  if (!block) throw new Error(`${resultsFile} has no generated table (${TABLE_START})`);
  const readmePath = path.join(ROOT, "README.md");
  const readme = fs.readFileSync(readmePath, "utf8");
  const current = blockOf(readme);
  if (!current) throw new Error(`README.md has no place for the table: add the lines ${TABLE_START} and ${TABLE_END}`);
  const source = `Generated from \`${path.relative(ROOT, resultsFile)}\`.`;
  fs.writeFileSync(readmePath, readme.replace(current, block.replace(TABLE_START, `${TABLE_START}\n${source}`)));
}

if (require.main === module) {
  const results = path.join(ROOT, "bench", "results");
  const named = process.argv[2];
  const file =
    named ??
    fs
      .readdirSync(results)
      .map((entry) => path.join(results, entry))
      .filter((entry) => entry.endsWith(".md") && blockOf(fs.readFileSync(entry, "utf8")))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!file) throw new Error("No results file in bench/results has a generated table: run npm run bench");
  updateReadme(path.resolve(file));
  console.log(`README.md's benchmark table now comes from ${path.relative(ROOT, path.resolve(file))}`);
}
