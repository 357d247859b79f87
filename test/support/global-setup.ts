import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where this test run keeps its template databases. */
export const TEMPLATES_ENV = "HUB_TEST_TEMPLATES";

/**
 * A folder for this test run's template databases (test/support/hub.ts, embeddedTemplate). Only the
 * folder: the first test hub builds the template, so a run of unit tests alone pays nothing. The
 * workers inherit the environment; a jest run inside a test (new-subgraph) makes its own.
 */
export default function globalSetup(): void {
  process.env[TEMPLATES_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), "hub-test-templates-"));
}
