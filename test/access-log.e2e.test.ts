import { execFileSync } from "node:child_process";
import path from "node:path";
import { Supergraph } from "@apollo/federation-internals";
import fs from "node:fs";
import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData } from "../shared/demo-data";
import { Agency, EnrolmentStatus } from "../shared/enums";
import { archiveAccessLog, verifyAccessLog } from "../shared/audit/verify";
import { SUPERGRAPH_PATH } from "../gateway";
import { contractOperation } from "./support/contract";
import { startTestHub, type TestHub } from "./support/hub";
import { coordinatorOf, hasConsent, providerStaffOfRun, socialWorkerOf, user } from "./support/users";

/**
 * The access log: who read or changed a person's data is recorded in every subgraph, append-only
 * with a hash of each record; the person's coordinator and the DPO read it merged; an edit that
 * did not recompute the hash is found here, and every other kind of tampering against the signed
 * checkpoints in test/access-log-checkpoints.e2e.test.ts.
 */
const data = demoData(todayInLjubljana());
const person = data.participants.find(
  (candidate) =>
    candidate.coordinatorId !== null &&
    hasConsent(candidate) &&
    candidate.stage === "ENROLLED" &&
    data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
)!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id && candidate.status === EnrolmentStatus.ENROLLED)!;
const socialWorker = { ...socialWorkerOf(person), sub: "darja.mlinar@csd.test" };
const coordinator = coordinatorOf(person);
const provider = { ...providerStaffOfRun(data, enrolment.runId), sub: "izvajalec@provider.test" };
const dpo: Caller = { sub: "dpo@ministry.test", agency: Agency.OVERSIGHT, unit: "ministry", roles: ["DPO"] };

type Record = { at: string; subject: string; agency: string; unit: string; operationName: string; dataOwner: string; action: string; fields: string[]; outcome: string; refusedBy: string | null };

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const database = (name: string) => hub.subgraphs.find((subgraph) => subgraph.name === name)!.database.dataSource;
const accessLogAs = async (as: Caller) => hub.requestAs<{ accessLog: Record[] | null }>(as, contractOperation("AccessLog"), { participantId: person.id, first: 200 });

