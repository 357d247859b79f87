import { GraphQLError } from "graphql";
import { bodyHash } from "./auth/internal-token";
import { ACTOR_HEADER, type ServiceTokenSigner } from "./auth/service-calls";
import type { Deadline } from "./deadline";
import { ErrorCode } from "./errors";
import { hubFetch } from "./http-client";
import { asOutage, subgraphUnavailable } from "./unavailable";
import { traceparentFor } from "./log";

/**
 * How a subgraph learns another agency's facts while it serves a request: it calls that agency's
 * service directly, as itself, for the request's caller (shared/auth/service-calls.ts). The service
 * called answers with the caller's own rights and only the internal operations granted to this
 * service; nothing is copied, so nothing can go stale.
 */
export interface HubClient {
  /** Runs `query` at the service named `target`; a refusal there (FORBIDDEN, BAD_USER_INPUT …) is thrown with its code. */
  request<Data>(target: string, query: string, variables?: Record<string, unknown>): Promise<Data>;
}

export interface HubClientOptions {
  /** Signs as this service. */
  signer: ServiceTokenSigner;
  /** The credential the request being served arrived with (the subject of every call it causes). */
  subject: string;
  /** Where a service listens. */
  urlOf(service: string): string | undefined;
  /** The budget of the request being served: a call gets what is left of it. */
  deadline?: Deadline;
  /** The agency that owns a service, for the error when it does not answer. */
  agencyOf?(service: string): string;
  /** The trace id of the request being served: each call carries it on (`traceparent`, shared/log.ts). */
  traceId?: string;
}

export function hubClient({ signer, subject, urlOf, deadline, agencyOf = (service) => service.toUpperCase(), traceId }: HubClientOptions): HubClient {
  return {
    async request<Data>(target: string, query: string, variables?: Record<string, unknown>): Promise<Data> {
      const url = urlOf(target);
      if (!url) throw new Error(`The hub has no service named ${target}`);
      deadline?.check();
      let response: Awaited<ReturnType<typeof hubFetch>>;
      try {
        response = await hubFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [ACTOR_HEADER]: await signer.sign(subject, target, bodyHash(query, variables)), ...deadline?.header(), ...(traceId ? { traceparent: traceparentFor(traceId) } : {}) },
          body: JSON.stringify({ query, variables }),
        });
      } catch (error) {
        // The other agency is down or too slow: the caller is told so by name, not "internal error" or "not allowed".
        throw asOutage(error, target, agencyOf(target)) ?? error;
      }
      if (response.status >= 500 && !(response.headers.get("content-type") ?? "").includes("json")) throw subgraphUnavailable(target, agencyOf(target));
      const answer = (await response.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
      const error = answer.errors?.[0];
      if (error) {
        const code = error.extensions?.code;
        const field = error.extensions?.field;
        // A refusal by the other agency (forbidden, bad input, no consent) is the caller's to see, with the field it names.
        if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR && code !== ErrorCode.UNAUTHENTICATED) {
          throw new GraphQLError(error.message, { extensions: { code, ...(typeof field === "string" ? { field } : {}) } });
        }
        throw new Error(`${target} could not answer a service call: ${error.message}`);
      }
      return answer.data as Data;
    },
  };
}
