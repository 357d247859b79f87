import { hubSettings, subgraphSettings } from "../shared/config";
import { entityTables, openDatabase, rowCount } from "../shared/database";
import { demoData } from "../shared/demo-data";
import { scaleData } from "../shared/scale-data";
import { SUBGRAPHS } from "../subgraphs";
import { migrationsOf } from "../shared/subgraph";

/**
 * `npm run seed`: loads the deterministic demo data set into each agency's database (migrating it
 * first). `--participants N` loads a national-scale set of N people instead (for benchmarks). A
 * database that already holds data is left alone unless `--reset` is given, which empties it
 * first. Run it while the hub is stopped: an embedded database has one owner at a time.
 */
export async function seedDatabases({ participants, reset, dataDir }: { participants: number | null; reset: boolean; dataDir?: string }): Promise<void> {
  const settings = { dataDir: dataDir ?? hubSettings().dataDir, connectTimeout: hubSettings().databaseConnectTimeout };
  const started = Date.now();
  const data = participants ? scaleData(participants) : demoData();
  for (const definition of SUBGRAPHS) {
    const database = await openDatabase({
      name: definition.name,
      databaseUrl: subgraphSettings(definition.name, definition.defaultPort).databaseUrl,
      dataDir: settings.dataDir,
      entities: definition.entities,
      migrations: migrationsOf(definition),
      connectTimeout: settings.connectTimeout,
    });
    try {
      await database.dataSource.transaction(async (manager) => {
        const rows = await rowCount(manager);
        if (rows > 0 && !reset) {
          console.log(`${definition.name}: holds ${rows} rows already; left alone (use --reset to replace them)`);
          return;
        }
        if (rows > 0) await manager.query(`TRUNCATE ${entityTables(manager).join(", ")} CASCADE`);
        await definition.loadDemoData(manager, data);
        console.log(`${definition.name}: ${data.participants.length} people's data loaded (${database.kind}, anchored on ${data.anchor}), ${((Date.now() - started) / 1000).toFixed(1)} s so far`);
      });
    } finally {
      await database.close();
    }
  }
}

async function main() {
  const count = process.argv.indexOf("--participants");
  const participants = count >= 0 ? Number(process.argv[count + 1]) : null;
  if (participants !== null && !(Number.isInteger(participants) && participants > 0)) throw new Error("--participants takes a positive whole number, e.g. 100000");
  await seedDatabases({ participants, reset: process.argv.includes("--reset") });
}

if (require.main === module) main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
