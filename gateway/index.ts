import fs from "node:fs";
import path from "node:path";
import { ApolloServer, type GraphQLRequestContext } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import { bodyHash, IDENTITY_HEADER, InternalTokenSigner } from "../shared/auth/internal-token";
import { fieldsNotSelected, onlySelectedErrors } from "./selection";
import { authSettings, gatewaySigningKey } from "../shared/auth/settings";
import { hubSettings } from "../shared/config";
import type { Caller } from "../shared/context";
import { formatErrorForClient } from "../shared/errors";
import { createAuthenticator, unauthenticated } from "./authentication";
import { hubFetch } from "../shared/http-client";
import type { Fetcher } from "@apollo/utils.fetcher";
import { subgraphOutages, unlessUnavailable } from "./unavailable";

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

/** What the gateway knows about a request: the verified caller. */
export interface GatewayContext {
  caller: Caller | null;
}

/**
 * The one header a subgraph fetch carries besides the query: the caller, signed for that subgraph
 * and that fetch alone (shared/auth/internal-token.ts). The user's own token stays here. Any
 * gateway in front of our subgraphs sends it (the benchmark's Hive Gateway too).
 */
export async function subgraphHeaders(
  signer: InternalTokenSigner,
  subgraph: string,
  fetch: { caller: Caller; operationName: string; query: string | undefined; variables: unknown; planInputs?: string[] },
): Promise<Record<string, string>> {
  const { caller, operationName, query, variables, planInputs } = fetch;
  return { [IDENTITY_HEADER]: await signer.sign(caller, subgraph, { operationName, bodyHash: bodyHash(query, variables), planInputs }) };
}

/**
 * The gateway's connection to one subgraph: it hands over the caller as a token signed for that
 * subgraph and this fetch alone, naming the fields the plan fetches only as another field's inputs.
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

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    return unlessUnavailable(this.subgraph, () => super.process(options));
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    const { caller } = context as Partial<GatewayContext>;
    if (!caller || !request.http) return;
    // The front-end's own operation name, for the access log (the plan's fetches have generated names).
    const incoming = "incomingRequestContext" in options ? options.incomingRequestContext : undefined;
    const operationName = incoming?.operationName ?? incoming?.operation?.name?.value ?? "anonymous";
    const planInputs = incoming?.document && request.query ? fieldsNotSelected(request.query, incoming.document) : [];
    const headers = await subgraphHeaders(this.signer, this.subgraph, { caller, operationName, query: request.query, variables: request.variables, planInputs });
    for (const [name, value] of Object.entries(headers)) request.http.headers.set(name, value);
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
      subgraphOutages(options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8")),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation }: GraphQLRequestContext<GatewayContext>) {
              if (contextValue.caller) return;
              if (!production && operation && isIntrospectionOnly(operation)) return;
              throw unauthenticated("send Authorization: Bearer <token>");
            },
            // Errors about fields the plan fetched only as another field's inputs are not the client's (ACCESS.md, "Only what the caller asked for").
            async willSendResponse({ response, document }: GraphQLRequestContext<GatewayContext>) {
              const body = response.body;
              if (body?.kind !== "single" || !document || !body.singleResult.errors) return;
              const errors = onlySelectedErrors(body.singleResult.errors, document);
              body.singleResult = { ...body.singleResult, errors: errors.length ? errors : undefined };
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
      return { caller: await authenticator.authenticate(authorization) };
    },
  });
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    stop: () => server.stop(),
  };
}
