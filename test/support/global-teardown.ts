import fs from "node:fs";
import { TEMPLATES_ENV } from "./global-setup";

/** Removes this test run's template databases (test/support/global-setup.ts). */
export default function globalTeardown(): void {
  const root = process.env[TEMPLATES_ENV];
  if (root) fs.rmSync(root, { recursive: true, force: true });
}
