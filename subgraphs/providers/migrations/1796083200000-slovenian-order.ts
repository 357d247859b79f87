import type { MigrationInterface, QueryRunner } from "typeorm";
import { dropSortKeyFunctionSql, sortKeyFunctionSql } from "../../../shared/collation";

/**
 * Slovenian alphabetical order for providers (by region and name) and their programmes (by name): the sort key function of shared/collation.ts. These lists are bounded and not paged, so no index over them.
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
