import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { formatErrorForClient } from "../shared/errors";

/** The supergraph composed ahead of time by `npm run compose` and committed. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, "..", "schema", "supergraph.graphql");

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Where each subgraph listens, by name; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  supergraphSdl?: string;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

export function createGateway(options: Pick<GatewayOptions, "subgraphUrls" | "supergraphSdl">): ApolloGateway {
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls[name] ?? url }),
  });
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const server = new ApolloServer({
    gateway: createGateway(options),
    formatError: (formatted, error) => formatErrorForClient(formatted, error),
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: options.host ?? "127.0.0.1" } });
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    stop: () => server.stop(),
  };
}
