import { GraphQLError } from "graphql";
import { ErrorCode } from "./errors";
import { hubFetch } from "./http-client";

/**
 * How a subgraph learns another agency's facts at write time: it asks the gateway, on behalf of
 * the caller, exactly as a front-end would. Nothing is copied, so nothing can go stale.
 */
export interface HubClient {
  request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data>;
  /** Coordination itself, asked directly for case teams when the gateway handed over an identity for it. */
  caseTeamAuthority?: HubClient;
}

export function hubClient(gatewayUrl: () => string, headers: Record<string, string> = {}): HubClient {
  return {
    async request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data> {
      const response = await hubFetch(gatewayUrl(), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const answer = (await response.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
      const error = answer.errors?.[0];
      if (error) {
        const code = error.extensions?.code;
        // A refusal by the other agency (not found, forbidden, bad input) is the caller's to see.
        if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) throw new GraphQLError(error.message, { extensions: { code } });
        throw new Error(`The hub could not answer a cross-agency query: ${error.message}`);
      }
      return answer.data as Data;
    },
  };
}

/**
 * Refuses a write about a person outside the caller's case teams, or not registered at all (asked
 * through the gateway, which answers both alike with FORBIDDEN).
 */
export async function requireRegisteredParticipant(hub: HubClient, participantId: string, field = "participantId"): Promise<void> {
  const { participant } = await hub.request<{ participant: { id: string } | null }>(
    `query RegisteredParticipant($id: ID!) { participant(id: $id) { id } }`,
    { id: participantId },
  );
  if (!participant) {
    throw new GraphQLError(`No participant has id ${participantId}; the coordinator registers candidates first`, {
      extensions: { code: ErrorCode.NOT_FOUND, field },
    });
  }
}
