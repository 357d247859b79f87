import fs from "node:fs";
import net from "node:net";
import pg from "pg";
import type { MigrationInterface, QueryRunner } from "typeorm";
import { DatabaseConnectError, openDatabase, type AgencyDatabase } from "./database";
import { scratchFolder } from "../test/support/scratch";
import { subgraphSettings } from "./config";
import { SUBGRAPHS } from "../subgraphs";

/**
 * A subgraph that starts before its PostgreSQL server (as in docker compose on a fresh volume)
 * waits for it instead of exiting; one that is refused for good says so at once. Runs where the test
 * run uses PostgreSQL (`<NAME>_DATABASE_URL`s set, as `.ci/run`'s second pass does), against the
 * server the first of them names, in a throwaway database; on the embedded default it is skipped,
 * saying so (a newcomer's run found it used whatever answered at 127.0.0.1:5432).
 */
const configured = SUBGRAPHS.map((definition) => subgraphSettings(definition.name, definition.defaultPort).databaseUrl).find(Boolean);
const serverUrl = configured ? new URL(configured) : undefined;
const SERVER = { host: serverUrl?.hostname ?? "127.0.0.1", port: Number(serverUrl?.port || 5432) };
const CREDENTIALS = { user: decodeURIComponent(serverUrl?.username || "postgres"), password: serverUrl?.password ? decodeURIComponent(serverUrl.password) : undefined };
/** The password in the URLs below: the server's own where it has one; with trust authentication any, which must never reach a log line. */
const PASSWORD = CREDENTIALS.password ?? "not-shown-anywhere";
const DATABASE = "hub_retry_test";
const admin = () => new pg.Client({ ...SERVER, ...CREDENTIALS, database: "postgres" });

if (!serverUrl) console.warn("shared/database.test.ts: this run uses the embedded default; the PostgreSQL connection retry tests run where <NAME>_DATABASE_URLs are set");
const withPostgres = serverUrl ? describe : describe.skip;

class RetryProbe1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE retry_probe (id int PRIMARY KEY)");
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE retry_probe");
  }
}

/** A port nothing listens on (yet): the kernel's pick, released again. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, SERVER.host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Stands in for a PostgreSQL server that comes up late: forwards `port` to the real one. */
async function startProxy(port: number): Promise<() => Promise<void>> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(SERVER.port, SERVER.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, SERVER.host, resolve));
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
}

/** One folder for the file's tests (nothing is written there on PostgreSQL), removed at the end. */
const scratchDir = scratchFolder("hub-retry-");
afterAll(() => fs.rmSync(scratchDir, { recursive: true, force: true }));

const options = (databaseUrl: string, connectTimeout: number, log: (line: string) => void) => ({
  name: "retry-test",
  databaseUrl,
  dataDir: scratchDir,
  entities: [],
  migrations: [RetryProbe1700000000000],
  connectTimeout,
  log,
});

withPostgres("openDatabase on PostgreSQL", () => {
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await client.query(`CREATE DATABASE ${DATABASE}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.end();
  });

  it("waits for a server that starts listening a second later, then connects and migrates", async () => {
    const port = await freePort();
    const lines: string[] = [];
    let stopProxy: (() => Promise<void>) | undefined;
    const proxyStarted = new Promise<void>((resolve) => setTimeout(async () => ((stopProxy = await startProxy(port)), resolve()), 1000));
    let database: AgencyDatabase | undefined;
    try {
      database = await openDatabase(options(`postgresql://${encodeURIComponent(CREDENTIALS.user)}:${encodeURIComponent(PASSWORD)}@${SERVER.host}:${port}/${DATABASE}`, 20, (line) => lines.push(line)));
      expect(database.kind).toBe("postgresql");
      expect(await database.dataSource.query("SELECT name FROM schema_migrations")).toEqual([{ name: "RetryProbe1700000000000" }]);
      expect(await database.dataSource.query("SELECT count(*)::int AS rows FROM retry_probe")).toEqual([{ rows: 0 }]);
    } finally {
      await database?.close();
      await proxyStarted;
      await stopProxy?.();
    }
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      expect(line).toMatch(new RegExp(`^retry-test: database at ${SERVER.host}:${port}/${DATABASE} not ready \\(.*ECONNREFUSED.*\\); attempt \\d+, retrying in \\d\\.\\d\\d s$`));
      expect(line).not.toContain(PASSWORD);
      expect(line).not.toContain("postgres:");
    }
  });

  it("fails at once, naming the subgraph and its setting, when the database does not exist", async () => {
    const lines: string[] = [];
    const started = Date.now();
    const error = await openDatabase(options(`postgresql://${encodeURIComponent(CREDENTIALS.user)}:${encodeURIComponent(PASSWORD)}@${SERVER.host}:${SERVER.port}/${DATABASE}_missing`, 30, (line) => lines.push(line))).catch(
      (refusal: unknown) => refusal,
    );
    expect(error).toBeInstanceOf(DatabaseConnectError);
    expect((error as Error).message).toBe(
      `retry-test: cannot open its database at 127.0.0.1:5432/${DATABASE}_missing: database "${DATABASE}_missing" does not exist (3D000). Check RETRY_TEST_DATABASE_URL.`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines).toEqual([]);
  });
});

it("gives up after DATABASE_CONNECT_TIMEOUT seconds when nothing comes up, naming the setting", async () => {
  const port = await freePort();
  const lines: string[] = [];
  const started = Date.now();
  await expect(openDatabase(options(`postgresql://${encodeURIComponent(CREDENTIALS.user)}@${SERVER.host}:${port}/${DATABASE}`, 1, (line) => lines.push(line)))).rejects.toThrow(
    /^retry-test: the database at 127\.0\.0\.1:\d+\/hub_retry_test did not accept a connection within 1 s \(\d+ attempts; last: .*ECONNREFUSED.*\)\. Check RETRY_TEST_DATABASE_URL, or wait longer with DATABASE_CONNECT_TIMEOUT\.$/,
  );
  const waited = Date.now() - started;
  expect(waited).toBeGreaterThanOrEqual(1000);
  expect(waited).toBeLessThan(4000);
  // Waits of 0.25 s, 0.5 s and the 0.25 s left of the second, each announced.
  expect(lines.length).toBeGreaterThanOrEqual(2);
});
