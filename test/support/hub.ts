import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { buildOnce } from "../../shared/build-once";
import { todayInLjubljana } from "../../shared/calendar";
import { mintDevToken, type DevTokenOptions } from "../../shared/auth/dev-token";
import { envName, subgraphSettings } from "../../shared/config";
import type { Caller } from "../../shared/context";
import { SUBGRAPHS } from "../../subgraphs";
import { startHub, type HubOptions, type RunningHub } from "../../scripts/hub";
import { TEMPLATES_ENV } from "./global-setup";
import { scratchFolder } from "./scratch";

/**
 * Starts a whole hub for one test file: real subgraphs over real databases and the real gateway,
 * on free ports. Each start gets fresh databases: on the embedded default, its own copy of PGlite
 * folders migrated and loaded with the demo data once per test run (see embeddedTemplate), or
 * an emptied schema on the PostgreSQL servers named by `<NAME>_DATABASE_URL`.
 */
export interface TestHub extends Omit<RunningHub, "stop"> {
  dataDir: string;
  /** Stops the hub and deletes its embedded databases, unless they are kept for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Sends one GraphQL request to the gateway, with no identity unless headers carry one. */
  request<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<Data>>;
  /** Sends one GraphQL request as this user, with a token from the development issuer. */
  requestAs<Data = Record<string, unknown>>(user: Caller, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<Data>>;
  /** requestAs, asked again each second while the answer says indicators are being prepared (INDICATORS_IN_PREPARATION), for up to 5 minutes. */
  requestPrepared<Data = Record<string, unknown>>(user: Caller, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<Data>>;
  /** A development-issuer token for this user. */
  tokenFor(user: Caller, options?: DevTokenOptions): Promise<string>;
  /** Statements each subgraph sent to its database so far. */
  statementCounts(): Record<string, number>;
}

export interface GraphQLAnswer<Data> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export const usingPostgres = () => SUBGRAPHS.some((definition) => subgraphSettings(definition.name, definition.defaultPort).databaseUrl);

async function emptyDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
}

export async function resetDatabases(): Promise<void> {
  for (const definition of SUBGRAPHS) {
    const url = subgraphSettings(definition.name, definition.defaultPort).databaseUrl;
    if (url) await emptyDatabase(url);
  }
}

export async function postGraphQL<Data>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer<Data>;
}

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * `npm start` as the tests run it in a process of its own: the compiled entry point, which
 * test/support/global-setup.ts builds (scripts/build.ts) before the first test file.
 */
export const COMPILED_START = path.join(ROOT, "dist", "scripts", "start.js");

/**
 * What the databases of a fresh hub hold depends on the code under shared/ and subgraphs/
 * (entities, migrations, demo data) and on the day (the demo data's anchor): a template is good
 * for the same code on the same day, so a watch-mode run after an edit, or past midnight, builds a new one.
 */
function templateKey(): string {
  const hash = createHash("sha256");
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) hash.update(path.relative(ROOT, file)).update(fs.readFileSync(file));
    }
  };
  for (const directory of ["shared", "subgraphs"]) visit(path.join(ROOT, directory));
  hash.update(SUBGRAPHS.map((definition) => definition.name).join(","));
  return `${todayInLjubljana()}-${hash.digest("hex").slice(0, 16)}`;
}

/**
 * The embedded databases of a fresh demo hub, built once per test run and copied for every test
 * hub: migrating and loading the demo data is most of a hub start. The real hub starts on an empty
 * folder to build it, as `npm start` on a new DATA_DIR does. test/support/global-setup.ts builds it
 * before the first test file; a test hub builds it when it is missing (the day or the code changed
 * during a watch run, or /tmp was swept). Jest workers share it through the file system
 * (shared/build-once.ts: one builds, the others wait).
 * @returns the template folder, or undefined when this run has none (jest without global-setup.ts)
 */
export async function embeddedTemplate(): Promise<string | undefined> {
  const root = process.env[TEMPLATES_ENV];
  if (!root) return undefined;
  return buildOnce(path.join(root, templateKey()), async (template) => {
    const hub = await startHub({ dataDir: template, demoData: true, ephemeralPorts: true });
    await hub.stop();
    // Only the databases are shared: keys are made per test hub, as on a fresh data directory.
    for (const entry of fs.readdirSync(template)) if (!SUBGRAPHS.some((definition) => definition.name === entry)) fs.rmSync(path.join(template, entry), { recursive: true, force: true });
  });
}

/**
 * Copies this run's template databases (embeddedTemplate) into a data directory, for a hub on the
 * embedded default. On PostgreSQL the run's template holds no embedded databases, and the hub then
 * creates its own.
 */
