import type { MigrationInterface, QueryRunner } from "typeorm";
import { dropSortKeyFunctionSql, sortKeyFunctionSql } from "../../../shared/collation";

export class Initial__TIMESTAMP__ implements MigrationInterface {
  name = "Initial__TIMESTAMP__";

  async up(runner: QueryRunner): Promise<void> {
    // Lists by name follow the Slovenian alphabet: ORDER BY sortKey(...) needs this function.
    await runner.query(sortKeyFunctionSql());
    await runner.query(`
      CREATE TABLE services (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE services`);
    await runner.query(dropSortKeyFunctionSql());
  }
}
