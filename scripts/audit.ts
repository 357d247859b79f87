import fs from "node:fs";
import path from "node:path";
import { hubSettings, subgraphSettings, ConfigError } from "../shared/config";
import { openDatabase, type AgencyDatabase } from "../shared/database";
import { auditVerifierKey, logOrigin, openCheckpoint, type SignedCheckpoint } from "../shared/audit/checkpoint";
import { MerkleTree } from "../shared/audit/merkle";
import { archiveAccessLog, canonicalText, RECORD_COLUMNS, verifyAccessLog, verifyAgainstCheckpoint, WHOLE_LOG, type StoredRecord } from "../shared/audit/verify";
import { FileWitness, witnessRoot } from "../shared/audit/witness";
import { migrationsOf } from "../shared/subgraph";
import { SUBGRAPHS } from "../subgraphs";

/**
 * `npm run audit:verify [-- --trusted FILE]`: checks every subgraph's access log on its own (each
 * record against its hash) and against the latest signed checkpoint its witness holds
 * (shared/audit/verify.ts), and the witness against checkpoints the auditor kept (a witness rolled
 * back or rewritten with its log goes back on them); names what broke; exits 1 when anything did.
 * `npm run audit:prove -- <subgraph> --position N [--since-size M]`: prints, as JSON, the proof
 * bundle an outsider checks with tools/audit-verifier/verify-proof.mjs: the latest signed
 * checkpoint, the record at position N with its inclusion proof, and with --since-size the
 * consistency proof from the earlier checkpoint of M records to it.
 * `npm run audit:archive [-- --before 2016-01-01]`: moves records older than the retention period
 * (`ACCESS_LOG_RETENTION_YEARS`, default 10) to each subgraph's archive table.
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

const open = (definition: (typeof SUBGRAPHS)[number]): Promise<AgencyDatabase> =>
  openDatabase({
    name: definition.name,
    databaseUrl: subgraphSettings(definition.name, definition.defaultPort).databaseUrl,
    dataDir: hubSettings().dataDir,
    entities: definition.entities,
    migrations: migrationsOf(definition),
    connectTimeout: hubSettings().databaseConnectTimeout,
  });

/** `--trusted FILE`: checkpoints an auditor kept (signed notes as the witness stores them, one JSON string a line, or one note). */
function trustedCheckpoints(argv: string[], verifier: string): SignedCheckpoint[] {
  const at = argv.indexOf("--trusted");
  if (at < 0) return [];
  const file = argv[at + 1];
  if (!file || !fs.existsSync(file)) throw new ConfigError("--trusted needs a file of checkpoints you kept");
  const text = fs.readFileSync(file, "utf8");
  const notes = text.trimStart().startsWith('"') ? text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as string) : [text];
  return notes.map((note) => openCheckpoint(note, verifier));
}

async function verify(cutoff: Date | null, argv: string[] = []): Promise<number> {
  const { dataDir } = hubSettings();
  const verifier = auditVerifierKey(dataDir);
  console.log(`checkpoints checked with ${verifier.source}: ${verifier.key}`);
  const trusted = trustedCheckpoints(argv, verifier.key);
  let broken = 0;
  for (const definition of SUBGRAPHS) {
    const database = await open(definition);
    try {
      if (cutoff) {
        const moved = await archiveAccessLog(database.dataSource, cutoff);
        console.log(`${definition.name}: ${moved} records before ${cutoff.toISOString()} archived`);
      }
      const own = await verifyAccessLog(database.dataSource);
      const signed = await verifyAgainstCheckpoint(database.dataSource, new FileWitness(witnessRoot(dataDir), definition.name), verifier.key, logOrigin(definition.name), trusted);
      const problems = [...(own.broken ? [own.broken.problem] : []), ...signed.problems];
      if (problems.length) {
        broken += 1;
        console.log(`${definition.name}: BROKEN: ${problems.join("; ")}`);
      } else {
        const checkpoint = signed.checkpoint
          ? `the checkpoint of ${signed.checkpoint.time.toISOString()} (${signed.checkpoint.treeSize} records) verifies${signed.unsealed ? `; ${signed.unsealed} newer not yet witnessed` : ""}`
          : "no records, no checkpoint";
        console.log(`${definition.name}: ${own.records} records intact; ${checkpoint}`);
      }
    } finally {
      await database.close();
    }
  }
  return broken ? 1 : 0;
}

