import type http from "node:http";
import { pathOf } from "./graphql-http";

/**
 * Liveness and readiness (issue 15), on the gateway and every subgraph, for docker-compose's
 * healthchecks and Kubernetes' probes:
 * - `GET /health`: the process lives and its event loop turns. Always 200 `{"status":"ok"}`; no check
 *   behind it, so that a slow database never gets a live process killed.
 * - `GET /ready`: it can serve. 200 `{"status":"ready","checks":{…}}` when every check passes, else
 *   503 `{"status":"not ready","checks":{…}}` naming the failed ones with a short reason. A subgraph
 *   checks that its database answers and holds no pending migration; the gateway that each subgraph
 *   is ready (gateway/index.ts). `/ready?partial=1` on the gateway is 200 while at least one
 *   subgraph is ready: the gateway's Kubernetes readiness probe uses it, so that one agency's
 *   outage does not take every agency's front door away (each answer then says what is missing).
 * Both answer without a token: they name no person and no record, only services and their state.
 */
export const HEALTH_PATH = "/health";
export const READY_PATH = "/ready";
/** Milliseconds a round of readiness checks answers every probe that asks; Kubernetes probes every few seconds. */
export const READY_CACHE_MS = 1_000;
/** A check that takes longer than this has failed: a probe must answer within its own timeout. */
export const CHECK_TIMEOUT_MS = 2_000;

export interface CheckResult {
  ok: boolean;
  /** Why not, in a few words; never a connection string or a stack. */
  reason?: string;
  /** Milliseconds the check took. */
  ms: number;
}

export type ReadinessChecks = Record<string, () => Promise<void>>;

/** Runs each check with CHECK_TIMEOUT_MS, all at once. Shape: named checks → named results. */
export async function runChecks(checks: ReadinessChecks): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new HealthProblem(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
          }),
        ]);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (error) {
        return [name, { ok: false, reason: shortReason(error), ms: Math.round(performance.now() - started) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** A check's failure whose message is the hub's own words, fit to show as it is. */
export class HealthProblem extends Error {}

/** What a connection or PostgreSQL error code means, in words that name no host, port, user or database. */
const KNOWN_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  "28P01": "authentication failed",
  "28000": "authentication failed",
  "3D000": "database does not exist",
  "57P01": "database shutting down",
  "57P03": "database starting up",
  "53300": "too many connections",
};

/**
 * Why a check failed, in words that give nothing away: the hub's own (HealthProblem) as they are, a
 * known error code in fixed words, anything else "failed". Probes answer without a token, so a
 * driver's message — "connect ECONNREFUSED 10.1.2.3:5432", "password authentication failed for
 * user csd_app" — never reaches them (red team). At most 120 characters.
 */
export function shortReason(error: unknown): string {
  if (error instanceof HealthProblem) return error.message.split("\n")[0].replace(/[^\p{L}\p{N} :;,.()_-]/gu, "").slice(0, 120) || "failed";
  const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? "");
  return KNOWN_CODES[code] ?? "failed";
}

/**
 * Answers GET /health and GET /ready; returns false for anything else. `partial` names the checks
 * of which one passing is enough with `?partial=1` (the gateway's subgraphs); without it every
 * check must pass.
 */
export function healthRoutes(checks: () => ReadinessChecks, options: { partial?: boolean } = {}) {
  // One round of checks at a time, its answer kept READY_CACHE_MS: a flood of probes costs one round,
  // not one per probe (red team: 512 probes at once made 2 560 subgraph calls and failed healthy ones).
  let inflight: Promise<Record<string, CheckResult>> | undefined;
  let cached: { at: number; results: Record<string, CheckResult> } | undefined;
  const latest = () => {
    if (cached && performance.now() - cached.at < READY_CACHE_MS) return Promise.resolve(cached.results);
    inflight ??= runChecks(checks())
      .then((results) => ((cached = { at: performance.now(), results }), results))
      .finally(() => (inflight = undefined));
    return inflight;
  };
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> => {
    const path = pathOf(request);
    if (path !== HEALTH_PATH && path !== READY_PATH) return false;
    if (request.method !== "GET" && request.method !== "HEAD") {
      respond(response, 405, { status: "method not allowed" }, { allow: "GET, HEAD" });
      return true;
    }
    if (path === HEALTH_PATH) {
      respond(response, 200, { status: "ok" });
      return true;
    }
    const results = await latest();
    const passed = Object.values(results).filter((result) => result.ok).length;
    const partial = Boolean(options.partial) && new URL(request.url ?? "/", "http://x").searchParams.get("partial") === "1";
    const ready = partial ? passed > 0 : passed === Object.keys(results).length;
    respond(response, ready ? 200 : 503, { status: ready ? (passed === Object.keys(results).length ? "ready" : "partly ready") : "not ready", checks: results });
    return true;
  };
}

function respond(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
