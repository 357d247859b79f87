import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Indicator releases (issue 17): each quarter's table, computed once after the quarter has ended
 * and kept as it was released, so that no later write can be read off by comparing two answers.
 * `cells`: every cell of the release, `{ "<key>": [count, published, suppression] }`.
 */
export class IndicatorReleases1797000000000 implements MigrationInterface {
  name = "IndicatorReleases1797000000000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE indicator_releases (
        year integer NOT NULL,
        quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        population text NOT NULL,
        released_at timestamptz NOT NULL DEFAULT now(),
        cells jsonb NOT NULL,
        attendance jsonb NOT NULL,
        PRIMARY KEY (year, quarter, population)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE indicator_releases`);
  }
}
