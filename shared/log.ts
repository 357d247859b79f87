import { randomBytes } from "node:crypto";
import { trace } from "@opentelemetry/api";
import pino from "pino";

/**
 * The hub's structured log (issue 15): pino, one JSON object per line on standard output (or
 * appended to `LOG_FILE`), with `time` (ISO 8601), `level`, `service` and `msg`.
 *
 * What never enters a line: names, EMŠO, addresses, free text, variables, tokens, error messages
 * from a database (they quote the values that clashed). A request's line carries ids and codes
 * only (see RequestLine); an unexpected error carries its type and code and a message scrubbed of
 * digits and quoted values (scrubbed). test/logs.e2e.test.ts reads every line a whole test run
 * wrote and finds none of the demo data's names or EMŠOs (GDPR Art. 5(1)(c) and 32: data
 * minimisation, and logs are the place personal data leaks to unnoticed).
 *
 * `LOG_LEVEL` (default info); `LOG_FORMAT=json|text`: json in production, text elsewhere, where
 * start-up progress stays plain lines and the supervisor pretty-prints the JSON lines of its
 * services (scripts/supervisor.ts, with pino-pretty when it is installed).
 */
export type Logger = pino.Logger;

export type LogFormat = "json" | "text";

export const logFormat = (): LogFormat => {
  const chosen = process.env.LOG_FORMAT;
  if (chosen === "json" || chosen === "text") return chosen;
  return process.env.NODE_ENV === "production" ? "json" : "text";
};

function destination(): pino.DestinationStream {
  const file = process.env.LOG_FILE;
  // Synchronous writes: a line is on disk before the process may exit, and several processes append to one file whole lines at a time.
  return file ? pino.destination({ dest: file, append: true, sync: true, mkdir: true }) : pino.destination({ dest: 1, sync: false });
}

/** The process's root logger; services take a child with their name (`log.child({ service })`). */
export const log: Logger = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    // HUB_SERVICE: the service a process runs (scripts/supervisor.ts sets it); in-process services add their own.
    base: { pid: process.pid, ...(process.env.HUB_SERVICE ? { service: process.env.HUB_SERVICE } : {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  destination(),
);

/** A logger for one service of the hub ("gateway", "csd", …). */
export const serviceLog = (service: string): Logger => log.child({ service });

/**
 * A W3C trace id (32 lower-case hex digits, not all zero), which is also the request id in every
 * log line of the request, in the gateway and in each subgraph it calls.
 * Source: W3C Trace Context, §3.2.2.3.
 */
export const newTraceId = (): string => randomBytes(16).toString("hex");

/** The trace id of the span this code runs in, when tracing is on (shared/tracing.ts); else undefined. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id of a `traceparent` header, or undefined when it has none or it is malformed (W3C Trace Context §3.2). */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const match = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!match || /^0+$/.test(match[1]) || /^0+$/.test(match[2])) return undefined;
  return match[1];
}

/** A `traceparent` for a call made within the request with this trace id: a new parent span id, sampled. */
export const traceparentFor = (traceId: string): string => `00-${traceId}-${randomBytes(8).toString("hex")}-01`;

/**
 * An error's message fit for a log line: its first line, with quoted values, parenthesised values
 * (PostgreSQL's "Key (emso)=(…)") and runs of digits replaced, at most 200 characters.
 */
export function scrubbed(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split("\n")[0]
    .replace(/"[^"]*"|'[^']*'|«[^»]*»|„[^“"]*[“"]/g, "<value>")
    .replace(/\([^)]*\)/g, "(…)")
    .replace(/\d{3,}/g, "#")
    .slice(0, 200);
}

/**
 * What a failed operation is known by in a log line: its type, its code, the scrubbed message and,
 * for an unexpected error, where it was thrown (the stack's frames, never its message).
 */
export const errorFields = (error: unknown, options: { frames?: boolean } = {}) => ({
  errorType: error instanceof Error ? error.constructor.name : typeof error,
  errorCode: (error as { code?: unknown })?.code === undefined ? undefined : String((error as { code?: unknown }).code),
  error: scrubbed(error),
  frames: options.frames && error instanceof Error && error.stack ? error.stack.split("\n").filter((line) => /^\s+at /.test(line)).slice(0, 8).map((line) => line.trim()) : undefined,
});

/**
 * The one line a service writes per HTTP request, when the answer has gone out.
 * - `requestId`: the trace id (W3C) of the request; the same in the gateway's line and in the line
 *   of every subgraph it called for it.
 * - `operation`: the operation's name as the client sent it (a GraphQL name, at most 100 characters).
 * - `ms`: milliseconds from the request's arrival to the last byte of the answer.
 * - `status`: the HTTP status; `outcome`: "ok", "errors" (an answer with errors, their codes in
 *   `errors`, each with its count), "refused" (answered before GraphQL ran: 401, 413, 429, …),
 *   "failed" (an unexpected error: 500) or "abandoned" (the client left before the answer).
 * - `agency`: the caller's agency (never the user or the unit); `subgraphCalls`: the gateway's
 *   calls per subgraph for this request.
 */
export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  operation?: string;
  ms: number;
  status: number;
  outcome: "ok" | "errors" | "refused" | "failed" | "abandoned";
  errors?: Record<string, number>;
  agency?: string;
  subgraphCalls?: Record<string, number>;
}
