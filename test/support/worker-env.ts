import { workerEnv } from "./worker-databases";

/**
 * Jest's setupFiles entry (jest.config.js): before a test file's own code, its process.env names
 * this worker's databases (test/support/worker-databases.ts). Jest gives each test file a copy of
 * the worker's environment, so this runs for each file, from the configured names each time. A
 * process a test starts gets them when it is given this process.env, as every test here does
 * (`env: { ...process.env, … }`); a child started with no `env` would get the worker's own
 * environment, that is, worker 1's databases.
 */
Object.assign(process.env, workerEnv(process.env));
