import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { todayInLjubljana, addDays } from "../shared/calendar";
import { demoUuid } from "../shared/demo-data";
import { startHub, type RunningHub } from "../scripts/hub";
import { seedDatabases } from "../scripts/seed";
import { contractOperation } from "../test/support/contract";
import { checkCast, startMonolith } from "./monolith-checks";

/**
 * `npx tsx bench/monolith-check.ts [--participants N] [--seed]`: does the monolith baseline
 * (bench/monolith.ts) answer what the hub answers? Sends ParticipantView, Caseload and RunRoster —
 * the benchmark's callers and variables, and more callers, filters and pages besides — to both and
 * prints every path where `data` differs; then enrols a pending referral through each and compares
 * the rows written and the refusals. Needs <NAME>_DATABASE_URL for every subgraph, on a data set
 * seeded with `npm run seed -- --participants N --reset` (or pass --seed). Starts the hub (demo data
 * off) and the monolith itself; with HUB_URL / MONOLITH_URL it uses running ones instead. Exits 1
 * on any difference.
 */
const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const PARTICIPANTS = Number(argument("--participants", "2000"));

interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, token: string, operation: string, variables: object): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: contractOperation(operation), variables, operationName: operation }),
  });
  return (await response.json()) as GraphQLAnswer;
}

/** Every path where the two values differ, with both values. */
export function differences(hub: unknown, monolith: unknown, at = "data"): string[] {
  if (Array.isArray(hub) && Array.isArray(monolith)) {
    const found = hub.length === monolith.length ? [] : [`${at}: ${hub.length} items in the hub, ${monolith.length} in the monolith`];
    for (let index = 0; index < Math.min(hub.length, monolith.length); index += 1) found.push(...differences(hub[index], monolith[index], `${at}[${index}]`));
    return found;
  }
  if (hub && monolith && typeof hub === "object" && typeof monolith === "object" && !Array.isArray(hub) && !Array.isArray(monolith)) {
    const keys = new Set([...Object.keys(hub), ...Object.keys(monolith)]);
    return [...keys].flatMap((key) => differences((hub as Record<string, unknown>)[key], (monolith as Record<string, unknown>)[key], `${at}.${key}`));
  }
  return Object.is(hub, monolith) ? [] : [`${at}: hub ${JSON.stringify(hub)}, monolith ${JSON.stringify(monolith)}`];
}

const codes = (answer: GraphQLAnswer) => [...new Set((answer.errors ?? []).map((error) => error.extensions?.code ?? "?"))].sort().join(",") || "none";

