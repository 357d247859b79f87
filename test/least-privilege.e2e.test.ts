import fs from "node:fs";
import pg from "pg";
import { AccessRecorder } from "../shared/audit/recorder";
import { ConfigError } from "../shared/config";
import { Agency } from "../shared/enums";
import { startSubgraph, type RunningSubgraph } from "../shared/subgraph";
import { findSubgraph, SUBGRAPHS } from "../subgraphs";
import { usingPostgres } from "./support/hub";
import { scratchFolder } from "./support/scratch";
import { subgraphSettings } from "../shared/config";

/**
 * Issue 16, least privilege on PostgreSQL: with `<NAME>_OWNER_DATABASE_URL`, migrations run as the
 * tables' owner and the subgraph serves as the role of `<NAME>_DATABASE_URL`, which may append to
 * the access log and read it, and nothing else there: no UPDATE, DELETE, TRUNCATE, ALTER, and no
 * trigger disabled or dropped (shared/database.ts, serviceRolePrivileges). Runs where the test run
 * uses PostgreSQL, in a database and a role of its own; the embedded default has one role and says
 * so in the README.
 */
const configured = SUBGRAPHS.map((definition) => subgraphSettings(definition.name, definition.defaultPort).databaseUrl).find(Boolean);
if (!configured) console.warn("test/least-privilege.e2e.test.ts: this run uses the embedded default, which has one role; the least-privilege tests run where <NAME>_DATABASE_URLs are set");
const withPostgres = usingPostgres() && configured ? describe : describe.skip;

const DATABASE = "hub_least_privilege_test";
const ROLE = "hub_service_test";

withPostgres("the service role on PostgreSQL", () => {
  const server = new URL(configured ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  const at = (user: string, password = "") => {
    const url = new URL(server.href);
    url.username = user;
    url.password = password;
    url.pathname = `/${DATABASE}`;
    return url.href;
  };
  const ownerUrl = at(decodeURIComponent(server.username || "postgres"), server.password ? decodeURIComponent(server.password) : "");
  const serviceUrl = at(ROLE, "service-role-password");
  const admin = () => new pg.Client({ connectionString: new URL("/postgres", ownerUrl).href });
  // Made in beforeAll: a skipped describe still runs its body, but not its hooks.
  let dataDir = "";
  let subgraph: RunningSubgraph | undefined;
  let service: pg.Client;

  beforeAll(async () => {
    dataDir = scratchFolder("hub-least-privilege-");
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${ROLE}`);
    await client.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD 'service-role-password'`);
    await client.query(`CREATE DATABASE ${DATABASE}`);
    await client.end();
    subgraph = await startSubgraph(findSubgraph("csd"), { dataDir, demoData: true, port: 0, databaseUrl: serviceUrl, ownerDatabaseUrl: ownerUrl, peers: ["csd"] });
    service = new pg.Client({ connectionString: serviceUrl });
    await service.connect();
  });
  afterAll(async () => {
    await service?.end();
    await subgraph?.stop();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${ROLE}`);
    await client.end();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("migrates as the owner and serves as the service role: ready, with the demo data loaded", async () => {
    const [{ role }] = (await subgraph!.database.dataSource.query("SELECT current_user AS role")) as { role: string }[];
    expect(role).toBe(ROLE);
    const ready = await fetch(new URL("/ready", subgraph!.url));
    expect(ready.status).toBe(200);
    const [{ count }] = (await service.query("SELECT count(*)::int AS count FROM assistance_decisions")).rows;
    expect(count).toBeGreaterThan(0);
  });

  it("lets the service role append to the access log, through the hub's own recorder", async () => {
    const before = (await service.query("SELECT count(*)::int AS count FROM access_log")).rows[0].count;
    const recorder = new AccessRecorder({ sub: "least-privilege-test", agency: Agency.CSD, unit: "test", roles: [] }, "ParticipantView", "CSD");
    recorder.read("43a70792-16fa-549d-bc07-bef027b8ff51", "socialAssistance");
    await recorder.flush(subgraph!.database.dataSource.manager);
    expect((await service.query("SELECT count(*)::int AS count FROM access_log")).rows[0].count).toBe(before + 1);
  });

  it.each([
    ["UPDATE", "UPDATE access_log SET subject = 'someone-else'"],
    ["DELETE", "DELETE FROM access_log"],
    ["TRUNCATE", "TRUNCATE access_log"],
    ["write the archive", "INSERT INTO access_log_archive SELECT * FROM access_log"],
    ["disable the triggers", "ALTER TABLE access_log DISABLE TRIGGER ALL"],
    ["drop a trigger", "DROP TRIGGER access_log_append_only ON access_log"],
    ["replace the trigger that seals each record", "DROP TRIGGER access_log_seal ON access_log"],
    ["wind the positions back", "SELECT setval('access_log_position_seq', 1)"],
    ["drop the table", "DROP TABLE access_log"],
    ["rewrite the migrations' record", "DELETE FROM schema_migrations"],
  ])("refuses the service role to %s", async (_what, statement) => {
    const error = await service.query(statement).then(
      () => null,
      (refusal: { code?: string }) => refusal,
    );
    // 42501: insufficient_privilege (also "must be owner of table").
    expect(error?.code).toBe("42501");
  });

  it("refuses to start when both URLs name the same role: it would own the log", async () => {
    await expect(startSubgraph(findSubgraph("csd"), { dataDir, demoData: false, port: 0, databaseUrl: ownerUrl, ownerDatabaseUrl: ownerUrl, peers: ["csd"] })).rejects.toThrow(ConfigError);
  });
});
