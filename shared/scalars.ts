import { GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { isValidIsoDate, type IsoDate } from "./calendar";
import { ACCEPTED_DAYS, isAcceptedDay } from "./plausibility";

const ACCEPTED_RANGE = `from ${ACCEPTED_DAYS.first} to ${ACCEPTED_DAYS.last}`;

/** Why a value sent as a `Date` is refused, or null when it is accepted. */
function refusalOf(value: unknown): string | null {
  if (typeof value !== "string" || !isValidIsoDate(value)) return `Date must be a real calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`;
  if (!isAcceptedDay(value)) return `Date must be a day ${ACCEPTED_RANGE}, got ${JSON.stringify(value)}`;
  return null;
}

/**
 * `Date`: a calendar day as "YYYY-MM-DD", kept as a string end to end so that no time zone can
 * shift it (a birth date or an enrolment day is a day, not an instant). A day sent to the hub must
 * lie within ACCEPTED_DAYS (shared/plausibility.ts), so no computation on it can overflow; graphql-js
 * refuses it as BAD_USER_INPUT naming the variable and the field. Days the hub sends are not
 * re-checked: they are computed from accepted ones.
 */
export const DateScalar = new GraphQLScalarType<IsoDate, IsoDate>({
  name: "Date",
  description: `An ISO 8601 calendar date, e.g. "2026-03-01". A day sent to the hub must be one ${ACCEPTED_RANGE}, both included; each field may bound it further, as its description says.`,
  serialize(value) {
    if (typeof value === "string" && isValidIsoDate(value)) return value;
    throw new TypeError(`Date cannot represent ${String(value)}`);
  },
  parseValue(value) {
    const refusal = refusalOf(value);
    if (refusal !== null) throw new TypeError(refusal);
    return value as IsoDate;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError("Date must be a real calendar day written YYYY-MM-DD");
    const refusal = refusalOf(ast.value);
    if (refusal !== null) throw new TypeError(refusal);
    return ast.value;
  },
});

/** `DateTime`: an instant, ISO 8601 with offset. */
export const DateTimeScalar = DateTimeResolver;
