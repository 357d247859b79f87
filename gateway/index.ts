import fs from "node:fs";
import path from "node:path";
import { ApolloServer, type GraphQLRequestContext } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import { bodyHash, IDENTITY_HEADER, InternalTokenSigner } from "../shared/auth/internal-token";
import { fieldsNotSelected, onlySelectedErrors } from "./selection";
import { gatewaySigningKey } from "../shared/auth/settings";
import { hubSettings, resilienceSettings } from "../shared/config";
import { Deadline } from "../shared/deadline";
import { serveGraphQL, type RequestRecord } from "../shared/graphql-http";
import { GATEWAY_LIMITS, operationLimits } from "../shared/operation-limits";
import type { Caller } from "../shared/context";
import { formatErrorForClient } from "../shared/errors";
import { unauthenticated } from "./authentication";
import { hubFetch } from "../shared/http-client";
import type { Fetcher } from "@apollo/utils.fetcher";
import { subgraphOutages, unlessUnavailable } from "./unavailable";
import { refuseShadowingAliases } from "./entity-aliases";
import { traceparentFor } from "../shared/log";
import { operationLabel } from "../shared/operation-names";
import { gatewayFront, type GatewayFrontOptions } from "./front";
export { GATEWAY_BODY_LIMIT } from "./front";
export { subgraphsReady } from "./readiness";

/** The supergraph composed ahead of time by `npm run compose` and committed. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, "..", "schema", "supergraph.graphql");

export interface GatewayOptions extends GatewayFrontOptions {
  /** The supergraph to serve; default schema/supergraph.graphql. */
  supergraphSdl?: string;
  /** Refuse aliases that shadow a field of an entity (gateway/entity-aliases.ts); only the test that watches for the upstream fix turns it off. */
  refuseShadowingAliases?: boolean;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** What the gateway knows about a request: the verified caller and the time left (shared/deadline.ts). */
export interface GatewayContext {
  caller: Caller | null;
  deadline: Deadline;
  /** The request's log record (shared/graphql-http.ts): its trace id goes to every subgraph call, which it counts. */
  record?: RequestRecord;
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
    const { caller, deadline, record } = context as Partial<GatewayContext>;
    if (record && request.http) {
      request.http.headers.set("traceparent", traceparentFor(record.requestId));
      record.subgraphCalls ??= {};
      record.subgraphCalls[this.subgraph] = (record.subgraphCalls[this.subgraph] ?? 0) + 1;
    }
    if (!caller || !request.http) return;
    deadline?.check();
    // The front-end's own operation name, for the access log (the plan's fetches have generated names).
    const incoming = "incomingRequestContext" in options ? options.incomingRequestContext : undefined;
    const operationName = operationLabel(incoming?.operationName ?? incoming?.operation?.name?.value);
    const planInputs = incoming?.document && request.query ? fieldsNotSelected(request.query, incoming.document) : [];
    const headers = await subgraphHeaders(this.signer, this.subgraph, { caller, operationName, query: request.query, variables: request.variables, planInputs });
    for (const [name, value] of Object.entries({ ...headers, ...deadline?.header() })) request.http.headers.set(name, value);
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

/**
 * The refusal of a subscription: the supergraph has no Subscription type, graphql 16 lets such an
 * operation through validation, and the engine then failed internally (red team: HTTP 500). Both
 * engines (Apollo here, Hive in gateway/hive.ts) refuse it as the client's mistake.
 */
export const noSubscriptions = () =>
  new GraphQLError("The hub has no subscriptions: send a query or a mutation", { extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } } });

/** Schema introspection alone (the sandbox, code generators) needs no identity outside production. */
export const isIntrospectionOnly = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith("__"));


/**
 * Starts the gateway's HTTP server. A browser's GET of the GraphQL URL gets the explorer
 * (gateway/explorer). For GraphQL, before a body is read: CORS, the caller's token (UNAUTHENTICATED
 * at once if it does not verify), rate limits (429); then Apollo Server with the operation limits
 * (shared/operation-limits.ts), and a time budget per request that its subgraph calls inherit.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { production } = hubSettings();
  const resilience = resilienceSettings();
  const signer = new InternalTokenSigner(await gatewaySigningKey(options.dataDir));
  const supergraphSdl = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  const front = await gatewayFront(options, supergraphSdl);
  const limits = resilience.operationLimits ? operationLimits<GatewayContext>(GATEWAY_LIMITS) : { plugins: [], validationRules: [] };
  const server = new ApolloServer<GatewayContext>({
    gateway: createGateway({ ...options, supergraphSdl }, signer),
    formatError: (formatted, error) => formatErrorForClient(formatted, error),
    includeStacktraceInErrorResponses: false,
    // No "Did you mean …" in production: nobody maps the schema by guessing.
    hideSchemaDetailsFromClientErrors: production,
    introspection: true,
    parseOptions: resilience.operationLimits ? { maxTokens: GATEWAY_LIMITS.maxTokens } : {},
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: nothing of ours sends them, and each is one more cache to fill.
    persistedQueries: false,
    // scripts/start.ts stops the gateway and then the subgraphs in order; Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      // Answers carry personal data: no cache hints, no Cache-Control computed from them.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads everything from Apollo's CDN; browsers get our own explorer (gateway/explorer).
      ApolloServerPluginLandingPageDisabled(),
      ...limits.plugins,
      subgraphOutages(supergraphSdl),
      ...(options.refuseShadowingAliases === false ? [] : [refuseShadowingAliases(supergraphSdl)]),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation, request }: GraphQLRequestContext<GatewayContext>) {
              if (!operation) {
                const name = typeof request.operationName === "string" ? request.operationName.slice(0, 100) : "";
                throw new GraphQLError(name ? `The document has no operation named "${name}"` : "The document has several operations: name the one to run in operationName", {
                  extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } },
                });
              }
              if (operation.operation === "subscription") throw noSubscriptions();
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
  const { url } = await serveGraphQL(server, {
    ...front.http,
    context: async (_request, _body, admission, record) => ({ ...admission, record }),
  });
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    async stop() {
      await server.stop();
      await front.close();
    },
  };
}
