/**
 * On PostgreSQL each Jest worker has databases of its own, so that two test files can run at once:
 * a test hub empties its databases before it starts (test/support/hub.ts, resetDatabases), which
 * would pull them from under a hub of the other worker. Worker 1 uses the databases the
 * `<NAME>_DATABASE_URL`s (and `<NAME>_OWNER_DATABASE_URL`s) name; worker N > 1 the database of the
 * same name with `_w<N>` appended, on the same server, as the same user. test/support/global-setup.ts
 * creates those (createWorkerDatabases) before the workers start, and test/support/worker-env.ts
 * points each test file's environment at its worker's databases (workerEnv). No imports: the
 * setup file that uses this runs before every test file.
 */

/** The settings that name a database: every non-empty `*_DATABASE_URL`, the names test/support/hub.ts (embeddedProcessEnv) and test/new-subgraph.e2e.test.ts clear for an embedded hub. */
export const databaseSettings = (env: NodeJS.ProcessEnv): string[] => Object.keys(env).filter((name) => name.endsWith("_DATABASE_URL") && env[name]).sort();

/** PostgreSQL's longest name (NAMEDATALEN - 1 bytes); it cuts longer ones, which could make two workers' names one. */
const LONGEST_NAME = 63;

/** The database a URL names, decoded. */
export function databaseOf(setting: string, url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!database) throw new Error(`${setting} names no database; the tests need one to give each Jest worker a copy of (test/support/worker-databases.ts)`);
  return database;
}

/** Worker `worker`'s version of a database URL (setting `setting`): the same URL for worker 1, else its database with `_w<worker>` appended. */
export function workerDatabaseUrl(setting: string, url: string, worker: number): string {
  if (worker <= 1) return url;
  const database = `${databaseOf(setting, url)}_w${worker}`;
  if (Buffer.byteLength(database) > LONGEST_NAME) throw new Error(`${setting}: "${database}", Jest worker ${worker}'s database, is longer than PostgreSQL's ${LONGEST_NAME} bytes; name a shorter database`);
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.href;
}

/** Jest's worker number (JEST_WORKER_ID, from 1; 1 when a run has no workers of its own). */
export const workerNumber = (env: NodeJS.ProcessEnv): number => Math.max(1, Number(env.JEST_WORKER_ID) || 1);

/** The database settings of `env` as worker `worker` uses them; nothing when the run uses the embedded default. */
export const workerEnv = (env: NodeJS.ProcessEnv, worker = workerNumber(env)): Record<string, string> =>
  Object.fromEntries(databaseSettings(env).map((setting) => [setting, workerDatabaseUrl(setting, env[setting]!, worker)]));
