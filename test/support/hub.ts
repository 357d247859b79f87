import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { mintDevToken, type DevTokenOptions } from "../../shared/auth/dev-token";
import { subgraphSettings } from "../../shared/config";
import type { Caller } from "../../shared/context";
import { SUBGRAPHS } from "../../subgraphs";
import { startHub, type HubOptions, type RunningHub } from "../../scripts/hub";

/**
 * Starts a whole hub for one test file: real subgraphs over real databases and the real gateway,
 * on free ports. Each start gets fresh databases: a new PGlite folder on the embedded default, or
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

/** Test files send hundreds of requests a minute as one user: only test/rate-limits.e2e.test.ts tests the limits. */
const UNLIMITED = { perUserPerMinute: 1_000_000, failedSignInsPerMinute: 1_000_000, anonymousPerMinute: 1_000_000 };

export async function startTestHub(
  options: { demoData?: boolean; dataDir?: string; keepDatabases?: boolean; interpose?: HubOptions["interpose"]; rateLimits?: HubOptions["rateLimits"] } = {},
): Promise<TestHub> {
  if (!options.keepDatabases) await resetDatabases();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-"));
  const hub = await startHub({ dataDir, demoData: options.demoData ?? true, ephemeralPorts: true, interpose: options.interpose, rateLimits: options.rateLimits ?? UNLIMITED });
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
