import type { DataSource } from "typeorm";
import { Agency, ProgrammeType } from "../../shared/enums";
import { isUuid } from "../../shared/identifiers";
import type { ProvidersContext } from "./context";

/**
 * Who may see a referral or an enrolment (ACCESS.md, "referrals, enrolments, run phase, exit
 * outcome"): the provider whose run it is; and the Urad za delo, CSD and coordinators of the
 * person's case team — the coordinator always (the journey is theirs), the others with consent and
 * for GENERAL programmes only.
 */
export async function providerOfRun({ loaders }: ProvidersContext, runId: string): Promise<string | null> {
  const run = await loaders.run.load(runId);
  return run ? ((await loaders.programme.load(run.programmeId))?.providerId ?? null) : null;
}

async function programmeTypeOfRun({ loaders }: ProvidersContext, runId: string): Promise<ProgrammeType | null> {
  const run = await loaders.run.load(runId);
  return run ? ((await loaders.programme.load(run.programmeId))?.type ?? null) : null;
}

export const isOwnRun = async (context: ProvidersContext, runId: string) => (await providerOfRun(context, runId)) === context.caller.unit;

export async function canSeeJourneyRecord(context: ProvidersContext, record: { participantId: string; runId: string }): Promise<boolean> {
  const { caller, loaders } = context;
  switch (caller.agency) {
    case Agency.PROVIDER:
      return isOwnRun(context, record.runId);
    case Agency.COORDINATION:
      return (await loaders.caseTeam.load(record.participantId)) !== null;
    case Agency.EMPLOYMENT:
    case Agency.CSD:
      // With consent, and of GENERAL programmes only: a run for Roma women or women with language
      // barriers names the person's target group, which only coordination reads (ACCESS.md, derived data).
      return (await loaders.caseTeam.load(record.participantId))?.consent === true && (await programmeTypeOfRun(context, record.runId)) === ProgrammeType.GENERAL;
    default:
      return false;
  }
}

/** Keeps the records the caller may see: lists are filtered, not only their fields. */
export async function visibleJourneyRecords<Record extends { participantId: string; runId: string }>(context: ProvidersContext, records: Record[]): Promise<Record[]> {
  const visible = await Promise.all(records.map((record) => canSeeJourneyRecord(context, record)));
  return records.filter((_, index) => visible[index]);
}

/**
 * The people referred or enrolled to the runs of one provider (all of them, or those among
 * `participantIds`), as ids. For given people the statement starts from their own referrals and
 * enrolments (indexed by participant) and keeps those in the provider's runs. The one statement
 * it replaces (`$2 IS NULL OR participant_id = ANY($2)`) started from all the provider's runs,
 * about 270 index scans a call: 5.9 ms on 100 000 participants and most of PostgreSQL's time in
 * Enrol and RunRoster; this one takes under 1 ms (issue 18, bench/results/2026-12-01.md).
 */
export async function participantsInRunsOf(db: DataSource, providerId: string, participantIds: string[] | null | undefined): Promise<string[]> {
  if (!isUuid(providerId)) return [];
  const ofProvider = `SELECT run.id FROM programme_runs run JOIN programmes programme ON programme.id = run.programme_id WHERE programme.provider_id = $1`;
  // An omitted argument arrives as undefined: all of the provider's people.
  if (participantIds == null) {
    const rows: { participant_id: string }[] = await db.query(
      `SELECT participant_id FROM referrals WHERE run_id IN (${ofProvider}) UNION SELECT participant_id FROM enrolments WHERE run_id IN (${ofProvider})`,
      [providerId],
    );
    return rows.map((row) => row.participant_id);
  }
  const people = participantIds.filter(isUuid);
  if (!people.length) return [];
  const rows: { participant_id: string }[] = await db.query(
    `WITH theirs AS MATERIALIZED (
       SELECT participant_id, run_id FROM referrals WHERE participant_id = ANY($2::uuid[])
       UNION ALL
       SELECT participant_id, run_id FROM enrolments WHERE participant_id = ANY($2::uuid[]))
     SELECT DISTINCT theirs.participant_id FROM theirs WHERE theirs.run_id IN (${ofProvider})`,
    [providerId, people],
  );
  return rows.map((row) => row.participant_id);
}
