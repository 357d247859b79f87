import type { MigrationInterface, QueryRunner } from "typeorm";
import { dropSortKeyFunctionSql, sortKeyFunctionSql } from "../../../shared/collation";

/**
 * Slovenian alphabetical order for community offers (by region and name): the sort key function of shared/collation.ts. The list is bounded and not paged, so no index over it.
 */
export class SlovenianOrder1796083200000 implements MigrationInterface {
  name = "SlovenianOrder1796083200000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(sortKeyFunctionSql());
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(dropSortKeyFunctionSql());
  }
}
