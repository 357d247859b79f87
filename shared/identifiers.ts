import { badInput } from "./errors";
import { quoted } from "./text";

/**
 * Identifiers (../shared/contract/README.md, "Identifiers"): every id the hub gives out is a UUID,
 * written in lower case, and the hub accepts it in any letter case as the same id, in reads and
 * writes alike. `canonicalId` is applied to every ID argument and input field of every subgraph
 * before any permission rule or resolver sees it (shared/input-rules.ts), so a rule, a loader's
 * cache, a SQL parameter and the access log all see one spelling of one id.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID in any letter case. Anything else cannot be an id of the hub's. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** The input error for a value that cannot be an id at all: names the field, quotes at most 40 characters of the value. */
export const notAnId = (field: string, value: string) => badInput(field, `${quoted(value)} is not an id the hub gives out (a UUID)`);

/** Shape: a UUID in any letter case → the same UUID in lower case; BAD_USER_INPUT naming `field` for anything else. */
export function canonicalId(field: string, value: string): string {
  if (!isUuid(value)) throw notAnId(field, value);
  return value.toLowerCase();
}
