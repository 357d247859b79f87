/** Unit tests sit beside their code (`*.test.ts`); cross-service tests live in test/ (`*.e2e.test.ts`). */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testMatch: ["<rootDir>/{shared,subgraphs,gateway,test,scripts}/**/*.test.ts"],
  testTimeout: 120000,
  maxWorkers: 1,
};
