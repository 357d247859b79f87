import type { MigrationInterface, QueryRunner } from "typeorm";

export class CaseNotes1764403200000 implements MigrationInterface {
  name = "CaseNotes1764403200000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY,
        participant_id uuid NOT NULL REFERENCES participants (id),
        coordinator_id uuid NOT NULL,
        text text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX case_notes_participant ON case_notes (participant_id, written_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE case_notes`);
  }
}
