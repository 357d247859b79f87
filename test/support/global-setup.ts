import fs from "node:fs";
import path from "node:path";
import { scratchFolder } from "./scratch";
import { databaseOf, databaseSettings, workerDatabaseUrl } from "./worker-databases";

/** Where this test run keeps its template databases. */
export const TEMPLATES_ENV = "HUB_TEST_TEMPLATES";

/**
 * A folder for this test run's template databases (test/support/hub.ts, embeddedTemplate), built
 * here, outside any test's timeout, when the run has an e2e file (test/support/sequencer.js): the
 * first test file would otherwise pay for it within its beforeAll. A run of unit tests alone pays
 * nothing. The workers inherit the environment; a jest run inside a test (new-subgraph) makes its own.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  await createWorkerDatabases(process.env, globalConfig.maxWorkers);
  process.env[TEMPLATES_ENV] = scratchFolder("hub-test-templates-");
  // Every service of every test hub, in-process or a process of its own, appends its JSON lines here (shared/log.ts); test/logs.e2e.test.ts reads them.
  process.env.LOG_FILE ??= path.join(process.env[TEMPLATES_ENV], "hub.log");
  if (process.env.HUB_TEST_E2E !== "true") return;
  // Tests that start the hub as `npm start` does run the compiled code (COMPILED_START).
  const { build }: typeof import("../../scripts/build") = require("../../scripts/build");
  await build({ ifStale: true });
  // Required here, not imported above: a unit-test run does not load the whole hub.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hub: typeof import("./hub") = require("./hub");
  if (!hub.usingPostgres()) await hub.embeddedTemplate();
}

/**
 * On PostgreSQL, the databases of Jest workers 2 to `workers` (test/support/worker-databases.ts),
 * each created where it is missing, on its server, by the user of its `<NAME>_OWNER_DATABASE_URL`
 * where that is set, else of its `<NAME>_DATABASE_URL`. They are left in place after the run, as the
 * configured ones are: every test hub empties its databases first.
 */
async function createWorkerDatabases(env: NodeJS.ProcessEnv, workers: number): Promise<void> {
  if (workers < 2) return;
  // One URL per database: the owner's where a subgraph has one.
  const databases = new Map<string, { setting: string; url: string }>();
  for (const setting of databaseSettings(env)) {
    const url = new URL(env[setting]!);
    const key = `${url.hostname}:${url.port}/${databaseOf(setting, url.href)}`;
    if (!databases.has(key) || setting.endsWith("_OWNER_DATABASE_URL")) databases.set(key, { setting, url: url.href });
  }
  if (databases.size === 0) return;
  // Required here: a run on the embedded default does not load pg.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg: typeof import("pg") = require("pg");
  for (const { setting, url } of databases.values()) {
    const server = new URL(url);
    server.pathname = "/postgres";
    const client = new pg.Client({ connectionString: server.href });
    const where = `${server.host}, as ${decodeURIComponent(server.username) || "the default user"}`;
    try {
      await client.connect();
      for (let worker = 2; worker <= workers; worker += 1) {
        const database = databaseOf(setting, workerDatabaseUrl(setting, url, worker));
        const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (rowCount) continue;
        // 42P04: another run made it in the meantime.
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
          if (error.code !== "42P04") throw error;
        });
      }
    } catch (error) {
      throw new Error(`test/support/global-setup.ts: could not create the databases of Jest workers 2–${workers} for ${setting} (at ${where}, database postgres): ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
