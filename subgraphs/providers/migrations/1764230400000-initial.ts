import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1764230400000 implements MigrationInterface {
  name = "Initial1764230400000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE providers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        region text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE programmes (
        id uuid PRIMARY KEY,
        provider_id uuid NOT NULL REFERENCES providers (id),
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('GENERAL', 'WOMEN_LANGUAGE_BARRIERS', 'ROMA_WOMEN')),
        region text NOT NULL
      )`);
    await runner.query(`CREATE INDEX programmes_provider ON programmes (provider_id)`);
    await runner.query(`CREATE INDEX programmes_type_region ON programmes (type, region)`);
    await runner.query(`
      CREATE TABLE programme_runs (
        id uuid PRIMARY KEY,
        programme_id uuid NOT NULL REFERENCES programmes (id),
        start_date date NOT NULL,
        end_date date NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        CHECK (start_date < end_date)
      )`);
    await runner.query(`CREATE INDEX programme_runs_programme ON programme_runs (programme_id, start_date)`);
    await runner.query(`CREATE INDEX programme_runs_start ON programme_runs (start_date)`);
    await runner.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        participant_id uuid NOT NULL,
        run_id uuid NOT NULL REFERENCES programme_runs (id),
        status text NOT NULL CHECK (status IN ('PENDING', 'ENROLLED', 'DECLINED', 'WITHDRAWN')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX referrals_participant ON referrals (participant_id, created_at DESC)`);
    await runner.query(`CREATE INDEX referrals_run ON referrals (run_id)`);
    await runner.query(`
      CREATE TABLE enrolments (
        id uuid PRIMARY KEY,
        participant_id uuid NOT NULL,
        run_id uuid NOT NULL REFERENCES programme_runs (id),
        status text NOT NULL CHECK (status IN ('ENROLLED', 'COMPLETED', 'LEFT_EARLY')),
        enrolled_on date NOT NULL,
        exited_on date,
        exit_outcome text CHECK (exit_outcome IN ('EMPLOYMENT', 'EDUCATION', 'OTHER_PROGRAMME', 'COMMUNITY_SERVICE', 'NO_EXIT')),
        CHECK ((status = 'ENROLLED') = (exited_on IS NULL)),
        CHECK (exited_on IS NULL OR exited_on >= enrolled_on),
        UNIQUE (participant_id, run_id)
      )`);
    await runner.query(`CREATE INDEX enrolments_participant ON enrolments (participant_id, enrolled_on DESC)`);
    await runner.query(`CREATE INDEX enrolments_run ON enrolments (run_id, enrolled_on)`);
    await runner.query(`
      CREATE TABLE attendance (
        enrolment_id uuid NOT NULL REFERENCES enrolments (id),
        on_day date NOT NULL,
        present boolean NOT NULL,
        PRIMARY KEY (enrolment_id, on_day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ["attendance", "enrolments", "referrals", "programme_runs", "programmes", "providers"]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
