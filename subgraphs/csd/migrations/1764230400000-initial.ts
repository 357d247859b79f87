import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1764230400000 implements MigrationInterface {
  name = "Initial1764230400000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE social_work_centres (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE social_cases (
        participant_id uuid PRIMARY KEY,
        centre_id uuid NOT NULL REFERENCES social_work_centres (id),
        case_worker text NOT NULL,
        complex_social_problems boolean NOT NULL,
        note text
      )`);
    await runner.query(`CREATE INDEX social_cases_centre ON social_cases (centre_id)`);
    await runner.query(`
      CREATE TABLE assistance_decisions (
        id uuid PRIMARY KEY,
        participant_id uuid NOT NULL,
        centre_id uuid NOT NULL REFERENCES social_work_centres (id),
        number text NOT NULL UNIQUE,
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        monthly_amount numeric(10, 2) NOT NULL CHECK (monthly_amount > 0),
        CHECK (valid_from <= valid_to)
      )`);
    await runner.query(`CREATE INDEX assistance_decisions_participant ON assistance_decisions (participant_id, valid_from DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE assistance_decisions`);
    await runner.query(`DROP TABLE social_cases`);
    await runner.query(`DROP TABLE social_work_centres`);
  }
}