function option(argv: string[], name: string): number | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} needs a whole number, at least 1`);
  return value;
}

async function prove(argv: string[]): Promise<number> {
  const definition = SUBGRAPHS.find((candidate) => candidate.name === argv[0]);
  if (!definition) throw new ConfigError(`audit:prove needs a subgraph first: one of ${SUBGRAPHS.map((candidate) => candidate.name).join(", ")}`);
  const position = option(argv, "--position");
  const sinceSize = option(argv, "--since-size");
  if (position === undefined && sinceSize === undefined) throw new ConfigError("audit:prove needs --position N, --since-size M, or both");
  const { dataDir } = hubSettings();
  const verifier = auditVerifierKey(dataDir).key;
  const witness = new FileWitness(witnessRoot(dataDir), definition.name);
  const checkpoints = witness.checkpoints().map((note) => openCheckpoint(note, verifier));
  const latest = checkpoints.at(-1);
  if (!latest) throw new ConfigError(`no signed checkpoint in ${witness.folder} yet`);
  const signed = witness.records(latest.treeSize);
  const tree = new MerkleTree();
  for (const record of signed) tree.append(record.digest);
  if (!tree.root().equals(latest.rootHash)) throw new ConfigError(`the witness's records in ${witness.folder} do not hash to its signed checkpoint: run npm run audit:verify`);
  const bundle: Record<string, unknown> = { verifierKey: verifier, checkpoint: latest.note };
  if (position !== undefined) {
    const leafIndex = signed.findIndex((record) => record.position === position);
    if (leafIndex < 0) throw new ConfigError(`record ${position} is not covered by the latest checkpoint (${latest.treeSize} records, positions up to ${latest.lastPosition})`);
    const database = await open(definition);
    try {
      const [record]: StoredRecord[] = await database.dataSource.query(
        `SELECT ${RECORD_COLUMNS} FROM ${WHOLE_LOG} log WHERE log.position = $1`,
        [position],
      );
      if (!record) throw new ConfigError(`record ${position} is not in the database any more: run npm run audit:verify`);
      bundle.inclusion = [{ record: canonicalText(record), leafIndex, auditPath: tree.inclusionProof(leafIndex, latest.treeSize).map((node) => node.toString("base64")) }];
    } finally {
      await database.close();
    }
  }
  if (sinceSize !== undefined) {
    const older = checkpoints.find((checkpoint) => checkpoint.treeSize === sinceSize);
    if (!older) throw new ConfigError(`no checkpoint of ${sinceSize} records in ${witness.folder}; there are: ${[...new Set(checkpoints.map((checkpoint) => checkpoint.treeSize))].join(", ")}`);
    bundle.consistency = { older: older.note, proof: tree.consistencyProof(sinceSize, latest.treeSize).map((node) => node.toString("base64")) };
  }
  fs.writeSync(1, `${JSON.stringify(bundle, null, 2)}\n`);
  return 0;
}

/**
 * Refuses to check a place that holds no hub (newcomer: a mistyped DATA_DIR made new empty
 * databases and a new audit key, and "verified" them).
 * @throws ConfigError naming DATA_DIR or the missing key.
 */
function requireHubData(): void {
  const { dataDir } = hubSettings();
  const embedded = SUBGRAPHS.some((definition) => !subgraphSettings(definition.name, definition.defaultPort).databaseUrl);
  if (embedded && !fs.existsSync(path.join(dataDir, SUBGRAPHS[0].name))) {
    throw new ConfigError(`No hub data in ${dataDir}: set DATA_DIR to the hub's data folder (or <NAME>_DATABASE_URL for each subgraph)`);
  }
  if (!process.env.AUDIT_VERIFIER_KEY && !process.env.AUDIT_SIGNING_KEY && !fs.existsSync(path.join(dataDir, "keys", "audit.jwk"))) {
    throw new ConfigError(`No audit key in ${path.join(dataDir, "keys")} and no AUDIT_VERIFIER_KEY: checkpoints cannot be checked against a key made now`);
  }
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  requireHubData();
  if (command === "verify") return verify(null, rest);
  if (command === "archive") return verify(retentionCutoff(rest));
  if (command === "prove") return prove(rest);
  throw new ConfigError("Usage: audit.ts verify | archive [--before DATE] | prove <subgraph> [--position N] [--since-size M]");
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
