import { GraphQLError } from "graphql";
import { ErrorCode } from "./errors";
import { CallDeadlineExceeded } from "./http-client";

/**
 * What a caller is told when another agency's service does not answer, or not in time — the
 * gateway about a subgraph (gateway/unavailable.ts places it at the fields left empty), and a
 * subgraph about a service it calls (shared/hub-client.ts): SUBGRAPH_UNAVAILABLE or
 * DEADLINE_EXCEEDED, naming the subgraph and its agency, never a URL or the transport's words.
 * An outage is never reported as a refusal (FORBIDDEN), nor masked as an internal error.
 */

/** How a caseworker reads each agency's name in "… is not answering". Partners fall back to their subgraph's name. */
const AGENCY_LABELS: Record<string, string> = {
  EMPLOYMENT: "Employment Service (Urad za delo)",
  CSD: "Centres for Social Work (CSD)",
  COORDINATION: "social activation coordinators'",
  PROVIDER: "programme providers'",
};

/** The codes that say "another agency did not answer, or not in time" — never a refusal. */
export const OUTAGE_CODES: ReadonlySet<unknown> = new Set([ErrorCode.SUBGRAPH_UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED]);

const labelOf = (subgraph: string, agency: string) => AGENCY_LABELS[agency] ?? subgraph;

export function subgraphUnavailable(subgraph: string, agency: string): GraphQLError {
  return new GraphQLError(`The ${labelOf(subgraph, agency)} service is not answering; its data is missing from this answer. Try again in a few minutes.`, {
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph, agency },
  });
}

export function subgraphTooSlow(subgraph: string, agency: string): GraphQLError {
  return new GraphQLError(`The ${labelOf(subgraph, agency)} service did not answer within this request's time budget; its data is missing from this answer.`, {
    extensions: { code: ErrorCode.DEADLINE_EXCEEDED, subgraph, agency },
  });
}

/** Transport failures that mean "the service did not answer", as opposed to an answer we did not like. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

interface ResponseExtension {
  status?: number;
  body?: unknown;
}

/**
 * Whether a call's failure means the service did not answer. Shape: what a fetch threw → boolean.
 * A 5xx that carries GraphQL errors is the service's own answer and stays as it is.
 */
export function isUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  if (name === "AbortError" || name === "TimeoutError") return true;
  if (typeof message === "string" && /socket hang up/i.test(message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  if (cause && cause !== error && isUnavailable(cause)) return true;
  if (error instanceof GraphQLError) {
    const response = error.extensions?.response as ResponseExtension | undefined;
    if (response?.status !== undefined && response.status >= 500) {
      const body = response.body as { errors?: unknown } | undefined;
      return !(body && typeof body === "object" && Array.isArray(body.errors) && body.errors.length > 0);
    }
  }
  return false;
}

const isCutOff = (error: unknown) =>
  error instanceof CallDeadlineExceeded || (error instanceof GraphQLError && error.extensions?.code === ErrorCode.DEADLINE_EXCEEDED && !error.extensions?.subgraph);

/** The error a caller gets for a failed call to `subgraph` (owned by `agency`), or undefined when the failure is not an outage. */
export function asOutage(error: unknown, subgraph: string, agency: string): GraphQLError | undefined {
  if (isCutOff(error)) return subgraphTooSlow(subgraph, agency);
  if (isUnavailable(error)) return subgraphUnavailable(subgraph, agency);
  return undefined;
}
