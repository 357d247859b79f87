import { GraphQLError } from "graphql";
import { errorFields, log } from "./log";

/** Every error code the hub sends, in one place. Domain refusals carry their own code. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  INVALID_EMSO: "INVALID_EMSO",
  NOT_ELIGIBLE: "NOT_ELIGIBLE",
  NO_REFERRAL: "NO_REFERRAL",
  RUN_FULL: "RUN_FULL",
  RUN_CLOSED: "RUN_CLOSED",
  ALREADY_ENROLLED: "ALREADY_ENROLLED",
  ALREADY_REGISTERED: "ALREADY_REGISTERED",
  ALREADY_EXITED: "ALREADY_EXITED",
  /** The write needs another agency's facts, which ACCESS.md shares only with the person's consent. */
  CONSENT_REQUIRED: "CONSENT_REQUIRED",
  /** The HTTP request itself is unacceptable: not JSON, not UTF-8, too large. */
  BAD_REQUEST: "BAD_REQUEST",
  /** The operation exceeds a limit of shared/operation-limits.ts (depth, aliases, tokens, directives, cost). */
  OPERATION_LIMIT_EXCEEDED: "OPERATION_LIMIT_EXCEEDED",
  /** Too many requests from one user or one address (gateway/rate-limits.ts); HTTP 429 with Retry-After. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The service holds as many requests as it may (shared/body-budget.ts); HTTP 503 with Retry-After. */
  OVERLOADED: "OVERLOADED",
  /** The request used up its time budget (shared/deadline.ts). */
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
  /** A quarter's indicators release is still being computed (subgraphs/statistics/indicators/releases.ts); ask again after `retryAfterSeconds`. */
  INDICATORS_IN_PREPARATION: "INDICATORS_IN_PREPARATION",
  /** An agency's service did not answer; its data is missing from the answer (gateway/unavailable.ts). */
  SUBGRAPH_UNAVAILABLE: "SUBGRAPH_UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Input that cannot be accepted: names the field and says why. */
export const badInput = (field: string, reason: string) =>
  new GraphQLError(`${field}: ${reason}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });

export const notFound = (what: string, id: string) =>
  new GraphQLError(`${what} ${id} does not exist`, { extensions: { code: ErrorCode.NOT_FOUND, id } });

/**
 * The one answer for a person, or a record of theirs, that does not exist or that the caller may
 * not see or change (ACCESS.md, "What counts as reading": existence is personal data). Both cases
 * get the same code and the same words in every query and mutation, and the answer names only the
 * id the caller sent: no field, no extension that could tell the two apart.
 */
export const notAmongYourPeople = (what: "participant" | "enrolment", id: string) =>
  new GraphQLError(
    what === "participant"
      ? `No participant with id ${id} is among the people you work with (ACCESS.md)`
      : `No ${what} with id ${id} belongs to the people you work with (ACCESS.md)`,
    { extensions: { code: ErrorCode.FORBIDDEN } },
  );

/** A refusal under a domain rule, with a message a caseworker can act on. */
export const refused = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extra } });

/** Codes whose message is meant for the client; anything else is masked as an internal error. */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

interface FormattedError {
  message: string;
  locations?: readonly unknown[];
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/**
 * Apollo Server reports a validation rule's refusal as GRAPHQL_VALIDATION_FAILED, and graphql-js's
 * token limit as a parse error: both are given OPERATION_LIMIT_EXCEEDED with the limit's name and
 * value (shared/operation-limits.ts), so that a client tells "too much at once" from a typo.
 */
function asLimitRefusal<T extends FormattedError>(formatted: T): T {
  const extensions = formatted.extensions ?? {};
  if (typeof extensions.limit === "string") return { ...formatted, extensions: { ...extensions, code: ErrorCode.OPERATION_LIMIT_EXCEEDED } };
  const tokens = extensions.code === "GRAPHQL_PARSE_FAILED" ? /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message) : null;
  if (!tokens) return formatted;
  return {
    ...formatted,
    message: `Operation refused: Token limit of ${tokens[1]} exceeded.`,
    extensions: { ...extensions, code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit: "maxTokens", maximum: Number(tokens[1]) },
  };
}

/** The longest error message a client gets, in characters: graphql-js quotes a refused variable whole, and a value may be a megabyte. */
export const MESSAGE_LIMIT = 500;

function withShortMessage<T extends FormattedError>(formatted: T): T {
  if (formatted.message.length <= MESSAGE_LIMIT) return formatted;
  return { ...formatted, message: `${[...formatted.message.slice(0, MESSAGE_LIMIT)].slice(0, MESSAGE_LIMIT - 1).join("")}… (cut at ${MESSAGE_LIMIT} characters)` };
}

/** The error under a GraphQLError that wraps it (a resolver's throw), else the error itself. */
const internalCause = (error: unknown): unknown => (error instanceof Error && "originalError" in error && error.originalError ? error.originalError : error);

/**
 * Shapes an error for the client: known codes keep their message (at most MESSAGE_LIMIT characters)
 * and extensions, everything else becomes "Internal server error" with no stack trace, internal URL or SQL.
 */
export function formatErrorForClient<T extends FormattedError>(received: T, original?: unknown): T {
  const formatted = withShortMessage(asLimitRefusal(received));
  const code = formatted.extensions?.code;
  if (typeof code === "string" && CLIENT_CODES.has(code)) {
    // serviceName: Apollo Gateway names the subgraph an error came from; the path says where it belongs.
    const { stacktrace: _stacktrace, exception: _exception, serviceName: _serviceName, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (process.env.LOG_INTERNAL_ERRORS !== "false") log.error({ ...errorFields(internalCause(original) ?? formatted.message, { frames: true }), path: formatted.path }, "internal error");
  return { ...formatted, message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
