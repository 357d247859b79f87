import fs from "node:fs";
import path from "node:path";
import { FIXTURE_PATH, fixtureFor, sharedContract, SHARED_CONTRACT_PATH } from "../test/support/contract";

/**
 * `npm run contract:sync`: copies the front-end contract's operations from ../shared/contract into
 * the project's copy, contract/operations.graphql, under its header. Run it when the
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
