import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1764230400000 implements MigrationInterface {
  name = "Initial1764230400000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE employment_offices (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE jobseeker_records (
        participant_id uuid PRIMARY KEY,
        office_id uuid NOT NULL REFERENCES employment_offices (id),
        status text NOT NULL CHECK (status IN ('UNEMPLOYED', 'TEMPORARILY_UNEMPLOYABLE', 'EMPLOYED', 'DEREGISTERED')),
        registered_on date NOT NULL,
        employment_plan text
      )`);
    await runner.query(`CREATE INDEX jobseeker_records_office ON jobseeker_records (office_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE jobseeker_records`);
    await runner.query(`DROP TABLE employment_offices`);
  }
}
