import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { EntityManager } from "typeorm";
import { CANONICAL } from "../shared/audit/access-log.migration";
import { auditSigningKey, logOrigin, openCheckpoint, verifierKey } from "../shared/audit/checkpoint";
import { Checkpointer } from "../shared/audit/checkpointer";
import { verifyAgainstCheckpoint, type CheckpointReport } from "../shared/audit/verify";
import { FileWitness, recordLine, witnessRoot } from "../shared/audit/witness";
import { todayInLjubljana } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import { subgraphSettings } from "../shared/config";
import { contractOperation } from "./support/contract";
import { startTestHub, usingPostgres, type TestHub } from "./support/hub";
import { scratchFolder } from "./support/scratch";
import { coordinatorOf, hasConsent, socialWorkerOf } from "./support/users";

/**
 * Issue 16: the access log proves itself to an outsider. Each subgraph seals its log into signed
 * checkpoints kept by a witness outside the database (shared/audit/checkpointer.ts); someone with
 * every right on the database (triggers off, hashes recomputed) still cannot change what was
 * signed without `audit:verify` naming it, and a record's inclusion and the log's consistency are
 * proven to a verifier that shares no code with the hub (tools/audit-verifier/verify-proof.mjs).
 * Runs on the embedded default and on PostgreSQL.
 */
const ROOT = path.resolve(__dirname, "..");
const VERIFIER = path.join(ROOT, "tools", "audit-verifier", "verify-proof.mjs");
const data = demoData(todayInLjubljana());
const person = data.participants.find((candidate) => candidate.coordinatorId !== null && hasConsent(candidate) && candidate.stage === "ENROLLED")!;
const coordinator = coordinatorOf(person);
const socialWorker = socialWorkerOf(person);

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  // A log of some length in every subgraph: reads by two agencies, and a write.
  for (let round = 0; round < 4; round += 1) {
    await hub.requestAs(coordinator, contractOperation("ParticipantView"), { id: person.id });
    await hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id });
  }
  await hub.requestAs(coordinator, contractOperation("RecordConsent"), { participantId: person.id, granted: true });
});
afterAll(() => hub?.stop());

const subgraph = (name: string) => hub.subgraphs.find((candidate) => candidate.name === name)!;
const witness = (name: string) => new FileWitness(witnessRoot(hub.dataDir), name);
const trusted = () => verifierKey(auditSigningKey(hub.dataDir));
const verify = (db: EntityManager | ReturnType<typeof subgraph>["database"]["dataSource"], name: string) => verifyAgainstCheckpoint(db, witness(name), trusted(), logOrigin(name));
const positions = async (name: string): Promise<number[]> =>
  (await subgraph(name).database.dataSource.query(`SELECT position::text FROM access_log ORDER BY access_log.position`)).map((row: { position: string }) => Number(row.position));

/**
 * What someone with the database's superuser rights can do: switch the triggers off, edit, and
 * recompute the hashes. Checked inside the transaction, then rolled back.
 */
async function tampered(name: string, statements: string[]): Promise<CheckpointReport> {
  let report: CheckpointReport | undefined;
  await subgraph(name)
    .database.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      for (const statement of statements) await manager.query(statement);
      report = await verify(manager, name);
      throw new Error("roll the tampering back");
    })
    .catch((error: Error) => expect(error.message).toBe("roll the tampering back"));
  return report!;
}
const REHASH = `UPDATE access_log SET hash = encode(sha256(convert_to(${CANONICAL("access_log")}, 'UTF8')), 'hex')`;

