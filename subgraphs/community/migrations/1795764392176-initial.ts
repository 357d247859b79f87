import type { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795764392176 implements MigrationInterface {
  name = "Initial1795764392176";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE community_offers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('HEALTH_PROMOTION_CENTRE', 'HEALTH_CENTRE', 'LIBRARY', 'SOCIETY', 'NGO')),
        region text NOT NULL,
        help text[] NOT NULL DEFAULT '{}',
        contact text NOT NULL
      )`);
    await runner.query(`CREATE INDEX community_offers_region ON community_offers (region, name)`);
    await runner.query(`
      CREATE TABLE community_referrals (
        id uuid PRIMARY KEY,
        participant_id uuid NOT NULL,
        offer_id uuid NOT NULL REFERENCES community_offers (id),
        referred_on date NOT NULL,
        referred_by text NOT NULL,
        note text
      )`);
    await runner.query(`CREATE INDEX community_referrals_participant ON community_referrals (participant_id, referred_on DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE community_referrals`);
    await runner.query(`DROP TABLE community_offers`);
  }
}
