import { badInput } from "../../../shared/errors";
import { SORT_KEY_FUNCTION, sortKey } from "../../../shared/collation";
import { isUuid } from "../../../shared/identifiers";

/**
 * Cursors and order of participant lists. ACCESS.md, "What counts as reading": a list is ordered
 * by a field only over the rows where the caller may read it, and a cursor carries nothing the
 * caller may not read.
 *
 * A cursor is the id of the row it stands for, and nothing else: `v1:<id>`, base64url-encoded so
 * that clients treat it as opaque (the version lets the format change without misreading old
 * cursors). The list finds the row's position itself, in SQL, from that id (`keysetAfter`), so
 * keyset pagination stays as cheap as before: page 1000 costs what page 1 costs.
 */
const CURSOR_VERSION = "v1";

/** Shape: a participant id → the opaque cursor of its row. */
export const cursorOf = (participantId: string): string => Buffer.from(`${CURSOR_VERSION}:${participantId.toLowerCase()}`).toString("base64url");

/**
 * The one refusal for a cursor the caller may not continue after: malformed, from an older format,
 * of a person who does not exist, or of one the caller may not see. All are the same answer, so a
 * cursor cannot be used to learn whether someone exists (ACCESS.md, "Existence is personal data").
 */
export const cursorRefused = () => badInput("after", "is not a cursor this list gave out; pass a pageInfo.endCursor or edges.cursor unchanged");

/** Shape: a cursor → the participant id in it (lower case); BAD_USER_INPUT naming `after` otherwise. */
export function decodeCursor(cursor: string): string {
  const match = /^v1:([0-9a-f-]{36})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (match && isUuid(match[1]) && cursorOf(match[1]) === cursor) return match[1];
  throw cursorRefused();
}

/** A SQL condition on the `participants` row named by `alias`. */
export type RowCondition = (alias: string) => string;

/**
 * The sort key of a participant list, as SQL expressions over `alias`. With `identityReadable`, the
 * rows whose names the caller may read come first, by (last name, first name, id) in Slovenian
 * order (shared/collation.ts: the names' keys under COLLATE "C", the same on PGlite and
 * PostgreSQL), then the others by id alone: a hidden row's place says nothing about its name. Null
 * means every row is readable, and the key is the plain (last name key, first name key, id) that
 * the name-order indexes serve (migration SlovenianOrder1796083200000).
 */
export function participantSortKey(alias: string, identityReadable: RowCondition | null): string[] {
  if (!identityReadable) return [sortKey(`${alias}.last_name`), sortKey(`${alias}.first_name`), `${alias}.id`];
  const readable = identityReadable(alias);
  const keyIfReadable = (column: string) => `(CASE WHEN ${readable} THEN ${SORT_KEY_FUNCTION}(${alias}.${column}) ELSE '' END) COLLATE "C"`;
  return [`(CASE WHEN ${readable} THEN 0 ELSE 1 END)`, keyIfReadable("last_name"), keyIfReadable("first_name"), `${alias}.id`];
}

/**
 * The rows after the cursor's row in that order: its key is read in SQL from its id (the SQL
 * parameter `idParameter`), with the same expressions as the ORDER BY, so that the row compare
 * and the order agree and a walk by cursor sees every row exactly once. The caller must have
 * checked that the row is one it may list (`cursorRowListed`); an unknown id matches nothing.
 */
export function keysetAfter(alias: string, identityReadable: RowCondition | null, idParameter: string): string {
  const anchor = "cursor_row";
  return `(${participantSortKey(alias, identityReadable).join(", ")}) > (SELECT ${participantSortKey(anchor, identityReadable).join(", ")} FROM participants ${anchor} WHERE ${anchor}.id = ${idParameter})`;
}

/** Whether the cursor's row is one the caller may list (`listed`), as a SQL boolean. */
export const cursorRowListed = (listed: RowCondition, idParameter: string): string =>
  `EXISTS (SELECT 1 FROM participants cursor_row WHERE cursor_row.id = ${idParameter} AND ${listed("cursor_row")})`;
