import { badInput } from "./errors";
import { canonicalId } from "./identifiers";

/** Input checks shared by every subgraph's mutations; each names the field it refuses. */

/** Shape: an id in any letter case → the canonical (lower-case) id; BAD_USER_INPUT naming `field` otherwise (shared/identifiers.ts). */
export const requireId = (field: string, value: string): string => canonicalId(field, value);

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
