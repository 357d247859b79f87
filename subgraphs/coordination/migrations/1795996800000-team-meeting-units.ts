import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Team meetings record the units that attended (offices, centres, coordinators, providers), not
 * only their agencies: ACCESS.md gives a meeting to the units that attended it. Meetings recorded
 * before this have no units; nobody is guessed into them, so the Urad za delo and the CSD no longer
 * read those (coordination still does through its caseload, a provider through its runs).
 */
export class TeamMeetingUnits1795996800000 implements MigrationInterface {
  name = "TeamMeetingUnits1795996800000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE team_meetings ADD COLUMN units uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE team_meetings DROP COLUMN units`);
  }
}
