import fs from "node:fs";
import path from "node:path";
import { scratchFolder } from "./scratch";

/** Where this test run keeps its template databases. */
export const TEMPLATES_ENV = "HUB_TEST_TEMPLATES";

/**
 * A folder for this test run's template databases (test/support/hub.ts, embeddedTemplate), built
 * here, outside any test's timeout, when the run has an e2e file (test/support/sequencer.js): the
 * first test file would otherwise pay for it within its beforeAll. A run of unit tests alone pays
 * nothing. The workers inherit the environment; a jest run inside a test (new-subgraph) makes its own.
 */
export default async function globalSetup(): Promise<void> {
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
