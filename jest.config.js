/** Unit tests sit beside their code (`*.test.ts`); cross-service tests live in test/ (`*.e2e.test.ts`). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/{shared,subgraphs,gateway,test,scripts}/**/*.test.ts"],
  testTimeout: 120000,
  testSequencer: "<rootDir>/test/support/sequencer.js",
  // The run's template databases, which test hubs copy instead of creating their own (test/support/hub.ts),
  // and on PostgreSQL the databases of workers 2 and up (test/support/worker-databases.ts).
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // Points each test file at its worker's databases when <NAME>_DATABASE_URLs are set; nothing otherwise.
  setupFiles: ["<rootDir>/test/support/worker-env.ts"],
  // Two test files at a time (npm test on the embedded default 5 min 20 s → under 4 min on this
  // 2-core machine). Each has databases of its own: on the embedded default every test hub has its
  // own; on PostgreSQL, where test hubs empty the databases they use first, each worker has its own:
  // worker 1 the ones <NAME>_DATABASE_URL names, worker 2 those names with _w2 on the same server.
  maxWorkers: 2,
};
