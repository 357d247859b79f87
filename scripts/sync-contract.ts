import fs from "node:fs";
import path from "node:path";
import { documentCopyFor, FIXTURE_PATH, fixtureFor, SHARED_DOCUMENTS, sharedContract, SHARED_CONTRACT_PATH } from "../test/support/contract";

/**
 * `npm run contract:sync`: copies the front-end contract's operations from ../shared/contract into
 * the project's copy, contract/operations.graphql, under its header, and the access policy and the
 * domain description into docs/ACCESS.md and docs/DOMAIN.md. Run it when the
 * contract changes (test/schema.test.ts fails until then); commit the result.
 */
const contract = sharedContract();
if (contract === undefined) {
  console.error(`No contract beside the project: ${SHARED_CONTRACT_PATH} does not exist`);
  process.exit(1);
}
const fixture = fixtureFor(contract);
const before = fs.existsSync(FIXTURE_PATH) ? fs.readFileSync(FIXTURE_PATH, "utf8") : undefined;
fs.writeFileSync(FIXTURE_PATH, fixture);
console.log(`${path.relative(process.cwd(), FIXTURE_PATH)} ${before === fixture ? "was already" : "is now"} in step with ${SHARED_CONTRACT_PATH}`);
for (const document of SHARED_DOCUMENTS) {
  const copy = documentCopyFor(document.name, fs.readFileSync(document.shared, "utf8"));
  const previous = fs.existsSync(document.copy) ? fs.readFileSync(document.copy, "utf8") : undefined;
  fs.writeFileSync(document.copy, copy);
  console.log(`${path.relative(process.cwd(), document.copy)} ${previous === copy ? "was already" : "is now"} in step with ${document.shared}`);
}
