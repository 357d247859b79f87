import { createIndicatorFactsResolver } from "../../../shared/indicators/facts";
import type { CoordinationContext } from "../context";

/**
 * Coordination's part of the indicators (issue 17): per participant, gender, birth month (not
 * day), statistical region and membership of the Roma community — the last special-category data
 * (GDPR Art. 9), processed for statistics under Art. 9(2)(j) with Art. 89(1)'s safeguard:
 * pseudonymised, and counted only behind disclosure control.
 */
export const CoordinationIndicatorFactsResolver = createIndicatorFactsResolver<CoordinationContext>(
  "coordination",
  ["gender", "birthMonth", "region", "romaCommunity"],
  async ({ db }) =>
    (await db.query(`SELECT id, gender, to_char(birth_date, 'YYYY-MM') AS birth_month, region, roma_community FROM participants`)).map(
      (row: { id: string; gender: string; birth_month: string; region: string; roma_community: boolean }) => ({
        participantId: row.id,
        values: [row.gender, row.birth_month, row.region, String(row.roma_community)],
      }),
    ),
);
