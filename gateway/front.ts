import cors from "cors";
import { GraphQLError } from "graphql";
import { authSettings } from "../shared/auth/settings";
import { hubSettings, resilienceSettings, type RateLimitSettings } from "../shared/config";
import type { Caller } from "../shared/context";
import { Deadline } from "../shared/deadline";
import { ErrorCode } from "../shared/errors";
import { HttpRefusal, requestRecordOf, type GraphQLHttpOptions } from "../shared/graphql-http";
import { healthRoutes } from "../shared/health";
import { serviceLog } from "../shared/log";
import { createAuthenticator } from "./authentication";
import { explorerRoutes } from "./explorer";
import { participantReportRoutes } from "./report";
import { subgraphsReady } from "./readiness";
import { clientAddress, createRateLimits } from "./rate-limits";

/** What the front hands the engine for one admitted request: who asks (null: no token, outside production), and its time budget. */
export interface GatewayAdmission {
  caller: Caller | null;
  deadline: Deadline;
}

/** One user, as the rate limits count them and the in-flight places and body budget share out: the same `sub` at two agencies is two users. */
const userKey = (caller: Caller) => `${caller.agency}/${caller.sub}`;

/** The largest request body the gateway reads, in bytes: the contract's largest operation is under 4 KB. */
export const GATEWAY_BODY_LIMIT = 1024 * 1024;
/**
 * Bytes of request bodies a gateway process holds at once (shared/body-budget.ts): 64 MiB in all,
 * 8 MiB for one user — 8 bodies at the limit, or two thousand of the contract's operations.
 */
export const GATEWAY_BODY_BUDGET = { totalBytes: 64 * 1024 * 1024, perKeyBytes: 8 * 1024 * 1024 };

export interface GatewayFrontOptions {
  port: number;
  host: string;
  /** Where each subgraph listens, by name; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Where the development keys live (the data directory). */
  dataDir: string;
  /** Overrides of the environment's rate limits (tests). */
  rateLimits?: Partial<RateLimitSettings>;
  /** Overrides MAX_CONNECTIONS_PER_ADDRESS (tests). */
  maxConnectionsPerAddress?: number;
  /** Overrides the explorer's asset stall limit, in ms (tests). */
  assetStallMs?: number;
}

/**
 * The gateway's HTTP front, whichever engine plans and executes (Apollo Gateway, gateway/index.ts;
 * Hive Gateway, gateway/hive.ts): probes, the explorer and development sign-in, CORS, then on the
 * headers alone the caller's token (UNAUTHENTICATED at once if it does not verify; none at all only
 * outside production), rate limits (429) and the request's time budget; the same for the
 * participant's report (GET /report/<id>, gateway/report/). One log line per request.
 * Shape: options → HTTP options for serveHttp/serveGraphQL, and close() for the rate limits' store.
 */
export async function gatewayFront(options: GatewayFrontOptions, supergraphSdl: string) {
  const { production } = hubSettings();
  const resilience = resilienceSettings();
  const auth = authSettings();
  const authenticator = await createAuthenticator(auth, options.dataDir);
  const rateLimitSettings = { ...resilience.rateLimits, ...options.rateLimits };
  const rateLimits = await createRateLimits(rateLimitSettings);
  // Front-ends of every agency call from their own origins with a bearer token (no cookies).
  const corsHandler = cors();
  const http: Omit<GraphQLHttpOptions<never, GatewayAdmission>, "context"> = {
    port: options.port,
    host: options.host,
    bodyLimit: GATEWAY_BODY_LIMIT,
    probes: healthRoutes(() => subgraphsReady(supergraphSdl, options.subgraphUrls), { partial: true }),
    log: serviceLog("gateway"),
    maxInFlight: resilience.gatewayMaxInFlight,
    // One turn per signed-in user (as the rate limits count them); requests without a token share one.
    inFlightKey: ({ caller }) => (caller ? userKey(caller) : ""),
    bodyBudget: GATEWAY_BODY_BUDGET,
    maxConnectionsPerAddress: rateLimitSettings.trustProxyHops ? undefined : (options.maxConnectionsPerAddress ?? resilience.maxConnectionsPerAddress),
    routes: explorerRoutes({
      production,
      devIssuerDataDir: auth.devIssuerEnabled ? options.dataDir : null,
      assetStallMs: options.assetStallMs,
      admitAnonymous: (request) => rateLimits.admitAnonymous(clientAddress(request, rateLimitSettings.trustProxyHops)),
    }),
    // GET /report/<id>: the participant's report (gateway/report/), admitted like /graphql and run through the engine.
    operationRoutes: participantReportRoutes(supergraphSdl, (caller) => rateLimits.admitReport(userKey(caller))),
    before: (request, response) =>
      new Promise<boolean>((resolve) => {
        corsHandler(request, response, () => resolve(false));
        if (response.writableEnded) resolve(true);
      }),
    async admit(request, response): Promise<GatewayAdmission> {
      const deadline = new Deadline(resilience.requestTimeoutMs);
      response.on("close", () => response.writableFinished || deadline.abandon());
      const address = clientAddress(request, rateLimitSettings.trustProxyHops);
      const authorization = request.headers.authorization;
      if (!authorization) {
        if (production) throw new HttpRefusal(401, ErrorCode.UNAUTHENTICATED, "Not signed in: send Authorization: Bearer <token>");
        await rateLimits.admitAnonymous(address);
        return { caller: null, deadline };
      }
      let caller: Caller;
      try {
        caller = await authenticator.authenticate(authorization);
      } catch (error) {
        // An address that keeps failing gets 429s for a while; its valid tokens still pass.
        await rateLimits.recordFailedSignIn(address);
        throw new HttpRefusal(401, ErrorCode.UNAUTHENTICATED, error instanceof GraphQLError ? error.message : "Not signed in");
      }
      await rateLimits.admitUser(userKey(caller));
      const record = requestRecordOf(request);
      if (record) record.agency = caller.agency;
      return { caller, deadline };
    },
  };
  return { http, close: () => rateLimits.close() };
}