async function main(): Promise<number> {
  const dataDir = process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : fs.mkdtempSync(path.join(os.tmpdir(), "hub-monolith-check-"));
  if (process.argv.includes("--seed")) await seedDatabases({ participants: PARTICIPANTS, reset: true, dataDir });
  const hub: RunningHub | null = process.env.HUB_URL ? null : await startHub({ dataDir, demoData: false, ephemeralPorts: true });
  const monolith = process.env.MONOLITH_URL ? null : await startMonolith(dataDir);
  const hubUrl = process.env.HUB_URL ?? hub!.gateway.url;
  const monolithUrl = process.env.MONOLITH_URL ?? monolith!.url;
  const providersDb = new pg.Client({ connectionString: process.env.PROVIDERS_DATABASE_URL });
  const coordinationDb = new pg.Client({ connectionString: process.env.COORDINATION_DATABASE_URL });
  await Promise.all([providersDb.connect(), coordinationDb.connect()]);
  let failed = 0;
  try {
    // The benchmark's callers and variables (bench/run.ts), then others the hub treats differently.
    const { data, token, asCoordinator, someone, withoutConsent, stranger, providerOf, run, joze, demoUsers } = await checkCast(dataDir, PARTICIPANTS, "monolith-check");
    const asProviderOf = (runId: string) => token("PROVIDER", providerOf(runId), ["PROVIDER_STAFF"]);
    const otherProvider = data.providers.find((provider) => provider.id !== providerOf(run))!.id;
    const demoProviderRun = data.runs.find((candidate) => providerOf(candidate.id) === demoUsers[3][1] && data.enrolments.some((enrolment) => enrolment.runId === candidate.id))!.id;

    const cases: { name: string; operation: string; variables: Record<string, unknown>; token: string }[] = [
      { name: "bench ParticipantView", operation: "ParticipantView", variables: { id: someone.id }, token: asCoordinator },
      { name: "bench RunRoster", operation: "RunRoster", variables: { runId: run }, token: await asProviderOf(run) },
      { name: "ParticipantView without consent", operation: "ParticipantView", variables: { id: withoutConsent.id }, token: asCoordinator },
      { name: "ParticipantView outside the caseload", operation: "ParticipantView", variables: { id: stranger.id }, token: asCoordinator },
      { name: "ParticipantView of nobody", operation: "ParticipantView", variables: { id: demoUuid("nobody") }, token: asCoordinator },
      { name: "Caseload ENROLLED", operation: "Caseload", variables: { first: 100, filter: { stage: "ENROLLED" } }, token: asCoordinator },
      { name: "Caseload with a bad cursor", operation: "Caseload", variables: { first: 10, after: "not-a-cursor" }, token: asCoordinator },
      { name: "Caseload of 0", operation: "Caseload", variables: { first: 0 }, token: asCoordinator },
      { name: "Caseload search", operation: "Caseload", variables: { first: 10, filter: { search: "no" } }, token: asCoordinator },
      { name: "RunRoster on a day, as the coordinator", operation: "RunRoster", variables: { runId: run, on: addDays(todayInLjubljana(), 200) }, token: asCoordinator },
      { name: "RunRoster as another provider", operation: "RunRoster", variables: { runId: run }, token: await token("PROVIDER", otherProvider, ["PROVIDER_STAFF"]) },
      { name: "RunRoster with attendance", operation: "RunRoster", variables: { runId: demoProviderRun }, token: await asProviderOf(demoProviderRun) },
    ];
    for (const [agency, unit, role] of demoUsers) {
      const bearer = await token(agency, unit, [role]);
      cases.push({ name: `ParticipantView as ${agency}`, operation: "ParticipantView", variables: { id: joze }, token: bearer });
      cases.push({ name: `Caseload as ${agency}`, operation: "Caseload", variables: { first: 30 }, token: bearer });
      cases.push({ name: `RunRoster as ${agency}`, operation: "RunRoster", variables: { runId: demoProviderRun }, token: bearer });
    }

    const compare = async (name: string, operation: string, variables: object, bearer: string) => {
      const [fromHub, fromMonolith] = await Promise.all([post(hubUrl, bearer, operation, variables), post(monolithUrl, bearer, operation, variables)]);
      const found = differences(fromHub.data, fromMonolith.data);
      const errors = `errors: hub ${codes(fromHub)}, monolith ${codes(fromMonolith)}`;
      if (fromHub.data === undefined) found.unshift(`the hub gave no data: ${JSON.stringify(fromHub.errors)}`);
      console.log(`${found.length ? "DIFFERS" : "same   "} ${name} (${errors})`);
      for (const line of found.slice(0, 20)) console.log(`    ${line}`);
      if (found.length > 20) console.log(`    … and ${found.length - 20} more`);
      if (found.length) failed += 1;
      return fromHub;
    };
    for (const { name, operation, variables, token: bearer } of cases) await compare(name, operation, variables, bearer);
    // The benchmark's Caseload, then every further page by the hub's cursors.
    let after: string | null = null;
    for (let page = 1; ; page += 1) {
      const answer = await compare(`bench Caseload (first: 50) page ${page}`, "Caseload", after ? { first: 50, after } : { first: 50 }, asCoordinator);
      const { pageInfo } = (answer.data as { participants: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).participants;
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }

    failed += await compareEnrolments({ hubUrl, monolithUrl, providersDb, coordinationDb, token });
  } finally {
    await Promise.all([providersDb.end(), coordinationDb.end()]);
    monolith?.process.kill("SIGTERM");
    await hub?.stop();
  }
  console.log(failed ? `${failed} checks differ` : "The monolith answers as the hub does.");
  return failed ? 1 : 0;
}

/**
 * Two pending referrals that both can be enrolled today: one through the hub, one through the
 * monolith; the rows each leaves behind must look alike. Then the same refusals from both.
 */
async function compareEnrolments({ hubUrl, monolithUrl, providersDb, coordinationDb, token }: {
  hubUrl: string;
  monolithUrl: string;
  providersDb: pg.Client;
  coordinationDb: pg.Client;
  token: (agency: string, unit: string, roles: string[]) => Promise<string>;
}): Promise<number> {
  const today = todayInLjubljana();
  const { rows: pending } = await providersDb.query<{ id: string; participant_id: string; run_id: string; provider_id: string }>(
    `SELECT r.id, r.participant_id, r.run_id, g.provider_id FROM referrals r JOIN programme_runs u ON u.id = r.run_id JOIN programmes g ON g.id = u.programme_id
      WHERE r.status = 'PENDING' AND u.start_date <= $1 AND (u.start_date + interval '7 months')::date > $1
        AND (SELECT count(*) FROM enrolments e WHERE e.run_id = u.id AND e.status <> 'LEFT_EARLY') < u.capacity - 2
        AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.participant_id = r.participant_id AND e.status = 'ENROLLED')
      ORDER BY r.id LIMIT 3`,
    [today],
  );
  if (pending.length < 3) {
    console.log("DIFFERS Enrol: fewer than three pending referrals to enrol; seed again");
    return 1;
  }
  const [viaHub, viaMonolith, third] = pending;
  const enrol = async (url: string, referral: (typeof pending)[number], providerId = referral.provider_id, enrolledOn = today) =>
    post(url, await token("PROVIDER", providerId, ["PROVIDER_STAFF"]), "Enrol", { runId: referral.run_id, participantId: referral.participant_id, enrolledOn });
  const written = async (referral: (typeof pending)[number]) => {
    const { rows: enrolments } = await providersDb.query(`SELECT status, enrolled_on::text, exited_on, exit_outcome FROM enrolments WHERE participant_id = $1 AND run_id = $2`, [referral.participant_id, referral.run_id]);
    const { rows: referrals } = await providersDb.query(`SELECT status FROM referrals WHERE id = $1`, [referral.id]);
    const { rows: people } = await coordinationDb.query(`SELECT stage FROM participants WHERE id = $1`, [referral.participant_id]);
    return { enrolments, referrals, people };
  };
  const masked = (answer: GraphQLAnswer) => JSON.parse(JSON.stringify(answer.data ?? null).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>"));
  const checks: [string, unknown, unknown][] = [];
  const [fromHub, fromMonolith] = [await enrol(hubUrl, viaHub), await enrol(monolithUrl, viaMonolith)];
  checks.push(["Enrol answer (ids masked)", masked(fromHub), masked(fromMonolith)]);
  checks.push(["Enrol rows written", await written(viaHub), await written(viaMonolith)]);
  checks.push(["Enrol again: refusal", codes(await enrol(hubUrl, viaHub)), codes(await enrol(monolithUrl, viaMonolith))]);
  const stranger = (await providersDb.query<{ id: string }>(`SELECT id FROM providers WHERE id <> $1 ORDER BY id LIMIT 1`, [third.provider_id])).rows[0].id;
  checks.push(["Enrol by another provider: refusal", codes(await enrol(hubUrl, third, stranger)), codes(await enrol(monolithUrl, third, stranger))]);
  checks.push(["Enrol tomorrow: refusal", codes(await enrol(hubUrl, third, third.provider_id, addDays(today, 1))), codes(await enrol(monolithUrl, third, third.provider_id, addDays(today, 1)))]);
  checks.push(["Enrol refused: nothing written", await written(third), { enrolments: [], referrals: [{ status: "PENDING" }], people: (await written(third)).people }]);
  let failed = 0;
  for (const [name, hub, monolith] of checks) {
    const found = differences(hub, monolith, "");
    console.log(`${found.length ? "DIFFERS" : "same   "} ${name}: ${JSON.stringify(monolith)}`);
    for (const line of found) console.log(`    ${line}`);
    if (found.length) failed += 1;
  }
  const { rows: logged } = await providersDb.query<{ participant_id: string; count: number }>(
    `SELECT participant_id, count(*)::int AS count FROM access_log WHERE action = 'WRITE' AND outcome = 'SERVED' AND participant_id = ANY($1::uuid[]) GROUP BY participant_id`,
    [[viaHub.participant_id, viaMonolith.participant_id]],
  );
  const count = (id: string) => logged.find((row) => row.participant_id === id)?.count ?? 0;
  console.log(`note    access-log records of the enrolment in providers: hub ${count(viaHub.participant_id)}, monolith ${count(viaMonolith.participant_id)} (the monolith keeps no access log)`);
  return failed;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
