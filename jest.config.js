/** Unit tests sit beside their code (`*.test.ts`); cross-service tests live in test/ (`*.e2e.test.ts`). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/{shared,subgraphs,gateway,test,scripts}/**/*.test.ts"],
  testTimeout: 120000,
  // The run's template databases, which test hubs copy instead of creating their own (test/support/hub.ts).
  testSequencer: "<rootDir>/test/support/sequencer.js",
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // Two test files at a time on the embedded default, where every test hub has databases of its own
  // (npm test 5 min 20 s → under 4 min on this 2-core machine); one at a time on PostgreSQL, where
  // the test hubs share the servers' databases named by <NAME>_DATABASE_URL and empty them first.
  maxWorkers: Object.keys(process.env).some((name) => name.endsWith("_DATABASE_URL") && process.env[name]) ? 1 : 2,
};
