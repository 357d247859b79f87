import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1764230400000 implements MigrationInterface {
  name = "Initial1764230400000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE coordinators (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY,
        first_name text NOT NULL,
        last_name text NOT NULL,
        emso char(13) NOT NULL UNIQUE,
        gender text NOT NULL CHECK (gender IN ('FEMALE', 'MALE')),
        birth_date date NOT NULL,
        residence_status text NOT NULL CHECK (residence_status IN ('CITIZEN', 'PERMANENT_RESIDENCE', 'OTHER')),
        language_barrier boolean NOT NULL DEFAULT false,
        roma_community boolean NOT NULL DEFAULT false,
        region text NOT NULL,
        coordinator_id uuid REFERENCES coordinators (id),
        centre_id uuid NOT NULL,
        office_id uuid NOT NULL,
        stage text NOT NULL CHECK (stage IN ('CANDIDATE', 'MOTIVATION_INTERVIEW', 'REFERRED', 'ENROLLED', 'FOLLOW_UP', 'CLOSED', 'WITHDRAWN')),
        consent_granted_at timestamptz,
        consent_withdrawn_at timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Keyset pagination walks this index in order; the filters narrow it.
    await runner.query(`CREATE INDEX participants_name_order ON participants (last_name, first_name, id)`);
    await runner.query(`CREATE INDEX participants_coordinator ON participants (coordinator_id, last_name, first_name, id)`);
    await runner.query(`CREATE INDEX participants_region ON participants (region, last_name, first_name, id)`);
    await runner.query(`CREATE INDEX participants_stage ON participants (stage, last_name, first_name, id)`);
    await runner.query(`CREATE INDEX participants_last_name_prefix ON participants (lower(last_name) text_pattern_ops)`);
    await runner.query(`CREATE INDEX participants_first_name_prefix ON participants (lower(first_name) text_pattern_ops)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE participants`);
    await runner.query(`DROP TABLE coordinators`);
  }
}