describe("recording and reading", () => {
  it("records a CSD user's reads as SERVED, a provider's attempt at DSP data as REFUSED, and shows both to the coordinator", async () => {
    const view = await hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id });
    expect((view.data as { participant: { socialAssistance: unknown } }).participant.socialAssistance).not.toBeNull();
    const attempt = await hub.requestAs(provider, `query Snooping($id: ID!) { participant(id: $id) { firstName socialAssistance { decisions { monthlyAmount } } } }`, { id: person.id });
    expect(attempt.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);

    const csdRows: { subject: string; data_owner: string; fields: string[]; outcome: string; operation_name: string; refused_by: string | null }[] = await database("csd").query(
      `SELECT subject, data_owner, fields, outcome, operation_name, refused_by FROM access_log WHERE participant_id = $1 ORDER BY position`,
      [person.id],
    );
    const served = csdRows.find((row) => row.subject === socialWorker.sub)!;
    expect(served).toMatchObject({ data_owner: "CSD", outcome: "SERVED", operation_name: "ParticipantView", refused_by: null });
    expect(served.fields).toEqual(expect.arrayContaining(["socialAssistance", "socialCase", "receivesSocialAssistance", "hasComplexSocialProblems"]));
    const refused = csdRows.find((row) => row.subject === provider.sub)!;
    // "Snooping" is no operation of the contract: its name, the client's free text, is not kept.
    expect(refused).toMatchObject({ data_owner: "CSD", outcome: "REFUSED", operation_name: "unlisted", fields: ["socialAssistance"] });
    expect(refused.refused_by).toContain("Participant.socialAssistance");

    const { data: answer, errors } = await accessLogAs(coordinator);
    expect(errors).toBeUndefined();
    const log = answer!.accessLog!;
    expect(log).toContainEqual(expect.objectContaining({ subject: socialWorker.sub, agency: "CSD", unit: socialWorker.unit, dataOwner: "CSD", outcome: "SERVED", operationName: "ParticipantView" }));
    expect(log).toContainEqual(expect.objectContaining({ subject: provider.sub, agency: "PROVIDER", dataOwner: "CSD", outcome: "REFUSED", fields: ["socialAssistance"] }));
    // Every agency's part of the CSD user's read is there, merged: names from coordination, the register from employment.
    expect(new Set(log.filter((record) => record.subject === socialWorker.sub).map((record) => record.dataOwner))).toEqual(new Set(["CSD", "COORDINATION", "EMPLOYMENT", "PROVIDER"]));
    const times = log.map((record) => Date.parse(record.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("keeps no operation name but the contract's, in the access log or the logs (red team: a name and EMŠO as an operation's name)", async () => {
    const planted = "Zofka_Pikapolonica_2904985505123_hiv";
    await hub.requestAs(provider, `query ${planted}($id: ID!) { participant(id: $id) { firstName socialAssistance { decisions { monthlyAmount } } } }`, { id: person.id });
    await hub.request(`query ${planted} { __typename }`, {}, { authorization: `Bearer ${await hub.tokenFor(socialWorker)}`, "content-type": "application/json" });
    for (const name of hub.subgraphs.map((subgraph) => subgraph.name)) {
      const names: { operation_name: string }[] = await database(name).query(`SELECT DISTINCT operation_name FROM access_log`);
      expect({ name, planted: names.some((row) => row.operation_name.includes("Pikapolonica")) }).toEqual({ name, planted: false });
    }
    const logged = process.env.LOG_FILE && fs.existsSync(process.env.LOG_FILE) ? fs.readFileSync(process.env.LOG_FILE, "utf8") : "";
    expect(logged).not.toContain("Pikapolonica");
    expect(logged).not.toContain("2904985505123");
  });

  it("gives the log to the assigned coordinator and the DPO only, and records each reading of it", async () => {
    expect((await accessLogAs(dpo)).data?.accessLog?.length).toBeGreaterThan(0);
    for (const outsider of [socialWorker, provider, user(Agency.OVERSIGHT, "ministry"), user(Agency.COORDINATION, data.coordinators.find((c) => c.id !== person.coordinatorId)!.id)]) {
      const answer = await accessLogAs(outsider);
      expect(answer.data?.accessLog ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    const readings: { subject: string; fields: string[] }[] = await database("coordination").query(
      `SELECT subject, fields FROM access_log WHERE participant_id = $1 AND 'accessLog' = ANY(fields)`,
      [person.id],
    );
    expect(readings.map((row) => row.subject)).toEqual(expect.arrayContaining([coordinator.sub, dpo.sub]));
  });

  it("records writes in the same transaction as the change, and refused writes too", async () => {
    const before: { count: string }[] = await database("coordination").query(`SELECT count(*) FROM access_log WHERE participant_id = $1 AND action = 'WRITE'`, [person.id]);
    await hub.requestAs(coordinator, contractOperation("RecordConsent"), { participantId: person.id, granted: true });
    await hub.requestAs(socialWorker, contractOperation("RecordConsent"), { participantId: person.id, granted: false });
    const writes: { subject: string; outcome: string; fields: string[] }[] = await database("coordination").query(
      `SELECT subject, outcome, fields FROM access_log WHERE participant_id = $1 AND action = 'WRITE' ORDER BY position`,
      [person.id],
    );
    expect(writes.length).toBe(Number(before[0].count) + 2);
    expect(writes.slice(-2)).toEqual([
      { subject: coordinator.sub, outcome: "SERVED", fields: ["consent"] },
      { subject: socialWorker.sub, outcome: "REFUSED", fields: ["recordConsent"] },
    ]);
  });
});

describe("tamper evidence", () => {
  it("verifies an untouched log in every subgraph", async () => {
    for (const subgraph of hub.subgraphs) {
      const report = await verifyAccessLog(subgraph.database.dataSource);
      expect({ subgraph: subgraph.name, broken: report.broken }).toEqual({ subgraph: subgraph.name, broken: null });
      expect(report.records).toBeGreaterThan(0);
    }
  });

  it("orders a log of more than ten records by number, not as text (a bug found here)", async () => {
    for (let read = 0; read < 12; read += 1) await hub.requestAs(coordinator, contractOperation("ParticipantView"), { id: person.id });
    const report = await verifyAccessLog(database("coordination"));
    expect(report.broken).toBeNull();
    expect(report.records).toBeGreaterThan(12);
  });

  it("refuses UPDATE, DELETE and TRUNCATE through the application's own connection", async () => {
    const csd = database("csd");
    for (const statement of ["UPDATE access_log SET subject = 'nobody'", "DELETE FROM access_log", "TRUNCATE access_log", "TRUNCATE access_log_archive"]) {
      await expect(csd.query(statement)).rejects.toThrow(/append-only/);
    }
    expect((await verifyAccessLog(csd)).broken).toBeNull();
  });

  // Someone with the database's superuser rights switches the triggers off and edits the table.
  const tampered = async (edit: string, expected: RegExp) => {
    await database("csd").transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(edit);
      const report = await verifyAccessLog(manager);
      expect(report.broken?.problem).toMatch(expected);
      throw new Error("roll the tampering back");
    }).catch((error: Error) => expect(error.message).toBe("roll the tampering back"));
  };

  it("finds an altered record, names it", async () => {
    await tampered(`UPDATE access_log SET subject = 'someone-else' WHERE position = 2`, /record 2 was altered/);
  });

  // A deleted record, with or without the rest renumbered: positions come from a sequence, whose
  // gaps (a rolled-back write) are no finding; test/access-log-checkpoints.e2e.test.ts finds it
  // against the signed checkpoint.

  it("finds reordered records", async () => {
    // Two records swap places: their contents move, their positions stay in order.
    await tampered(
      `UPDATE access_log SET position = CASE position WHEN 2 THEN -3 ELSE -2 END WHERE position IN (2, 3);
       UPDATE access_log SET position = -position WHERE position < 0`,
      /record 2/,
    );
  });

  it("finds a record whose hash was replaced by another", async () => {
    await tampered(`UPDATE access_log SET subject = 'x', hash = encode(sha256('forged'), 'hex') WHERE position = 2`, /record 2 was altered|record 3 does not follow/);
  });
});

describe("no API path edits or deletes the log", () => {
  it("offers no mutation on the access log", () => {
    const schema = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, "utf8")).apiSchema().toGraphQLJSSchema();
    const mutations = Object.keys(schema.getMutationType()!.getFields());
    expect(mutations.filter((name) => /access|log|audit/i.test(name))).toEqual([]);
  });

  it("is untouched by input written to break out of a query", async () => {
    const before = await verifyAccessLog(database("coordination"));
    const attempt = await hub.requestAs(coordinator, contractOperation("Caseload"), { first: 5, filter: { search: "x'; DELETE FROM access_log; --" } });
    expect(attempt.errors).toBeUndefined();
    const after = await verifyAccessLog(database("coordination"));
    expect(after.broken).toBeNull();
    expect(after.records).toBeGreaterThanOrEqual(before.records);
  });
});