export async function seedEmbedded(dataDir: string): Promise<void> {
  const template = usingPostgres() ? undefined : await embeddedTemplate();
  if (template) for (const definition of SUBGRAPHS) fs.cpSync(path.join(template, definition.name), path.join(dataDir, definition.name), { recursive: true });
}

/**
 * The environment of a hub started as a process on the embedded default, whatever this run uses:
 * no `<NAME>_DATABASE_URL`, no NODE_OPTIONS of Jest's, DATA_DIR, the gateway on `base` and each
 * subgraph on the ports after it, in subgraphs/index.ts order; `extra` on top.
 */
export const embeddedProcessEnv = (dataDir: string, base: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.endsWith("_DATABASE_URL"))),
  NODE_OPTIONS: "",
  DATA_DIR: dataDir,
  GATEWAY_PORT: String(base),
  ...Object.fromEntries(SUBGRAPHS.map((subgraph, index) => [envName(subgraph.name, "PORT"), String(base + index + 1)])),
  ...extra,
});

/**
 * Asks the gateway at `url` for `{ __typename }` every `everyMs` until it answers, at most `attempts`
 * times, or until `child` (the hub's process) has exited. @returns whether it answered
 */
export async function untilAnswering(url: string, { attempts, everyMs, child }: { attempts: number; everyMs: number; child?: { exitCode: number | null } }): Promise<boolean> {
  for (let attempt = 0; attempt < attempts && (child?.exitCode ?? null) === null; attempt += 1) {
    if ((await postGraphQL(url, "{ __typename }").catch(() => undefined))?.data) return true;
    await sleep(everyMs);
  }
  return false;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Test files send hundreds of requests a minute as one user: only test/rate-limits.e2e.test.ts tests the limits. */
const UNLIMITED = { perUserPerMinute: 1_000_000, failedSignInsPerMinute: 1_000_000, anonymousPerMinute: 1_000_000, reportsPerMinute: 1_000_000 };

export async function startTestHub(
  options: { demoData?: boolean; dataDir?: string; keepDatabases?: boolean; interpose?: HubOptions["interpose"]; interposeDatabase?: HubOptions["interposeDatabase"]; rateLimits?: HubOptions["rateLimits"] } = {},
): Promise<TestHub> {
  if (!options.keepDatabases) await resetDatabases();
  const dataDir = options.dataDir ?? scratchFolder("hub-test-");
  if (!options.dataDir && (options.demoData ?? true)) await seedEmbedded(dataDir);
  const hub = await startHub({ dataDir, demoData: options.demoData ?? true, ephemeralPorts: true, interpose: options.interpose, interposeDatabase: options.interposeDatabase, rateLimits: options.rateLimits ?? UNLIMITED });
  return {
    ...hub,
    dataDir,
    async stop({ keepData = false } = {}) {
      await hub.stop();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    request: (query, variables, headers) => postGraphQL(hub.gateway.url, query, variables, headers),
    requestAs: async (user, query, variables) =>
      postGraphQL(hub.gateway.url, query, variables, { authorization: `Bearer ${await mintDevToken(dataDir, user)}` }),
    async requestPrepared<Data>(user: Caller, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<Data>> {
      for (let waited = 0; ; waited += 1) {
        const answer = await postGraphQL<Data>(hub.gateway.url, query, variables, { authorization: `Bearer ${await mintDevToken(dataDir, user)}` });
        if (waited >= 300 || !answer.errors?.some((error: { extensions?: { code?: unknown } }) => error.extensions?.code === "INDICATORS_IN_PREPARATION")) return answer;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    tokenFor: (user, tokenOptions) => mintDevToken(dataDir, user, tokenOptions),
    statementCounts: () => Object.fromEntries(hub.subgraphs.map((subgraph) => [subgraph.name, subgraph.database.statements.count])),
  };
}

/** The paths of the fields an answer refused with FORBIDDEN, as "participant.socialCase". */
export const forbiddenPaths = (answer: GraphQLAnswer<unknown>): string[] =>
  (answer.errors ?? []).filter((error) => error.extensions?.code === "FORBIDDEN").map((error) => (error.path ?? []).join("."));

/** Fails on any error but FORBIDDEN, and returns the data. */
export function allowedData<Data>(answer: GraphQLAnswer<Data>): Data {
  const others = (answer.errors ?? []).filter((error) => error.extensions?.code !== "FORBIDDEN");
  expect(others).toEqual([]);
  return answer.data as Data;
}
