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
  maxWorkers: 1,
};
