import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The access log's table in every subgraph's database: append-only and hash-chained by the
 * database itself, so that neither a bug in our code nor a hand-made statement through the
 * application's connection can edit, delete or reorder a record without `npm run audit:verify`
 * noticing. Shared by every subgraph (a partner's too): each lists it among its migrations.
 */
export const ACCESS_LOG_COLUMNS = `
  position bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  subject text NOT NULL,
  agency text NOT NULL,
  unit text NOT NULL,
  operation_name text NOT NULL,
  participant_id uuid,
  data_owner text NOT NULL,
  action text NOT NULL CHECK (action IN ('READ', 'WRITE')),
  fields text[] NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('SERVED', 'REFUSED')),
  refused_by text,
  prev_hash text NOT NULL,
  hash text NOT NULL`;

/**
 * The text a record's hash covers: every column but the hash, the time as integer microseconds,
 * joined by the unit separator. `shared/audit/verify.ts` rebuilds it independently in TypeScript.
 */
export const CANONICAL = (row: string) => `concat_ws(chr(31),
  ${row}.position::text, ${row}.prev_hash, ((extract(epoch FROM ${row}.at) * 1000000)::bigint)::text,
  ${row}.subject, ${row}.agency, ${row}.unit, ${row}.operation_name, coalesce(${row}.participant_id::text, ''),
  ${row}.data_owner, ${row}.action, array_to_string(${row}.fields, ','), ${row}.outcome, coalesce(${row}.refused_by, ''))`;

/**
 * The first version's append: each new record took the next position and the previous record's
 * hash, under one lock per subgraph, so that concurrent requests appended one after the other.
 * Kept for that migration, and for bench/access-log.ts, which measures what dropping it gained.
 */
export const CHAINED_APPEND = `
      CREATE FUNCTION access_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_position bigint; last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('access_log'));
        SELECT position, hash INTO last_position, last_hash FROM access_log ORDER BY position DESC LIMIT 1;
        IF last_position IS NULL THEN
          SELECT position, hash INTO last_position, last_hash FROM access_log_archive ORDER BY position DESC LIMIT 1;
        END IF;
        NEW.position := coalesce(last_position, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, 'GENESIS');
        NEW.at := date_trunc('microseconds', coalesce(NEW.at, clock_timestamp()));
        NEW.hash := encode(sha256(convert_to(${CANONICAL("NEW")}, 'UTF8')), 'hex');
        RETURN NEW;
      END $$`;

/**
 * No queue: a record takes the next number of a sequence instead of reading the last record under
 * a lock, so requests append side by side (issue 16). Its hash covers its own content only; what
 * binds the records together, in order, is the Merkle tree of signed checkpoints kept outside the
 * database (shared/audit/checkpointer.ts). `prev_hash` stays in the canonical text, empty from now
 * on, so earlier records keep their hashes. The transaction takes its id before its position:
 * the checkpointer relies on every position up to one it saw belonging to an older transaction.
 */
export class AccessLogWithoutQueue1764900000000 implements MigrationInterface {
  name = "AccessLogWithoutQueue1764900000000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE access_log_position_seq AS bigint`);
    await runner.query(
      `SELECT setval('access_log_position_seq', greatest((SELECT coalesce(max(position), 0) FROM access_log), (SELECT coalesce(max(position), 0) FROM access_log_archive)) + 1, false)`,
    );
    await runner.query(`DROP TRIGGER access_log_chain ON access_log`);
    await runner.query(`DROP FUNCTION access_log_chain()`);
    await runner.query(`
      CREATE FUNCTION access_log_seal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_current_xact_id();
        NEW.position := nextval('access_log_position_seq');
        NEW.prev_hash := '';
        -- The database's clock, whatever the INSERT says: a record cannot be backdated (red team).
        NEW.at := date_trunc('microseconds', clock_timestamp());
        NEW.hash := encode(sha256(convert_to(${CANONICAL("NEW")}, 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER access_log_seal BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_seal()`);
  }

  async down(): Promise<void> {
    throw new Error("The access log is kept: this migration is not reverted");
  }
}

export class AccessLog1764576000000 implements MigrationInterface {
  name = "AccessLog1764576000000";

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE access_log (${ACCESS_LOG_COLUMNS})`);
    await runner.query(`CREATE INDEX access_log_participant ON access_log (participant_id, position DESC)`);
    await runner.query(`CREATE INDEX access_log_at ON access_log (at)`);
    // Records past their retention period move here, chain intact (npm run audit:archive).
    await runner.query(`CREATE TABLE access_log_archive (${ACCESS_LOG_COLUMNS})`);

    // The chain of the first version (replaced by AccessLogWithoutQueue1764900000000).
    await runner.query(CHAINED_APPEND);
    await runner.query(`CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_chain()`);

    // Append-only: no update, no truncate, and a delete only of a record already copied, unchanged,
    // to the archive by the archiving command.
    await runner.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'access_log' AND current_setting('hub.archiving', true) = 'on'
           AND EXISTS (SELECT 1 FROM access_log_archive archived WHERE archived.position = OLD.position AND archived.hash = OLD.hash) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ["access_log", "access_log_archive"]) {
      await runner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
      await runner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
    }
  }

  async down(): Promise<void> {
    throw new Error("The access log is kept: this migration is not reverted");
  }
}
