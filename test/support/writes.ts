import type { Caller } from "../../shared/context";
import { rowCount } from "../../shared/database";
import { contractOperation } from "./contract";
import type { GraphQLAnswer, TestHub } from "./hub";

/**
 * What a refused write must leave untouched (ACCESS.md, "Writing": nothing of it is stored): for
 * each write, the rows it would insert or change, read straight from the owning subgraph's
 * database before and after. A refused update shows here, where a count of rows would not.
 */

/** Writes beyond the contract's operations that ACCESS.md's writing table names. */
const EXTRA_OPERATIONS: Record<string, string> = {
  RecordCaseNote: `mutation RecordCaseNote($participantId: ID!, $text: String!) { recordCaseNote(participantId: $participantId, text: $text) { id } }`,
  ReferToCommunityOffer: `mutation ReferToCommunityOffer($participantId: ID!, $offerId: ID!) { referToCommunityOffer(participantId: $participantId, offerId: $offerId) { id } }`,
};

export const writeOperation = (name: string): string => EXTRA_OPERATIONS[name] ?? contractOperation(name);

type Variables = Record<string, unknown>;
type Input = Record<string, unknown>;
/** One table's rows that a write would touch, as a condition on that table with its parameters. */
interface Rows {
  subgraph: string;
  table: string;
  where: string;
  params: unknown[];
}

const inputOf = (variables: Variables) => (variables.input ?? {}) as Input;
const participantRow = (id: unknown): Rows => ({ subgraph: "coordination", table: "participants", where: "id::text = $1", params: [id] });

/** The participant an enrolment belongs to, from the providers' database. */
async function enrolmentOwners(hub: TestHub, enrolmentId: unknown): Promise<string[]> {
  const owners: { participant_id: string }[] = await databaseOf(hub, "providers").query(`SELECT participant_id::text FROM enrolments WHERE id::text = $1`, [enrolmentId]);
  return owners.map((owner) => owner.participant_id);
}

/** The rows each write would touch, keyed by operation name. */
const TOUCHES: Record<string, (variables: Variables, hub: TestHub) => Rows[] | Promise<Rows[]>> = {
  RegisterCandidate: (variables) => [{ subgraph: "coordination", table: "participants", where: "emso = $1", params: [inputOf(variables).emso] }],
  RecordConsent: (variables) => [participantRow(variables.participantId)],
  RecordCaseNote: (variables) => [{ subgraph: "coordination", table: "case_notes", where: "participant_id::text = $1", params: [variables.participantId] }],
  RecordTeamMeeting: (variables) => [
    { subgraph: "coordination", table: "team_meetings", where: "run_id::text = $1", params: [inputOf(variables).runId] },
    { subgraph: "coordination", table: "team_meeting_participants", where: "participant_id::text = ANY($1::text[])", params: [inputOf(variables).participantIds ?? []] },
  ],
  RegisterJobseeker: (variables) => [{ subgraph: "employment", table: "jobseeker_records", where: "participant_id::text = $1", params: [inputOf(variables).participantId] }],
  RecordAssistanceDecision: (variables) => [
    // PostgreSQL text cannot hold NUL, so no stored number has one: compare without it.
    { subgraph: "csd", table: "assistance_decisions", where: "participant_id::text = $1 OR number = $2", params: [inputOf(variables).participantId, String(inputOf(variables).number).replaceAll("\u0000", "")] },
  ],
  AssessSocialCase: (variables) => [{ subgraph: "csd", table: "social_cases", where: "participant_id::text = $1", params: [inputOf(variables).participantId] }],
  ScheduleRun: (variables) => [{ subgraph: "providers", table: "programme_runs", where: "programme_id::text = $1", params: [inputOf(variables).programmeId] }],
  ReferToProgramme: (variables) => [
    { subgraph: "providers", table: "referrals", where: "participant_id::text = $1 OR run_id::text = $2", params: [variables.participantId, variables.runId] },
    participantRow(variables.participantId),
  ],
  Enrol: (variables) => [
    { subgraph: "providers", table: "enrolments", where: "participant_id::text = $1 OR run_id::text = $2", params: [variables.participantId, variables.runId] },
    { subgraph: "providers", table: "referrals", where: "participant_id::text = $1", params: [variables.participantId] },
    participantRow(variables.participantId),
  ],
  ReferToCommunityOffer: (variables) => [{ subgraph: "community", table: "community_referrals", where: "participant_id::text = $1", params: [variables.participantId] }],
  RecordAttendance: (variables) => [{ subgraph: "providers", table: "attendance", where: "enrolment_id::text = $1", params: [variables.enrolmentId] }],
  RecordExit: async (variables, hub) => [
    { subgraph: "providers", table: "enrolments", where: "id::text = $1", params: [variables.enrolmentId] },
    // The journey stage the exit would move on.
    { subgraph: "coordination", table: "participants", where: "id::text = ANY($1::text[])", params: [await enrolmentOwners(hub, variables.enrolmentId)] },
  ],
};

function databaseOf(hub: TestHub, name: string) {
  const subgraph = hub.subgraphs.find((candidate) => candidate.name === name);
  if (!subgraph) throw new Error(`No subgraph ${name} in this hub`);
  return subgraph.database.dataSource;
}

async function readRows(hub: TestHub, rows: Rows): Promise<string[]> {
  const found: { row: string }[] = await databaseOf(hub, rows.subgraph).query(
    `SELECT row_to_json(touched)::text AS row FROM ${rows.table} touched WHERE ${rows.where} ORDER BY 1`,
    rows.params,
  );
  return found.map((entry) => entry.row);
}

/** Every row the write would touch, by subgraph and table, as JSON text. */
export async function rowsTouchedBy(hub: TestHub, operation: string, variables: Variables): Promise<Record<string, string[]>> {
  const touches = TOUCHES[operation];
  if (!touches) throw new Error(`test/support/writes.ts does not know which rows ${operation} touches`);
  const snapshot: Record<string, string[]> = {};
  for (const rows of await touches(variables, hub)) {
    snapshot[`${rows.subgraph}.${rows.table}`] = await readRows(hub, rows);
  }
  return snapshot;
}

/** Rows in every table of every subgraph's database, by subgraph: for a write that must replace a row rather than add one. */
export async function rowCounts(hub: TestHub): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const subgraph of hub.subgraphs) counts[subgraph.name] = await rowCount(subgraph.database.dataSource.manager);
  return counts;
}

/** Sends a write that must be refused, and checks the code, the field named, and that none of the rows it would touch changed. */
export async function expectRefused(
  hub: TestHub,
  as: Caller,
  operation: string,
  variables: Variables,
  expected: { code: string; field?: string },
): Promise<GraphQLAnswer<unknown>> {
  const before = await rowsTouchedBy(hub, operation, variables);
  const answer = await hub.requestAs(as, writeOperation(operation), variables);
  expect(answer.errors?.[0]?.extensions).toMatchObject(expected.field ? { code: expected.code, field: expected.field } : { code: expected.code });
  expect(answer.errors?.[0]?.message).toEqual(expect.any(String));
  expect(answer.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
  expect(await rowsTouchedBy(hub, operation, variables)).toEqual(before);
  return answer;
}
