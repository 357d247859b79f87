import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { demoUuid } from "../shared/demo-data";
import { startHub, type RunningHub } from "../scripts/hub";
import { contractOperation } from "../test/support/contract";
import { checkCast, startMonolith } from "./monolith-checks";

/**
 * `npx tsx bench/monolith-access-log-check.ts [--participants N] [--rows]`: does the monolith with
 * `MONOLITH_ACCESS_LOG=on` write the access log the hub writes? Sends the same requests to the hub
 * and to the monolith, one at a time, and prints for each how many access-log rows each appended to
 * every agency database in how many INSERTs, then every record one wrote and the other did not
 * (operation, participant, owner, action, outcome, refused_by, fields), the hub's records merged per
 * database as one recorder per request would have written them (the hub asks coordination twice
 * for ParticipantView and Caseload, so it appends twice there); `--rows` lists every row. Needs
 * <NAME>_DATABASE_URL for every subgraph on a data set seeded with `npm run seed -- --participants N
 * --reset`; starts the hub and the monolith itself; enrols two pending referrals. Exits 1 on any
 * difference.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const PARTICIPANTS = Number(argument("--participants", "2000"));
const VERBOSE = process.argv.includes("--rows");
const AGENCIES = ["employment", "csd", "coordination", "providers"] as const;

interface Row {
  xmin: string;
  operation_name: string;
  participant_id: string | null;
  data_owner: string;
  action: string;
  fields: string[];
  outcome: string;
  refused_by: string | null;
}

async function main(): Promise<number> {
  const dataDir = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), "hub-monolith-log-"));
  const hub: RunningHub = await startHub({ dataDir, demoData: false, ephemeralPorts: true });
  const monolith = await startMonolith(dataDir, { MONOLITH_ACCESS_LOG: "on" });
  const clients = Object.fromEntries(AGENCIES.map((name) => [name, new pg.Client({ connectionString: process.env[`${name.toUpperCase()}_DATABASE_URL`] })]));
  await Promise.all(Object.values(clients).map((client) => client.connect()));
  let failed = 0;
  try {
    const { data, token, asCoordinator, someone, withoutConsent, stranger, providerOf, run, joze, demoUsers } = await checkCast(dataDir, PARTICIPANTS, "monolith-log-check");
    const cases: { name: string; operation: string; variables: Record<string, unknown>; token: string; monolithVariables?: Record<string, unknown>; monolithToken?: string }[] = [
      { name: "bench ParticipantView", operation: "ParticipantView", variables: { id: someone.id }, token: asCoordinator },
      { name: "bench Caseload (first: 50)", operation: "Caseload", variables: { first: 50 }, token: asCoordinator },
      { name: "bench RunRoster", operation: "RunRoster", variables: { runId: run }, token: await token("PROVIDER", providerOf(run), ["PROVIDER_STAFF"]) },
      { name: "ParticipantView without consent", operation: "ParticipantView", variables: { id: withoutConsent.id }, token: asCoordinator },
      { name: "ParticipantView outside the caseload", operation: "ParticipantView", variables: { id: stranger.id }, token: asCoordinator },
      { name: "ParticipantView of nobody", operation: "ParticipantView", variables: { id: demoUuid("nobody") }, token: asCoordinator },
      { name: "Caseload ENROLLED", operation: "Caseload", variables: { first: 100, filter: { stage: "ENROLLED" } }, token: asCoordinator },
      { name: "RunRoster as the coordinator", operation: "RunRoster", variables: { runId: run }, token: asCoordinator },
    ];
    for (const [agency, unit, role] of demoUsers) {
      const bearer = await token(agency, unit, [role]);
      cases.push({ name: `ParticipantView as ${agency}`, operation: "ParticipantView", variables: { id: joze }, token: bearer });
      cases.push({ name: `Caseload (first: 30) as ${agency}`, operation: "Caseload", variables: { first: 30 }, token: bearer });
    }
    // Enrol: a pending referral each (the participant masked in the rows), then the same refusals.
    const { rows: pending } = await clients.providers.query<{ participant_id: string; run_id: string; provider_id: string }>(
      `SELECT r.participant_id, r.run_id, g.provider_id FROM referrals r JOIN programme_runs u ON u.id = r.run_id JOIN programmes g ON g.id = u.programme_id
        WHERE r.status = 'PENDING' AND u.start_date <= $1 AND (u.start_date + interval '7 months')::date > $1
          AND (SELECT count(*) FROM enrolments e WHERE e.run_id = u.id AND e.status <> 'LEFT_EARLY') < u.capacity - 2
          AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = r.participant_id AND e.status = 'ENROLLED')
        ORDER BY r.id LIMIT 2`,
      [data.anchor],
    );
    if (pending.length === 2) {
      const [viaHub, viaMonolith] = pending;
      const enrolling = (referral: (typeof pending)[number]) => ({ runId: referral.run_id, participantId: referral.participant_id, enrolledOn: data.anchor });
      const asProvider = await token("PROVIDER", viaHub.provider_id, ["PROVIDER_STAFF"]);
      const monolithProvider = await token("PROVIDER", viaMonolith.provider_id, ["PROVIDER_STAFF"]);
      cases.push({ name: "Enrol", operation: "Enrol", variables: enrolling(viaHub), monolithVariables: enrolling(viaMonolith), token: asProvider, monolithToken: monolithProvider });
      cases.push({ name: "Enrol again (refused)", operation: "Enrol", variables: enrolling(viaHub), monolithVariables: enrolling(viaMonolith), token: asProvider, monolithToken: monolithProvider });
      cases.push({ name: "Enrol by the coordinator (refused)", operation: "Enrol", variables: enrolling(viaHub), token: asCoordinator });
    } else console.log("note    Enrol not checked: fewer than two pending referrals to enrol; seed again");

    const last = async () => Object.fromEntries(await Promise.all(AGENCIES.map(async (name) => [name, (await clients[name].query<{ at: string }>(`SELECT coalesce(max(position), 0)::text AS at FROM access_log`)).rows[0].at] as const)));
    const since = async (marks: Record<string, string>) =>
      Object.fromEntries(
        await Promise.all(
          AGENCIES.map(async (name) => {
            const { rows } = await clients[name].query<Row>(
              `SELECT xmin::text, operation_name, participant_id, data_owner, action, fields, outcome, refused_by FROM access_log WHERE position > $1 ORDER BY position`,
              [marks[name]],
            );
            return [name, rows] as const;
          }),
        ),
      );
    const send = async (url: string, operation: string, variables: object, bearer: string) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query: contractOperation(operation), variables, operationName: operation }),
      });
      return response.status;
    };
    const logged = async (url: string, operation: string, variables: object, bearer: string) => {
      const marks = await last();
      await send(url, operation, variables, bearer);
      return since(marks);
    };
    const key = (row: Row) => `${row.operation_name} ${row.participant_id ?? "-"} ${row.data_owner} ${row.action} ${row.outcome} ${row.refused_by ?? "-"}`;
    const transactions = (rows: Row[]) => new Set(rows.map((row) => row.xmin)).size;
    /** The rows one recorder per database would have written for the request: the hub's fetches to one subgraph merged (union of fields per key). */
    const merged = (rows: Row[]) => {
      const byKey = new Map<string, Set<string>>();
      for (const row of rows) {
        const fields = byKey.get(key(row)) ?? new Set<string>();
        for (const field of row.fields) fields.add(field);
        byKey.set(key(row), fields);
      }
      return [...byKey].map(([rowKey, fields]) => `${rowKey} [${[...fields].sort().join(",")}]`).sort();
    };

    for (const { name, operation, variables, token: bearer, monolithVariables, monolithToken } of cases) {
      const fromHub = await logged(hub.gateway.url, operation, variables, bearer);
      const fromMonolith = await logged(monolith.url, operation, monolithVariables ?? variables, monolithToken ?? bearer);
      if (monolithVariables) {
        // Different people on each side: compare the rows with the person masked.
        for (const rows of [...Object.values(fromHub), ...Object.values(fromMonolith)]) for (const row of rows) row.participant_id &&= "<participant>";
      }
      const found: string[] = [];
      for (const agency of AGENCIES) {
        if (VERBOSE) {
          const order = (rows: Row[]) => [...new Set(rows.map((row) => row.xmin))];
          for (const row of fromHub[agency]) found.push(`${agency}: hub      INSERT #${order(fromHub[agency]).indexOf(row.xmin) + 1} ${key(row)} [${row.fields.join(",")}]`);
          for (const row of fromMonolith[agency]) found.push(`${agency}: monolith INSERT #${order(fromMonolith[agency]).indexOf(row.xmin) + 1} ${key(row)} [${row.fields.join(",")}]`);
        }
        const unmatched = merged(fromMonolith[agency]);
        for (const row of merged(fromHub[agency])) {
          const at = unmatched.indexOf(row);
          if (at >= 0) unmatched.splice(at, 1);
          else found.push(`${agency}: only the hub:      ${row}`);
        }
        for (const row of unmatched) found.push(`${agency}: only the monolith: ${row}`);
      }
      const differs = found.some((line) => line.includes(": only the "));
      if (differs) failed += 1;
      const counts = AGENCIES.map((agency) => `${agency} ${fromHub[agency].length}/${transactions(fromHub[agency])} vs ${fromMonolith[agency].length}/${transactions(fromMonolith[agency])}`);
      console.log(`${differs ? "DIFFERS" : "same   "} ${name}: rows/INSERTs hub vs monolith: ${counts.join(", ")}`);
      for (const line of found) console.log(`    ${line}`);
    }
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.end()));
    monolith.process.kill("SIGTERM");
    await hub.stop();
  }
  console.log(failed ? `${failed} cases record differently` : "The monolith records what the hub records (the hub's fetches to one subgraph merged).");
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
