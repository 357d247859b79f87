import { badInput } from "./errors";
import { isUuid } from "./loaders";
import { todayInLjubljana, type IsoDate } from "./calendar";

/** Input checks shared by every subgraph's mutations; each names the field it refuses. */

export function requireText(field: string, value: string | null | undefined, maxLength = 200): string {
  const text = (value ?? "").trim();
  if (!text) throw badInput(field, "must not be empty");
  if (text.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, maxLength = 2000): string | null {
  const text = (value ?? "").trim();
  if (text.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters`);
  return text || null;
}

/** The input error for a value that cannot be an id at all. */
export const notAnId = (field: string, value: string) => badInput(field, `"${value}" is not an id the hub gives out`);

export function requireId(field: string, value: string): string {
  if (!isUuid(value)) throw notAnId(field, value);
  return value;
}

export function requireNotInFuture(field: string, day: IsoDate): IsoDate {
  if (day > todayInLjubljana()) throw badInput(field, `${day} is in the future`);
  return day;
}

/** The default and largest size of a list that has no pages (`providers`, `programmeRuns`, `communityOffers`). */
export const LIST_BOUND = { default: 100, max: 500 } as const;

/**
 * A list's `first`: a whole number 1–LIST_BOUND.max (issue 12: no list is unbounded, and the
 * operation's cost estimate multiplies by it). BAD_USER_INPUT naming `first` otherwise.
 */
export function requireListSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > LIST_BOUND.max) throw badInput("first", `must be between 1 and ${LIST_BOUND.max}`);
  return first;
}
