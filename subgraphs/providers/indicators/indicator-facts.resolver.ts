import { Agency } from "../../../shared/enums";
import { createIndicatorFactsResolver } from "../../../shared/indicators/facts";
import type { ProvidersContext } from "../context";

/**
 * The providers' part of the indicators (issue 17): per enrolment, the programme type, the days
 * of entry and exit, the status and exit outcome, and the days attended of the days recorded.
 * For a provider's own staff, its own runs only (ACCESS.md: "own runs").
 */
export const ProvidersIndicatorFactsResolver = createIndicatorFactsResolver<ProvidersContext>(
  "providers",
  ["programmeType", "enrolledOn", "exitedOn", "status", "exitOutcome", "attendedDays", "recordedDays"],
  async ({ db, caller }) => {
    const own = caller.agency === Agency.PROVIDER;
    const rows: { participant_id: string; type: string; enrolled_on: string; exited_on: string | null; status: string; exit_outcome: string | null; attended: number; recorded: number }[] = await db.query(
      `SELECT e.participant_id, p.type, to_char(e.enrolled_on, 'YYYY-MM-DD') AS enrolled_on, to_char(e.exited_on, 'YYYY-MM-DD') AS exited_on, e.status, e.exit_outcome,
              (SELECT count(*) FILTER (WHERE a.present) FROM attendance a WHERE a.enrolment_id = e.id)::int AS attended,
              (SELECT count(*) FROM attendance a WHERE a.enrolment_id = e.id)::int AS recorded
         FROM enrolments e JOIN programme_runs r ON r.id = e.run_id JOIN programmes p ON p.id = r.programme_id
        ${own ? "WHERE p.provider_id = $1" : ""}`,
      own ? [caller.unit] : [],
    );
    return rows.map((row) => ({
      participantId: row.participant_id,
      values: [row.type, row.enrolled_on, row.exited_on, row.status, row.exit_outcome, String(row.attended), String(row.recorded)],
    }));
  },
);
