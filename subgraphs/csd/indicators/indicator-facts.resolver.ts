import { createIndicatorFactsResolver } from "../../../shared/indicators/facts";
import type { CsdContext } from "../context";

/**
 * The CSD's part of the indicators (issue 17), for the eligibility grounds at entry: the periods
 * of each DSP decision (no number, no amount) and whether the social case notes complex social
 * problems (no note). One row per decision (`DSP`, from, to) and per case (`COMPLEX`, true|false).
 */
export const CsdIndicatorFactsResolver = createIndicatorFactsResolver<CsdContext>("csd", ["kind", "from", "to"], async ({ db }) => [
  ...(await db.query(`SELECT participant_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM assistance_decisions`)).map(
    (row: { participant_id: string; valid_from: string; valid_to: string }) => ({ participantId: row.participant_id, values: ["DSP", row.valid_from, row.valid_to] }),
  ),
  ...(await db.query(`SELECT participant_id, complex_social_problems FROM social_cases`)).map((row: { participant_id: string; complex_social_problems: boolean }) => ({
    participantId: row.participant_id,
    values: ["COMPLEX", String(row.complex_social_problems), null],
  })),
]);
