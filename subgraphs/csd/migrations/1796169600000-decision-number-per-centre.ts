import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A DSP decision's number is unique within its centre, not across the country: each centre numbers
 * its own files, and a uniqueness check across centres told one centre that a number was another's
 * decision (red team of issue 13; ACCESS.md: errors name nothing of another unit's data).
 */
export class DecisionNumberPerCentre1796169600000 implements MigrationInterface {
  name = "DecisionNumberPerCentre1796169600000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE assistance_decisions DROP CONSTRAINT assistance_decisions_number_key`);
    await runner.query(`ALTER TABLE assistance_decisions ADD CONSTRAINT assistance_decisions_centre_number UNIQUE (centre_id, number)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE assistance_decisions DROP CONSTRAINT assistance_decisions_centre_number`);
    await runner.query(`ALTER TABLE assistance_decisions ADD CONSTRAINT assistance_decisions_number_key UNIQUE (number)`);
  }
}