describe("retention", () => {
  it("archives old records with the log intact, keeps them readable, and appends new ones after them", async () => {
    const csd = database("csd");
    const total = (await verifyAccessLog(csd)).records;
    const moved = await archiveAccessLog(csd, new Date(Date.now() + 1000));
    expect(moved).toBe(total);
    expect((await verifyAccessLog(csd)).broken).toBeNull();
    await expect(csd.query(`DELETE FROM access_log_archive`)).rejects.toThrow(/append-only/);
    await hub.requestAs(socialWorker, contractOperation("ParticipantView"), { id: person.id });
    const report = await verifyAccessLog(csd);
    expect(report).toEqual({ records: total + 1, broken: null });
    const log = (await accessLogAs(coordinator)).data!.accessLog!;
    expect(log.filter((record) => record.dataOwner === "CSD").length).toBeGreaterThan(1);
  });
});

describe("npm run audit:verify", () => {
  const verifyCommand = () => {
    try {
      return { code: 0, output: execFileSync("npm", ["run", "-s", "audit:verify"], { cwd: path.resolve(__dirname, ".."), env: { ...process.env, DATA_DIR: hub.dataDir, NODE_OPTIONS: "" }, encoding: "utf8" }) };
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      return { code: failed.status, output: failed.stdout };
    }
  };

  it("passes an untouched log and fails, naming subgraph and record, on a tampered one", async () => {
    await hub.stop({ keepData: true });
    const intact = verifyCommand();
    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    expect(intact.output).toMatch(/csd: \d+ records intact; the checkpoint of \S+ \(\d+ records\) verifies/);
    expect(intact).toEqual({ code: 0, output: expect.not.stringContaining("BROKEN") });

    await database("employment").transaction(async (manager) => {
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`UPDATE access_log SET fields = ARRAY['nothing'] WHERE position = 1`);
    });
    await hub.stop({ keepData: true });
    const broken = verifyCommand();
    hub = await startTestHub({ dataDir: hub.dataDir, keepDatabases: true });
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/employment: BROKEN: record 1 was altered/);
  });
});
