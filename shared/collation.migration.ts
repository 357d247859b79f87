import type { MigrationInterface, QueryRunner } from "typeorm";
import { dropSortKeyFunctionSql, sortKeyFunctionSql } from "./collation";

/**
 * Slovenian alphabetical order for a subgraph whose name lists are small and not paged (directories,
 * providers and programmes, community offers): the sort key function of shared/collation.ts, and no
 * index over it. Coordination, which pages its participants over the key, has its own migration
 * that also builds the indexes.
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
