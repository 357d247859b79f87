import { createIndicatorFactsResolver } from "../../../shared/indicators/facts";
import type { EmploymentContext } from "../context";

/**
 * The Urad za delo's part of the indicators (issue 17): per person in the register, the status
 * and the month of registration (long-term unemployment is 12 months or more registered). The
 * register keeps the current status only, no history: README, "Indicators".
 */
export const EmploymentIndicatorFactsResolver = createIndicatorFactsResolver<EmploymentContext>(
  "employment",
  ["status", "registeredOn"],
  async ({ db }) =>
    (await db.query(`SELECT participant_id, status, to_char(registered_on, 'YYYY-MM-DD') AS registered_on FROM jobseeker_records`)).map(
      (row: { participant_id: string; status: string; registered_on: string }) => ({ participantId: row.participant_id, values: [row.status, row.registered_on] }),
    ),
);