describe("signed checkpoints, witnessed outside the database", () => {
  it("seals every subgraph's log, and an untouched log verifies against its checkpoint", async () => {
    for (const { name, checkpoints } of hub.subgraphs) {
      const checkpoint = await checkpoints.sealNow();
      const report = await verify(subgraph(name).database.dataSource, name);
      expect({ name, problems: report.problems, unsealed: report.unsealed }).toEqual({ name, problems: [], unsealed: 0 });
      expect(report.checkpoint?.treeSize).toBe(checkpoint?.treeSize);
    }
    // Every agency but the partner's community subgraph holds records of these reads.
    expect(hub.subgraphs.filter(({ name }) => (witness(name).checkpoints().length ? true : false)).length).toBeGreaterThanOrEqual(4);
    // The checkpoint is a C2SP signed note; the witness keeps it and the signed digests, nothing of the records' content.
    const note = witness("csd").checkpoints().at(-1)!;
    expect(note).toMatch(/^social-activation-hub\/csd\n\d+\n\S{44}\ntime \S+\nlast-position \d+\n\n\u2014 social-activation-hub-audit \S+\n$/);
    const kept = fs.readdirSync(witness("csd").folder).map((file) => fs.readFileSync(path.join(witness("csd").folder, file), "utf8")).join("");
    expect(kept).not.toContain(person.id);
    expect(kept).not.toContain(socialWorker.sub);
  });

  it("finds a suffix edited and rehashed, naming the records", async () => {
    const all = await positions("coordination");
    const from = all[all.length - 3];
    const report = await tampered("coordination", [`UPDATE access_log SET subject = 'someone-else' WHERE position >= ${from}`, REHASH]);
    expect(report.problems.join("; ")).toMatch(new RegExp(`records ${from}–${all.at(-1)} were rewritten`));
  });

  it("finds the tail deleted with the triggers off", async () => {
    const all = await positions("csd");
    const report = await tampered("csd", [`DELETE FROM access_log WHERE position >= ${all[all.length - 2]}`]);
    expect(report.problems.join("; ")).toMatch(new RegExp(`the last 2 signed records \\(records ${all[all.length - 2]}–${all.at(-1)}\\) are gone: the log was truncated`));
  });

  it("finds a record deleted in the middle and the rest renumbered and rehashed", async () => {
    const all = await positions("employment");
    const middle = all[Math.floor(all.length / 2)];
    const report = await tampered("employment", [
      `DELETE FROM access_log WHERE position = ${middle}`,
      `UPDATE access_log SET position = position - 1 WHERE position > ${middle}`,
      REHASH,
    ]);
    const problems = report.problems.join("; ");
    expect(problems).toMatch(new RegExp(`the log now holds ${all.length - 1} records`));
    expect(problems).toMatch(new RegExp(`records? ${middle}\\b.* rewritten`));
    expect(problems).toMatch(new RegExp(`first change is at record ${middle}`));
  });

  it("finds a record deleted in the middle and nothing else touched", async () => {
    const all = await positions("employment");
    const middle = all[Math.floor(all.length / 2)];
    const report = await tampered("employment", [`DELETE FROM access_log WHERE position = ${middle}`]);
    expect(report.problems.join("; ")).toMatch(new RegExp(`record ${middle} was deleted`));
  });

  it("finds two records swapped", async () => {
    const [first, second] = (await positions("providers")).slice(1, 3);
    const report = await tampered("providers", [
      `UPDATE access_log SET position = -position WHERE position IN (${first}, ${second})`,
      `UPDATE access_log SET position = CASE position WHEN -${first} THEN ${second} ELSE ${first} END WHERE position < 0`,
    ]);
    expect(report.problems.join("; ")).toMatch(new RegExp(`records ${first}–${second} moved: the content signed there is now at position ${second}, now at position ${first}`));
  });

  it("finds a forged witness: an edited digest, an edited checkpoint, a checkpoint signed by another key", async () => {
    const folder = witness("csd").folder;
    const copy = scratchFolder("witness-copy-");
    fs.cpSync(folder, path.join(copy, "csd"), { recursive: true });
    const forged = new FileWitness(copy, "csd");
    const db = subgraph("csd").database.dataSource;
    const records = path.join(copy, "csd", "records.log");
    fs.writeFileSync(records, fs.readFileSync(records, "utf8").replace(/ ([0-9a-f])/, (_, digit: string) => ` ${digit === "0" ? "1" : "0"}`));
    expect((await verifyAgainstCheckpoint(db, forged, trusted(), logOrigin("csd"))).problems.join("; ")).toMatch(/the witness's copy of the signed records' digests .* does not hash to its checkpoints/);
    fs.cpSync(path.join(folder, "records.log"), records);
    const checkpoints = path.join(copy, "csd", "checkpoints.jsonl");
    fs.writeFileSync(checkpoints, fs.readFileSync(checkpoints, "utf8").replace(/\\n(\d+)\\n/, (_, size: string) => `\\n${Number(size) + 1}\\n`));
    expect((await verifyAgainstCheckpoint(db, forged, trusted(), logOrigin("csd"))).problems.join("; ")).toMatch(/signature does not verify/);
    fs.rmSync(copy, { recursive: true, force: true });
    const stranger = verifierKey({ name: "social-activation-hub-audit", publicKey: (await import("node:crypto")).generateKeyPairSync("ed25519").publicKey });
    expect((await verifyAgainstCheckpoint(db, witness("csd"), stranger, logOrigin("csd"))).problems.join("; ")).toMatch(/not signed by the audit key|does not verify/);
  });

  it("finds the witness rolled back with its log, against a checkpoint the auditor kept, and both wiped (red team)", async () => {
    await subgraph("csd").checkpoints.sealNow();
    const kept = openCheckpoint(witness("csd").checkpoints().at(-1)!, trusted());
    // Someone who can write both: the witness cut back to its first checkpoint, the log to match.
    const copy = scratchFolder("witness-rollback-");
    const first = openCheckpoint(witness("csd").checkpoints()[0], trusted());
    fs.mkdirSync(path.join(copy, "csd"));
    fs.writeFileSync(path.join(copy, "csd", "checkpoints.jsonl"), `${JSON.stringify(first.note)}\n`);
    fs.writeFileSync(path.join(copy, "csd", "records.log"), witness("csd").records(first.treeSize).map(recordLine).join(""));
    let rolledBack: CheckpointReport | undefined;
    let wiped: CheckpointReport | undefined;
    await subgraph("csd")
      .database.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL session_replication_role = replica`);
        await manager.query(`DELETE FROM access_log WHERE position > ${first.lastPosition}`);
        rolledBack = await verifyAgainstCheckpoint(manager, new FileWitness(copy, "csd"), trusted(), logOrigin("csd"), [kept]);
        await manager.query(`DELETE FROM access_log`);
        wiped = await verifyAgainstCheckpoint(manager, new FileWitness(scratchFolder("witness-gone-"), "csd"), trusted(), logOrigin("csd"));
        throw new Error("roll the tampering back");
      })
      .catch((error: Error) => expect(error.message).toBe("roll the tampering back"));
    fs.rmSync(copy, { recursive: true, force: true });
    if (kept.treeSize > first.treeSize) expect(rolledBack!.problems.join("; ")).toMatch(/you hold signs \d+ records, the witness's latest only \d+: the witness and the log were rolled back/);
    expect(wiped!.problems.join("; ")).toMatch(/the log holds no record, yet it has handed out positions up to \d+, and .* holds no checkpoint/);
  });

  it("keeps sealing while requests append side by side, gaps and all, and never blesses a changed record", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, index) => hub.requestAs(index % 2 ? coordinator : socialWorker, contractOperation("ParticipantView"), { id: person.id })));
    for (const { name, checkpoints } of hub.subgraphs) {
      await checkpoints.sealNow();
      expect({ name, problems: (await verify(subgraph(name).database.dataSource, name)).problems }).toEqual({ name, problems: [] });
    }
  });
});

describe("what the log says (red team)", () => {
  it("lists a person's newest records first, past positions 99 and 999 (they sorted as text)", async () => {
    const latest = { ...socialWorker, sub: "latest-reader@csd.test" };
    while (Math.max(...(await positions("coordination"))) < 120) {
      await Promise.all(Array.from({ length: 10 }, () => hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id })));
    }
    await hub.requestAs(latest, contractOperation("ParticipantView"), { id: person.id });
    const answer = await hub.requestAs<{ accessLog: { subject: string; dataOwner: string }[] }>(coordinator, contractOperation("AccessLog"), { participantId: person.id, first: 8 });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.accessLog.filter((record) => record.subject === latest.sub).map((record) => record.dataOwner)).toEqual(expect.arrayContaining(["COORDINATION", "CSD"]));
  });

  it("dates every record by the database's clock: an INSERT cannot backdate one", async () => {
    const db = subgraph("csd").database.dataSource;
    const [{ at }] = await db.query(
      `INSERT INTO access_log (at, subject, agency, unit, operation_name, data_owner, action, fields, outcome) VALUES ('2020-01-01', 'framed', 'CSD', 'unit', 'unlisted', 'CSD', 'READ', '{}', 'SERVED') RETURNING at`,
    );
    expect(Math.abs(new Date(at).getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("several replicas of one subgraph", () => {
  it("seal in turn into one witness, each catching up with the other's checkpoints", async () => {
    const other = new Checkpointer(subgraph("csd").database.dataSource, "csd", witness("csd"), auditSigningKey(hub.dataDir));
    await other.start(0);
    for (let round = 0; round < 3; round += 1) {
      await hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id });
      await (round % 2 ? subgraph("csd").checkpoints : other).sealNow();
    }
    subgraph("csd").checkpoints.refresh();
    other.refresh();
    expect(other.latest?.note).toBe(subgraph("csd").checkpoints.latest?.note);
    expect(other.problem).toBeNull();
    expect((await verify(subgraph("csd").database.dataSource, "csd")).problems).toEqual([]);
    const sizes = witness("csd").checkpoints().map((note) => Number(note.split("\n")[1]));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(witness("csd").records().length).toBe(sizes.at(-1));
  });
});

describe("proofs an outsider checks without the hub", () => {
  it("gives the coordinator every record of the merged log with an inclusion proof that the independent verifier accepts", async () => {
    await hub.requestAs(coordinator, contractOperation("ParticipantView"), { id: person.id });
    for (const { checkpoints } of hub.subgraphs) await checkpoints.sealNow();
    const answer = await hub.requestAs<{ accessLog: { dataOwner: string; proof: { log: string; leafIndex: number; treeSize: number; record: string; auditPath: string[]; checkpoint: string } | null }[] }>(
      coordinator,
      `query AccessLog($participantId: ID!) { accessLog(participantId: $participantId, first: 200) { dataOwner proof { log leafIndex treeSize record auditPath checkpoint } } }`,
      { participantId: person.id },
    );
    expect(answer.errors).toBeUndefined();
    const records = answer.data!.accessLog;
    expect(records.length).toBeGreaterThan(10);
    expect([...new Set(records.map((record) => record.dataOwner))]).toEqual(expect.arrayContaining(["CSD", "COORDINATION", "EMPLOYMENT", "PROVIDER"]));
    // The last reading of the log itself is not sealed yet; every earlier record is.
    const proven = records.filter((record) => record.proof);
    expect(proven.length).toBeGreaterThanOrEqual(records.length - 1);
    const folder = scratchFolder("proofs-");
    try {
      for (const log of new Set(proven.map((record) => record.proof!.log))) {
        const ofLog = proven.filter((record) => record.proof!.log === log);
        const file = path.join(folder, `${log.replace(/\W/g, "-")}.json`);
        fs.writeFileSync(file, JSON.stringify({ checkpoint: ofLog[0].proof!.checkpoint, inclusion: ofLog.map((record) => record.proof) }));
        const output = execFileSync(process.execPath, [VERIFIER, file, "--key", trusted()], { encoding: "utf8" });
        expect(output.split("\n").filter((line) => line.startsWith("OK")).length).toBe(ofLog.length + 1);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

const withPostgres = usingPostgres() ? describe : describe.skip;
withPostgres("no queue, and no record sealed out of order (PostgreSQL: connections side by side)", () => {
  it("waits for a transaction holding an earlier position before sealing what came after it", async () => {
    const client = new pg.Client({ connectionString: subgraphSettings("csd", 0).databaseUrl! });
    await client.connect();
    try {
      await client.query("BEGIN");
      const [{ position }] = (
        await client.query(`INSERT INTO access_log (subject, agency, unit, operation_name, data_owner, action, fields, outcome) VALUES ('slow', 'CSD', 'unit', 'unlisted', 'CSD', 'READ', '{}', 'SERVED') RETURNING position::text`)
      ).rows;
      // Requests after it append and commit without waiting for it: no lock, no queue.
      await hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id });
      const later = await positions("csd");
      expect(later.at(-1)!).toBeGreaterThan(Number(position));
      await expect(subgraph("csd").checkpoints.sealNow(300)).rejects.toThrow(/transactions still open/);
      await client.query("COMMIT");
      const checkpoint = await subgraph("csd").checkpoints.sealNow();
      expect(checkpoint!.lastPosition).toBe(later.at(-1));
      expect((await verify(subgraph("csd").database.dataSource, "csd")).problems).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe("npm run audit:verify and audit:prove, with the hub stopped", () => {
  const run = (script: string, ...args: string[]) => {
    try {
      return { code: 0, output: execFileSync("npm", ["run", "-s", script, "--", ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: hub.dataDir, NODE_OPTIONS: "" }, encoding: "utf8" }) };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { code: failed.status, output: failed.stdout + failed.stderr };
    }
  };

  it("refuses a DATA_DIR that holds no hub, rather than verify new empty databases (newcomer)", () => {
    const nowhere = path.join(scratchFolder("no-hub-"), "typo");
    let failed: { status: number; stderr: string } | undefined;
    try {
      execFileSync("npm", ["run", "-s", "audit:verify"], { cwd: ROOT, env: { ...process.env, DATA_DIR: nowhere, NODE_OPTIONS: "" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      failed = error as { status: number; stderr: string };
    }
    if (!usingPostgres()) {
      expect(failed?.status).toBe(2);
      expect(failed?.stderr).toMatch(/No hub data in .*typo: set DATA_DIR/);
      expect(fs.existsSync(nowhere)).toBe(false);
    } else {
      expect(failed?.stderr).toMatch(/No audit key in .*typo/);
    }
  });

  it("passes an untouched log, proves a record and the log's growth to the independent verifier, and names a rehashed edit", async () => {
    await hub.stop({ keepData: true });
    const intact = run("audit:verify");
    const sizes = witness("employment").checkpoints().map((note) => Number(note.split("\n")[1]));
    const [{ position }] = witness("employment").records(1);
    const proof = run("audit:prove", "employment", "--position", String(position), "--since-size", String(sizes[0]));
    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    expect(intact.output).toMatch(/employment: \d+ records intact; the checkpoint of \S+ \(\d+ records\) verifies/);
    expect(intact).toEqual({ code: 0, output: expect.not.stringContaining("BROKEN") });

    expect(proof.code).toBe(0);
    const file = path.join(scratchFolder("bundle-"), "employment.json");
    fs.writeFileSync(file, proof.output);
    const checked = execFileSync(process.execPath, [VERIFIER, file, "--key", trusted()], { encoding: "utf8" });
    expect(checked).toMatch(new RegExp(`OK   record at position ${position} \\(leaf 0\\) is in the signed tree`));
    expect(checked).toMatch(new RegExp(`OK   the tree of ${sizes[0]} records is a prefix of the tree of \\d+`));

    await subgraph("employment").checkpoints.sealNow();
    const all = await positions("employment");
    await subgraph("employment").database.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE access_log SET fields = ARRAY['nothing'] WHERE position = ${all[1]}`);
      await manager.query(REHASH);
    });
    await hub.stop({ keepData: true });
    const broken = run("audit:verify");
    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(new RegExp(`employment: BROKEN: .*record ${all[1]} was rewritten`));
  });
});
