import type http from "node:http";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RateLimitSettings } from "../shared/config";
import { ErrorCode } from "../shared/errors";
import { HttpRefusal } from "../shared/graphql-http";
import { errorFields, log } from "../shared/log";

/**
 * How often one user, or one address, may ask the gateway (rate-limiter-flexible, fixed windows of
 * a minute):
 * - per signed-in user (`sub` of the verified token): `RATE_LIMIT_USER_PER_MINUTE`;
 * - per address, for failed sign-ins (a token that does not verify): `RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE`,
 *   after which that address's failing tokens get 429 instead of 401 for a minute (valid tokens still pass);
 * - per address, for requests with no token (introspection in development): `RATE_LIMIT_ANONYMOUS_PER_MINUTE`.
 * Over a limit the answer is HTTP 429 with `Retry-After` (seconds) and code RATE_LIMITED.
 * The counters live in memory, or in Redis (`RATE_LIMIT_REDIS_URL`) so that several gateway
 * processes share them; if Redis stops answering, each process falls back to its own memory.
 */
export interface RateLimits {
  /** Counts a request of a signed-in user; throws the 429 refusal over the limit. */
  admitUser(sub: string): Promise<void>;
  /** Counts a participant's report of a signed-in user; throws the 429 refusal over the limit. */
  admitReport(sub: string): Promise<void>;
  /** Counts a request with no token from this address; throws the 429 refusal over the limit. */
  admitAnonymous(address: string): Promise<void>;
  /** Counts a failed sign-in from this address; throws the 429 refusal when that was one too many. */
  recordFailedSignIn(address: string): Promise<void>;
  close(): Promise<void>;
}

const tooMany = (who: string, limit: number, msBeforeNext: number) => {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpRefusal(429, ErrorCode.RATE_LIMITED, `Too many requests ${who}: at most ${limit} a minute; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
};

/** A limiter's refusal carries how long to wait; anything else (Redis down with no insurance) is thrown on. */
async function consume(limiter: RateLimiterAbstract, key: string, refusal: (ms: number) => HttpRefusal): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) throw refusal(outcome.msBeforeNext);
    throw outcome;
  }
}

/** How long the gateway waits at start for Redis before it counts in memory (and keeps trying Redis). */
const REDIS_START_WAIT_MS = 5_000;

/** The rate limits of `settings`; with a Redis URL, waits up to REDIS_START_WAIT_MS for Redis first. */
export async function createRateLimits(settings: RateLimitSettings): Promise<RateLimits> {
  const redis = settings.redisUrl ? new Redis(settings.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  if (redis) {
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => redis.once("ready", () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), REDIS_START_WAIT_MS).unref()),
    ]);
    if (!ready) log.warn(`rate limits: Redis did not answer within ${REDIS_START_WAIT_MS} ms; counting in this process until it does`);
  }
  // An unreachable Redis is logged once per outage, not once per request.
  let redisDown = false;
  redis?.on("error", (error) => {
    if (!redisDown) log.warn({ ...errorFields(error) }, "rate limits: Redis not answering; each gateway process counts on its own until it does");
    redisDown = true;
  });
  redis?.on("ready", () => (redisDown = false));
  const limiter = (keyPrefix: string, points: number, blockDuration = 0): RateLimiterAbstract => {
    const options = { keyPrefix: `hub-rate-${keyPrefix}`, points, duration: 60, blockDuration };
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
  };
  const users = limiter("user", settings.perUserPerMinute);
  const anonymous = limiter("anonymous", settings.anonymousPerMinute);
  const failedSignIns = limiter("failed-sign-in", settings.failedSignInsPerMinute, 60);
  const reports = limiter("report", settings.reportsPerMinute);
  return {
    admitUser: (sub) => consume(users, sub, (ms) => tooMany("from this user", settings.perUserPerMinute, ms)),
    admitReport: (sub) => consume(reports, sub, (ms) => tooMany("for participant's reports from this user", settings.reportsPerMinute, ms)),
    admitAnonymous: (address) => consume(anonymous, address, (ms) => tooMany("without a token from this address", settings.anonymousPerMinute, ms)),
    recordFailedSignIn: (address) =>
      consume(failedSignIns, address, (ms) => tooMany("with tokens that do not verify from this address", settings.failedSignInsPerMinute, ms)),
    async close() {
      redis?.disconnect();
    },
  };
}

/**
 * The address a request comes from: the peer's, or with `TRUST_PROXY_HOPS` = n the n-th address
 * from the right of `X-Forwarded-For` (what the n proxies in front of the gateway saw).
 */
export function clientAddress(request: http.IncomingMessage, trustProxyHops: number): string {
  const peer = request.socket.remoteAddress ?? "unknown";
  if (trustProxyHops === 0) return peer;
  const forwarded = String(request.headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustProxyHops] ?? forwarded[0] ?? peer;
}
