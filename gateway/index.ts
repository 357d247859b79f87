import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { formatErrorForClient } from "../shared/errors";

/** The supergraph composed ahead of time by `npm run compose` and committed. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, "..", "schema", "supergraph.graphql");

export interface GatewayOptions {
  port: number;
  host: string;
  /** Where each subgraph listens, by name; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  supergraphSdl?: string;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * A subgraph that refuses a request as a whole (HTTP 400: a variable its scalar rejects) explains
 * why in its body; pass that explanation on instead of a bare "400: Bad Request" carrying the
 * subgraph's internal URL.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource {
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: { message?: string; extensions?: { code?: string } }[] } })?.body;
    const first = body?.errors?.[0];
    if (response.status === 400 && first?.message && first.extensions?.code) {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return error;
  }
}

export function createGateway(options: Pick<GatewayOptions, "subgraphUrls" | "supergraphSdl">): ApolloGateway {
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ url: options.subgraphUrls[name] ?? url }),
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const server = new ApolloServer({
    gateway: createGateway(options),
    formatError: (formatted, error) => formatErrorForClient(formatted, error),
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: options.host } });
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    stop: () => server.stop(),
  };
}
