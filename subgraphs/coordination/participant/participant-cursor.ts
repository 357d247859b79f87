import { badInput } from "../../../shared/errors";
import { isUuid } from "../../../shared/loaders";

/**
 * The cursor of a row in a participant list: its sort key (last name, first name, id), opaque to
 * clients. Keyset pagination resumes after it, so a deep page costs what the first does.
 */
export type SortKey = [lastName: string, firstName: string, id: string];

export const cursorOf = (key: SortKey): string => Buffer.from(JSON.stringify(key)).toString("base64url");

export function decodeCursor(cursor: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === 3 && key.every((part) => typeof part === "string") && isUuid(key[2])) {
      return key as SortKey;
    }
  } catch {
    // falls through to the input error
  }
  throw badInput("after", "is not a cursor this list gave out; pass a pageInfo.endCursor or edges.cursor unchanged");
}
