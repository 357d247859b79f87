import { hubSettings, subgraphSettings, ConfigError } from "../shared/config";
import { openDatabase } from "../shared/database";
import { archiveAccessLog, verifyAccessLog } from "../shared/audit/verify";
import { migrationsOf } from "../shared/subgraph";
import { SUBGRAPHS } from "../subgraphs";

/**
 * `npm run audit:verify`: walks every subgraph's access-log chain and names the first broken
 * link; exits non-zero when any chain is broken.
 * `npm run audit:archive [-- --before 2016-01-01]`: moves records older than the retention period
 * (`ACCESS_LOG_RETENTION_YEARS`, default 10) to each subgraph's archive table, chain intact.
 * Run them while the hub is stopped when it uses the embedded databases (one owner at a time).
 */
function retentionCutoff(argv: string[]): Date {
  const before = argv.indexOf("--before");
  if (before >= 0) {
    const cutoff = new Date(argv[before + 1] ?? "");
    if (Number.isNaN(cutoff.getTime())) throw new ConfigError("--before needs a date, e.g. 2016-01-01");
    return cutoff;
  }
  const years = Number(process.env.ACCESS_LOG_RETENTION_YEARS ?? 10);
  if (!Number.isInteger(years) || years < 1) throw new ConfigError("ACCESS_LOG_RETENTION_YEARS must be a whole number of years, at least 1");
  const cutoff = new Date();
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "verify" && command !== "archive") throw new Error("Usage: audit.ts verify | archive [--before DATE]");
  const cutoff = command === "archive" ? retentionCutoff(rest) : null;
  let broken = 0;
  for (const definition of SUBGRAPHS) {
    const database = await openDatabase({
      name: definition.name,
      databaseUrl: subgraphSettings(definition.name, definition.defaultPort).databaseUrl,
      dataDir: hubSettings().dataDir,
      entities: definition.entities,
      migrations: migrationsOf(definition),
      connectTimeout: hubSettings().databaseConnectTimeout,
    });
    try {
      if (cutoff) {
        const moved = await archiveAccessLog(database.dataSource, cutoff);
        console.log(`${definition.name}: ${moved} records before ${cutoff.toISOString()} archived`);
      }
      const report = await verifyAccessLog(database.dataSource);
      if (report.broken) {
        broken += 1;
        console.log(`${definition.name}: BROKEN at record ${report.broken.position}: ${report.broken.problem} (${report.records} records verified before it)`);
      } else {
        console.log(`${definition.name}: ${report.records} records, chain intact`);
      }
    } finally {
      await database.close();
    }
  }
  return broken ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
