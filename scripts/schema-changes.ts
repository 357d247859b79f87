import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Supergraph } from "@apollo/federation-internals";
import { CriticalityLevel, diff } from "@graphql-inspector/core";
import { buildASTSchema, parse, type GraphQLSchema } from "graphql";

/**
 * Breaking-change governance: each subgraph's SDL and the supergraph's API, compared with the
 * version in the last commit. A breaking change (a removed field, a narrowed type …) fails the
 * check unless schema/CHANGELOG.md records it by its path, e.g. `Participant.region`.
 */
const ROOT = path.resolve(__dirname, "..");
export const CHANGELOG = path.join(ROOT, "schema", "CHANGELOG.md");

const subgraphSchema = (sdl: string): GraphQLSchema => buildASTSchema(parse(sdl), { assumeValidSDL: true });
const apiSchema = (supergraphSdl: string): GraphQLSchema => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

export interface BreakingChange {
  file: string;
  path: string;
  message: string;
}

/** The breaking changes from one version of a schema file to the next. */
export async function breakingChanges(file: string, before: string, after: string): Promise<BreakingChange[]> {
  const build = file.endsWith("supergraph.graphql") ? apiSchema : subgraphSchema;
  const changes = await diff(build(before), build(after));
  return changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => ({ file, path: change.path ?? "", message: change.message }));
}

/**
 * Whether the changelog names this path as a whole: `Query.providersAccessLog` does not record
 * `Query.providers`, nor `Query.participant.id` (an argument) `Query.participant`.
 */
const records = (changelog: string, path: string) => new RegExp(`(^|[^\\w.])${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.])`).test(changelog);

/** Those not recorded in the changelog: each is a problem until someone writes it down. */
export function unrecorded(changes: BreakingChange[], changelog: string): string[] {
  return changes
    .filter((change) => !change.path || !records(changelog, change.path))
    .map((change) => `${change.file}: ${change.message} — a breaking change; record \`${change.path}\` in schema/CHANGELOG.md with the reason and who was told`);
}

/** The committed version of a file at HEAD, or null (a new file, or no git history here). */
function committed(file: string): string | null {
  try {
    return execFileSync("git", ["show", `HEAD:${path.relative(ROOT, file)}`], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

/** Compares the given (freshly composed) files with their committed versions. */
export async function uncommittedBreakingChanges(files: [string, string][]): Promise<string[]> {
  const changelog = fs.existsSync(CHANGELOG) ? fs.readFileSync(CHANGELOG, "utf8") : "";
  const problems: string[] = [];
  for (const [file, content] of files.filter(([name]) => name.endsWith(".graphql"))) {
    const before = committed(file);
    if (before !== null && before !== content) problems.push(...unrecorded(await breakingChanges(path.relative(ROOT, file), before, content), changelog));
  }
  return problems;
}
