import type { MigrationInterface, QueryRunner } from "typeorm";

export class TeamMeetings1764316800000 implements MigrationInterface {
  name = "TeamMeetings1764316800000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE team_meetings (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('RECRUITMENT', 'OPENING', 'INTERIM', 'CLOSING')),
        run_id uuid NOT NULL,
        held_on date NOT NULL,
        agencies text[] NOT NULL CHECK (cardinality(agencies) > 0),
        agreements text NOT NULL DEFAULT '',
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX team_meetings_run ON team_meetings (run_id, held_on)`);
    await runner.query(`
      CREATE TABLE team_meeting_participants (
        meeting_id uuid NOT NULL REFERENCES team_meetings (id),
        participant_id uuid NOT NULL REFERENCES participants (id),
        PRIMARY KEY (meeting_id, participant_id)
      )`);
    await runner.query(`CREATE INDEX team_meeting_participants_participant ON team_meeting_participants (participant_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE team_meeting_participants`);
    await runner.query(`DROP TABLE team_meetings`);
  }
}
