import { workerDatabaseUrl, workerEnv } from "./support/worker-databases";

/** Each Jest worker's own PostgreSQL databases (test/support/worker-databases.ts). */
describe("the databases of a Jest worker", () => {
  const url = "postgresql://hub:s%40cret@db.example:6543/hub_csd?sslmode=require";

  it("are the configured ones for worker 1, and the same names with _w<N> on the same server, as the same user, for worker N", () => {
    expect(workerDatabaseUrl("CSD_DATABASE_URL", url, 1)).toBe(url);
    expect(workerDatabaseUrl("CSD_DATABASE_URL", url, 2)).toBe("postgresql://hub:s%40cret@db.example:6543/hub_csd_w2?sslmode=require");
  });

  it("rewrites every database setting, owners' included, and nothing on the embedded default", () => {
    const env = {
      CSD_DATABASE_URL: "postgresql://service@127.0.0.1:5432/hub_csd",
      CSD_OWNER_DATABASE_URL: "postgresql://owner@127.0.0.1:5432/hub_csd",
      EMPLOYMENT_DATABASE_URL: "",
      CSD_PORT: "4002",
      JEST_WORKER_ID: "2",
    };
    expect(workerEnv(env)).toEqual({ CSD_DATABASE_URL: "postgresql://service@127.0.0.1:5432/hub_csd_w2", CSD_OWNER_DATABASE_URL: "postgresql://owner@127.0.0.1:5432/hub_csd_w2" });
    expect(workerEnv({ ...env, JEST_WORKER_ID: "1" })).toEqual({ CSD_DATABASE_URL: env.CSD_DATABASE_URL, CSD_OWNER_DATABASE_URL: env.CSD_OWNER_DATABASE_URL });
    expect(workerEnv({ CSD_PORT: "4002", JEST_WORKER_ID: "2" })).toEqual({});
  });

  it("refuses a URL with no database, and a name PostgreSQL would cut short", () => {
    expect(() => workerDatabaseUrl("CSD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432", 2)).toThrow(/CSD_DATABASE_URL names no database/);
    expect(() => workerDatabaseUrl("CSD_DATABASE_URL", `postgresql://postgres@127.0.0.1:5432/${"d".repeat(61)}`, 2)).toThrow(/longer than PostgreSQL's 63 bytes/);
  });
});
