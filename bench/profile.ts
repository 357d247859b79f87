import fs from "node:fs";
import path from "node:path";

/**
 * Where a process's CPU went, from a V8 CPU profile (`node --cpu-prof`): each sample's self time
 * charged to the code it was in, grouped by the part of the stack that code belongs to (a library,
 * the access log, the policy …). bench/run.ts `--profile` writes one profile per service and puts
 * these tables in the results file (issue 18: "find where each millisecond goes").
 */

/** The `.cpuprofile` format V8 writes: a tree of call frames and, per sample, the node it hit and the time since the previous one. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber?: number }; children?: number[] }[];
  /** When profiling started, in microseconds of the monotonic clock (`process.hrtime.bigint()` / 1000 in any process of the machine). */
  startTime: number;
  samples: number[];
  /** Microseconds between samples, one per sample. */
  timeDeltas: number[];
}

/**
 * The parts a frame may belong to, first match wins: a pattern on the script's URL (or the
 * function's name for V8's own entries) and the name shown.
 */
const PARTS: readonly [RegExp, string][] = [
  [/^\(garbage collector\)$/, "garbage collection"],
  [/^\((program|idle|root)\)$/, "idle or outside JavaScript"],
  [/node_modules\/graphql-shield\//, "graphql-shield (rules)"],
  [/node_modules\/graphql-middleware\//, "graphql-middleware (the wrapping of every field)"],
  [/node_modules\/type-graphql\//, "type-graphql"],
  [/node_modules\/graphql\//, "graphql-js (parse, validate, execute)"],
  [/node_modules\/@apollo\/(gateway|query-planner|federation-internals)\//, "Apollo gateway and query planner"],
  [/node_modules\/@apollo\/(server|subgraph|utils)/, "Apollo Server and subgraph"],
  [/node_modules\/(typeorm|pg|pg-protocol|pg-pool|pg-types|postgres-)/, "database driver and ORM (pg, typeorm)"],
  [/node_modules\/(@electric-sql)/, "PGlite"],
  [/node_modules\/(jose)\//, "signatures (jose)"],
  [/node_modules\/(dataloader)\//, "dataloader"],
  [/node_modules\/(pino|thread-stream|sonic-boom)/, "logging (pino)"],
  [/node_modules\/(@opentelemetry)/, "tracing (OpenTelemetry)"],
  [/node_modules\/(@graphql-hive|@graphql-mesh|@graphql-tools|@whatwg-node|@graphql-yoga|graphql-yoga)/, "Hive Gateway and its tools"],
  [/node_modules\/(@escape\.tech|graphql-query-complexity)/, "operation limits"],
  [/node_modules\//, "other libraries"],
  [/\/shared\/audit\//, "access log (shared/audit)"],
  [/\/shared\/(auth|policy)\//, "authorization and signatures (shared/auth, shared/policy)"],
  [/\/gateway\//, "our gateway's code"],
  [/\/(subgraphs|shared)\//, "resolvers, loaders and rules (subgraphs/, shared/)"],
  [/\/bench\//, "benchmark baseline's code"],
  [/^node:/, "Node.js (HTTP, streams, crypto, timers)"],
  [/^$/, "V8 built-ins (JSON, promises, regular expressions)"],
];

const partOf = (url: string, functionName: string): string => {
  for (const [pattern, name] of PARTS) if (pattern.test(url) || (url === "" && pattern.test(functionName))) return name;
  return "other";
};

/** A stretch of time on the monotonic clock, in microseconds: only the samples taken in it count. */
export interface Window {
  from: number;
  to: number;
}

/** The monotonic clock now, in microseconds, as V8 stamps its samples. */
export const monotonicMicroseconds = () => Number(process.hrtime.bigint() / 1000n);

/** Each sample in `window`: the node it hit and the milliseconds it stands for. */
function* samplesIn(profile: CpuProfile, window?: Window): Generator<[number, number]> {
  let at = profile.startTime;
  for (let index = 0; index < profile.samples.length; index += 1) {
    at += profile.timeDeltas[index] ?? 0;
    if (window && (at < window.from || at > window.to)) continue;
    yield [profile.samples[index], (profile.timeDeltas[index] ?? 0) / 1000];
  }
}

const read = (profilePath: string) => JSON.parse(fs.readFileSync(profilePath, "utf8")) as CpuProfile;

/** Milliseconds of self time per part, largest first, and the total sampled (idle excluded), in `window` if given. */
export function cpuByPart(profilePath: string, window?: Window): { total: number; parts: [string, number][] } {
  const profile = read(profilePath);
  const partById = new Map(profile.nodes.map((node) => [node.id, partOf(node.callFrame.url, node.callFrame.functionName)]));
  const byPart = new Map<string, number>();
  for (const [id, ms] of samplesIn(profile, window)) {
    const part = partById.get(id) ?? "other";
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
  }
  byPart.delete("idle or outside JavaScript");
  const parts = [...byPart].sort((a, b) => b[1] - a[1]);
  return { total: parts.reduce((sum, [, ms]) => sum + ms, 0), parts };
}

/**
 * The functions of our own code (outside node_modules) with the most self time: `name (file:line)`
 * and milliseconds, for the results file's "hot spots".
 */
export function hotFunctions(profilePath: string, root: string, window?: Window, count = 8): [string, number][] {
  const profile = read(profilePath);
  const byFunction = new Map<string, number>();
  const nameById = new Map(
    profile.nodes.map((node) => {
      const { url, functionName, lineNumber } = node.callFrame;
      const file = url.startsWith("file://") ? path.relative(root, new URL(url).pathname) : url;
      return [node.id, `${functionName || "(anonymous)"} (${file}:${(lineNumber ?? 0) + 1})`];
    }),
  );
  for (const [id, ms] of samplesIn(profile, window)) {
    const name = nameById.get(id)!;
    if (name.includes("node_modules") || name.includes("(program)") || name.includes("(idle)")) continue;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  return [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** A markdown table of `cpuByPart` for several processes side by side: ms per request and share. */
export function partsTable(profiles: { name: string; path: string }[], requests: number, window?: Window): string[] {
  const measured = profiles.map((profile) => ({ name: profile.name, ...cpuByPart(profile.path, window) }));
  const names = [...new Set(measured.flatMap((each) => each.parts.map(([part]) => part)))];
  const totalOf = (name: string) => measured.reduce((sum, each) => sum + (each.parts.find(([part]) => part === name)?.[1] ?? 0), 0);
  names.sort((a, b) => totalOf(b) - totalOf(a));
  const cell = (each: (typeof measured)[number], part: string) => {
    const ms = each.parts.find(([name]) => name === part)?.[1] ?? 0;
    return ms ? `${(ms / requests).toFixed(2)} (${((100 * ms) / each.total).toFixed(0)} %)` : "—";
  };
  return [
    `| part of the stack | ${measured.map((each) => each.name).join(" | ")} |`,
    `|---|${measured.map(() => "---").join("|")}|`,
    ...names.map((part) => `| ${part} | ${measured.map((each) => cell(each, part)).join(" | ")} |`),
    `| **all sampled** | ${measured.map((each) => `**${(each.total / requests).toFixed(2)}**`).join(" | ")} |`,
  ];
}
