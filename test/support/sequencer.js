const Sequencer = require("@jest/test-sequencer").default;

/**
 * Jest's own order with test/logs.e2e.test.ts last, and one more thing: whether this run has an e2e file, so that
 * test/support/global-setup.ts builds the template databases only for a run that starts test hubs.
 * (Jest sorts the tests before it runs globalSetup, in the same process.)
 */
class HubTestSequencer extends Sequencer {
  sort(tests) {
    process.env.HUB_TEST_E2E = tests.some((test) => /\.e2e\.test\.ts$/.test(test.path)) ? "true" : "";
    // test/logs.e2e.test.ts reads the log every other test file wrote: it starts last (with two workers, beside at most one other file).
    const last = (test) => /[\\/]test[\\/]logs\.e2e\.test\.ts$/.test(test.path);
    const sorted = super.sort(tests);
    return Promise.resolve(sorted).then((order) => [...order.filter((test) => !last(test)), ...order.filter(last)]);
  }
}

module.exports = HubTestSequencer;
