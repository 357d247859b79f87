/**
 * Where the time of one hub start goes (issue 14): each subgraph's phases one after another —
 * embedded database created, TypeORM connected, migrations, demo data generated and inserted,
 * schema built — then a whole `startHub` on fresh databases for the wall time the tests pay.
 * On PGlite by default; on PostgreSQL when `<NAME>_DATABASE_URL` is set (those databases are emptied).
 *
 *   npx tsx bench/hub-start.ts [rounds]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { DataSource } from "typeorm";
import { subgraphSettings } from "../shared/config";
import { demoData } from "../shared/demo-data";
import { buildFederatedSchema, migrationsOf } from "../shared/subgraph";
import { startHub } from "../scripts/hub";
import { SUBGRAPHS } from "../subgraphs";
import { resetDatabases } from "../test/support/hub";

const rounds = Number(process.argv[2] ?? 1);
/** Wall and CPU milliseconds by phase: on a shared machine the CPU figure is the steadier one. */
const totals = new Map<string, { wall: number; cpu: number }>();

async function timed<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await work();
  } finally {
    const used = process.cpuUsage(cpu);
    const total = totals.get(phase) ?? { wall: 0, cpu: 0 };
    totals.set(phase, { wall: total.wall + performance.now() - start, cpu: total.cpu + (used.user + used.system) / 1000 });
  }
}

async function phasesOnce(dataDir: string): Promise<void> {
  await timed("reset PostgreSQL databases", resetDatabases);
  const data = await timed("demo data generated (once per start)", () => demoData());
  for (const definition of SUBGRAPHS) {
    const databaseUrl = subgraphSettings(definition.name, definition.defaultPort).databaseUrl;
    let db: PGlite | undefined;
    let server: PGLiteSocketServer | undefined;
    if (!databaseUrl) {
      db = await timed("PGlite create (new folder)", () => PGlite.create(path.join(dataDir, definition.name)));
      server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 });
      await server.start();
    }
    const dataSource = new DataSource({
      type: "postgres",
      url: databaseUrl ?? `postgresql://postgres@${server!.getServerConn()}/postgres`,
      entities: definition.entities,
      migrations: migrationsOf(definition),
      migrationsTableName: "schema_migrations",
      migrationsTransactionMode: "each",
      extra: { max: 1 },
    });
    await timed("TypeORM connect", () => dataSource.initialize());
    await timed("migrations", () => dataSource.runMigrations());
    await timed("demo data inserted", () => dataSource.transaction((manager) => definition.loadDemoData(manager, data)));
    await timed("federated schema built", () => buildFederatedSchema(definition));
    await dataSource.destroy();
    await server?.stop();
    await db?.close();
    if (db) await timed("PGlite reopen (existing folder)", async () => (await PGlite.create(path.join(dataDir, definition.name))).close());
  }
  if (!SUBGRAPHS.some((definition) => subgraphSettings(definition.name, definition.defaultPort).databaseUrl)) {
    await timed("copy of the five data folders (fs.cpSync)", () => fs.cpSync(dataDir, `${dataDir}-copy`, { recursive: true }));
    fs.rmSync(`${dataDir}-copy`, { recursive: true, force: true });
  }
}

async function main() {
  for (let round = 0; round < rounds; round += 1) {
    const phasesDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-start-phases-"));
    await phasesOnce(phasesDir);
    fs.rmSync(phasesDir, { recursive: true, force: true });

    await resetDatabases();
    const hubDir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-start-whole-"));
    const hub = await timed("whole startHub on fresh databases", () => startHub({ dataDir: hubDir, demoData: true, ephemeralPorts: true }));
    await timed("whole hub stop", () => hub.stop());
    const again = await timed("whole startHub on existing databases", () => startHub({ dataDir: hubDir, demoData: true, ephemeralPorts: true }));
    await again.stop();
    fs.rmSync(hubDir, { recursive: true, force: true });
  }
  console.log(`${rounds} round(s), mean seconds per round (wall, CPU of this process):`);
  const seconds = (milliseconds: number) => (milliseconds / rounds / 1000).toFixed(2).padStart(7);
  for (const [phase, { wall, cpu }] of totals) console.log(`${seconds(wall)} ${seconds(cpu)}  ${phase}`);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
