import type { GraphQLResolveInfo } from "graphql";
import { GraphQLError } from "graphql";
import { ErrorCode } from "./errors";

/**
 * Every request has a time budget. The gateway gives one to each client request
 * (`REQUEST_TIMEOUT_MS`); each call it makes to a subgraph, and each call a subgraph makes to
 * another service, carries what is left in the `x-hub-deadline-ms` header; the callee keeps the
 * smaller of that and its own budget. When the budget is spent, or the caller went away, no
 * further field resolves and no further call goes out; a call in flight is cut off
 * (shared/http-client.ts), and SQL stops at `statement_timeout` (shared/database.ts).
 */
export const DEADLINE_HEADER = "x-hub-deadline-ms";

export const deadlineExceeded = (budgetMs: number) =>
  new GraphQLError(`The request ran out of its time budget of ${budgetMs} ms and was stopped; ask for less at once, or try again`, {
    extensions: { code: ErrorCode.DEADLINE_EXCEEDED, budgetMs },
  });

export class Deadline {
  /** When the budget ends, in milliseconds since the epoch. */
  readonly at: number;
  private abandoned = false;

  /** `budgetMs`: the time this request may take from now, in milliseconds. */
  constructor(readonly budgetMs: number) {
    this.at = Date.now() + budgetMs;
  }

  /**
   * The budget a callee keeps: what the caller's `x-hub-deadline-ms` says is left, at most its own
   * `maxMs`. A missing or malformed header means `maxMs`.
   */
  static fromHeader(header: string | string[] | undefined, maxMs: number): Deadline {
    const left = typeof header === "string" && /^\d{1,9}$/.test(header) ? Number(header) : maxMs;
    return new Deadline(Math.min(left, maxMs));
  }

  /** Milliseconds left, 0 when spent. */
  remainingMs(): number {
    return Math.max(0, this.at - Date.now());
  }

  get expired(): boolean {
    return this.abandoned || Date.now() >= this.at;
  }

  /** The caller closed the connection before its answer: nothing more is worth computing. */
  abandon(): void {
    this.abandoned = true;
  }

  /** Throws DEADLINE_EXCEEDED when the budget is spent or the caller went away. */
  check(): void {
    if (this.expired) throw deadlineExceeded(this.budgetMs);
  }

  /** The header for a call made on this request's behalf. */
  header(): Record<string, string> {
    return { [DEADLINE_HEADER]: String(this.remainingMs()) };
  }
}

/**
 * graphql-middleware for a subgraph's schema: a field does not resolve once its request's budget is
 * spent, so an expired request stops using CPU and the database instead of finishing for nobody.
 * The refusal is a rejected promise, never a synchronous throw: graphql-js 16 stops completing a
 * list when an item throws synchronously and never awaits the items before it, so one of those
 * that failed later was nobody's rejection and Node ended the process (red team, issue 18: a
 * subgraph died at `accessLog.10.agency`; shared/deadline.test.ts).
 */
export const withinDeadline = (
  resolve: (parent: unknown, args: unknown, context: { deadline?: Deadline }, info: GraphQLResolveInfo) => Promise<unknown>,
  parent: unknown,
  args: unknown,
  context: { deadline?: Deadline },
  info: GraphQLResolveInfo,
): Promise<unknown> => {
  // No promise of its own while the budget lasts: this wraps every field of every request.
  if (context.deadline?.expired) return Promise.reject(deadlineExceeded(context.deadline.budgetMs));
  return resolve(parent, args, context, info);
};
