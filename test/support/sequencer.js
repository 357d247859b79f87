const Sequencer = require("@jest/test-sequencer").default;

/**
 * Jest's own order, and one more thing: whether this run has an e2e file, so that
 * test/support/global-setup.ts builds the template databases only for a run that starts test hubs.
 * (Jest sorts the tests before it runs globalSetup, in the same process.)
 */
class HubTestSequencer extends Sequencer {
  sort(tests) {
    process.env.HUB_TEST_E2E = tests.some((test) => /\.e2e\.test\.ts$/.test(test.path)) ? "true" : "";
    return super.sort(tests);
  }
}

module.exports = HubTestSequencer;
