import type { MigrationInterface, QueryRunner } from "typeorm";
import { dropSortKeyFunctionSql, sortKey, sortKeyFunctionSql } from "../../../shared/collation";

/** The keyset order of participant lists (participant-cursor.ts), with the column a filter fixes first. */
const NAME_ORDER = `${sortKey("last_name")}, ${sortKey("first_name")}, id`;

/** The indexes that serve participant lists by name: unfiltered, and for each filter that fixes a column. */
const NAME_ORDER_INDEXES: readonly [index: string, leading: string | null][] = [
  ["participants_name_order", null],
  ["participants_coordinator", "coordinator_id"],
  ["participants_region", "region"],
  ["participants_stage", "stage"],
];

/**
 * Slovenian alphabetical order (contract README, "Text") for participants and the coordinator
 * directory: the sort key function of shared/collation.ts, and the name-order indexes rebuilt over
 * its keys (COLLATE "C") instead of the columns, so that keyset pagination still walks an index.
 */
export class SlovenianOrder1796083200000 implements MigrationInterface {
  name = "SlovenianOrder1796083200000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(sortKeyFunctionSql());
    for (const [index, leading] of NAME_ORDER_INDEXES) {
      await runner.query(`DROP INDEX ${index}`);
      await runner.query(`CREATE INDEX ${index} ON participants (${leading ? `${leading}, ` : ""}${NAME_ORDER})`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [index, leading] of NAME_ORDER_INDEXES) {
      await runner.query(`DROP INDEX ${index}`);
      await runner.query(`CREATE INDEX ${index} ON participants (${leading ? `${leading}, ` : ""}last_name, first_name, id)`);
    }
    await runner.query(dropSortKeyFunctionSql());
  }
}
