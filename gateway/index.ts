import fs from "node:fs";
import path from "node:path";
import { ApolloServer, type GraphQLRequestContext } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import {
  CASE_TEAM_AUTHORITY,
  CASE_TEAM_IDENTITY_HEADER,
  IDENTITY_HEADER,
  InternalTokenSigner,
  OPERATION_HEADER,
  USER_AUTHORIZATION_HEADER,
} from "../shared/auth/internal-token";
import { authSettings, gatewaySigningKey } from "../shared/auth/settings";
import { hubSettings } from "../shared/config";
import type { Caller } from "../shared/context";
import { formatErrorForClient } from "../shared/errors";
import { createAuthenticator, unauthenticated } from "./authentication";
import { hubFetch } from "../shared/http-client";
import type { Fetcher } from "@apollo/utils.fetcher";

/** The supergraph composed ahead of time by `npm run compose` and committed. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, "..", "schema", "supergraph.graphql");

export interface GatewayOptions {
  port: number;
  host: string;
  /** Where each subgraph listens, by name; overrides the URLs recorded in the supergraph. */
  subgraphUrls: Record<string, string>;
  /** Where the development keys live (the data directory). */
  dataDir: string;
  supergraphSdl?: string;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** What the gateway knows about a request: the verified caller and the header they proved it with. */
export interface GatewayContext {
  caller: Caller | null;
  authorization?: string;
}

/**
 * What a subgraph request carries besides the query: the caller signed for that subgraph alone, the
 * same caller signed for coordination (which the subgraph asks for case teams directly), the
 * front-end's operation name for the access log, and the user's own token, relayed. Any gateway
 * in front of our subgraphs sends these (the benchmark's Hive Gateway too).
 */
export async function subgraphHeaders(
  signer: InternalTokenSigner,
  subgraph: string,
  { caller, operationName, authorization }: { caller: Caller; operationName: string; authorization?: string },
): Promise<Record<string, string>> {
  return {
    [IDENTITY_HEADER]: await signer.sign(caller, subgraph),
    ...(subgraph === CASE_TEAM_AUTHORITY ? {} : { [CASE_TEAM_IDENTITY_HEADER]: await signer.sign(caller, CASE_TEAM_AUTHORITY) }),
    [OPERATION_HEADER]: operationName,
    ...(authorization ? { [USER_AUTHORIZATION_HEADER]: authorization } : {}),
  };
}

/**
 * The gateway's connection to one subgraph: it hands over the caller as a token signed for that
 * subgraph alone, and relays the user's own token so the subgraph can ask the hub on their behalf.
 * A subgraph that refuses a whole request (HTTP 400: a variable its scalar rejects) explains why in
 * its body; that explanation is passed on instead of a bare "400: Bad Request" with an internal URL.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: { url: string; fetcher: Fetcher },
    private readonly subgraph: string,
    private readonly signer: InternalTokenSigner,
  ) {
    super(config);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    const { caller, authorization } = context as Partial<GatewayContext>;
    if (!caller || !request.http) return;
    // The front-end's own operation name, for the access log (the plan's fetches have generated names).
    const incoming = "incomingRequestContext" in options ? options.incomingRequestContext : undefined;
    const operationName = incoming?.operationName ?? incoming?.operation?.name?.value ?? "anonymous";
    for (const [name, value] of Object.entries(await subgraphHeaders(this.signer, this.subgraph, { caller, operationName, authorization }))) {
      request.http.headers.set(name, value);
    }
  }

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

export function createGateway(options: Pick<GatewayOptions, "subgraphUrls" | "supergraphSdl">, signer: InternalTokenSigner): ApolloGateway {
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource({ url: options.subgraphUrls[name] ?? url, fetcher: hubFetch }, name, signer),
  });
}

/** Schema introspection alone (the sandbox, code generators) needs no identity outside production. */
const isIntrospectionOnly = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith("__"));

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { production } = hubSettings();
  const authenticator = await createAuthenticator(authSettings(), options.dataDir);
  const signer = new InternalTokenSigner(await gatewaySigningKey(options.dataDir));
  const server = new ApolloServer<GatewayContext>({
    gateway: createGateway(options, signer),
    formatError: (formatted, error) => formatErrorForClient(formatted, error),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // scripts/start.ts stops the gateway and then the subgraphs in order; Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      // Answers carry personal data: no cache hints, no Cache-Control computed from them.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation }: GraphQLRequestContext<GatewayContext>) {
              if (contextValue.caller) return;
              if (!production && operation && isIntrospectionOnly(operation)) return;
              throw unauthenticated("send Authorization: Bearer <token>");
            },
          };
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host },
    context: async ({ req }) => {
      const authorization = req.headers.authorization;
      if (!authorization) return { caller: null };
      return { caller: await authenticator.authenticate(authorization), authorization };
    },
  });
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    stop: () => server.stop(),
  };
}
