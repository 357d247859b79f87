import { GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { isValidIsoDate, type IsoDate } from "./calendar";

/**
 * `Date`: a calendar day as "YYYY-MM-DD", kept as a string end to end so that no time zone can
 * shift it (a birth date or an enrolment day is a day, not an instant).
 */
export const DateScalar = new GraphQLScalarType<IsoDate, IsoDate>({
  name: "Date",
  description: 'An ISO 8601 calendar date, e.g. "2026-03-01".',
  serialize(value) {
    if (typeof value === "string" && isValidIsoDate(value)) return value;
    throw new TypeError(`Date cannot represent ${String(value)}`);
  },
  parseValue(value) {
    if (typeof value === "string" && isValidIsoDate(value)) return value;
    throw new TypeError(`Date must be a real calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING && isValidIsoDate(ast.value)) return ast.value;
    throw new TypeError("Date must be a real calendar day written YYYY-MM-DD");
  },
});

/** `DateTime`: an instant, ISO 8601 with offset. */
export const DateTimeScalar = DateTimeResolver;
