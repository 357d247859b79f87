import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import type { DataSource, EntityManager } from "typeorm";
import { hubSettings, subgraphSettings } from "./config";
import type { Caller, SubgraphContext } from "./context";
import { openDatabase, rowCount, type AgencyDatabase } from "./database";
import { formatErrorForClient } from "./errors";
import { serveSubgraph } from "./subgraph-http";
import { hubClient, type HubClient } from "./hub-client";
import { AccessLog1764576000000 } from "./audit/access-log.migration";
import { createAccessLogResolver } from "./audit/access-log.resolver";
import { withAccessLog } from "./audit/middleware";
import { applyPermissions } from "./auth/rules";
import { annotateClassification, type ClassificationMap } from "./classification";
import type { IRules } from "graphql-shield";
import { AccessRecorder } from "./audit/recorder";
import {
  CASE_TEAM_AUTHORITY,
  CASE_TEAM_IDENTITY_HEADER,
  IDENTITY_HEADER,
  OPERATION_HEADER,
  USER_AUTHORIZATION_HEADER,
  InternalTokenVerifier,
} from "./auth/internal-token";
import { gatewayPublicKey } from "./auth/settings";
import { GraphQLError } from "graphql";
import { ErrorCode } from "./errors";
import { demoData } from "./demo-data";
import type { DemoData } from "./demo-data.types";

/** The federation directives our subgraphs use (Federation 2). */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@shareable"])';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReferenceResolver = { __resolveReference(reference: any, context: any): unknown };

/** Everything the hub needs to know about one agency's subgraph; `subgraphs/index.ts` lists them. */
export interface SubgraphDefinition<Loaders = unknown> {
  name: string;
  /** The agency that owns the data, for the README and the access log. */
  owner: string;
  defaultPort: number;
  entities: Function[];
  migrations: Function[];
  resolvers: NonEmptyArray<Function>;
  /** Types not reachable from a root field, such as entities only reached through `_entities`. */
  orphanedTypes?: Function[];
  references: Record<string, ReferenceResolver>;
  /** The request's loaders; those that decide access know who asks and can ask the hub. */
  createLoaders(db: DataSource, request: { caller: Caller; hub: HubClient }): Loaders;
  /** The subgraph's `permissions.ts`: its part of ACCESS.md, deny for anything it does not name. */
  permissions: Record<string, IRules> & { Query: Record<string, IRules> };
  /** The subgraph's `classification.ts`: PUBLIC, PERSONAL or SENSITIVE for every field. */
  classification: ClassificationMap;
  /** Inserts this agency's part of the demo data set. */
  loadDemoData(manager: EntityManager, data: DemoData): Promise<void>;
}

/** Turns a type-graphql schema into a federation subgraph schema: SDL with directives plus resolvers. */
export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<{ schema: GraphQLSchema; sdl: string }> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: [...definition.resolvers, createAccessLogResolver(definition.name)],
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    validate: false,
  });
  const sdl = annotateClassification(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`, definition.classification);
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(definition.references)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as any }]);
  return { schema, sdl };
}

/**
 * Writes what a request did with personal data before its answer leaves: a request whose record
 * cannot be written gets no data (GDPR accountability comes before the answer).
 */
function recordAccessAtTheEnd(db: DataSource): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.audit?.flush(db.manager);
          } catch (error) {
            console.error("access log write failed", error);
            if (response.body.kind === "single") {
              response.body.singleResult = { errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
            }
          }
        },
      };
    },
  };
}

/**
 * Zero trust: a subgraph answers only requests that carry an identity the gateway signed for it.
 * Anything else — no header, a hand-made one, a token for another subgraph — is UNAUTHENTICATED.
 */
async function verifiedCaller(header: string | string[] | undefined, verifier: InternalTokenVerifier): Promise<Caller> {
  const refuse = (reason: string) =>
    new GraphQLError(`This service answers only the hub's gateway: ${reason}`, {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  if (typeof header !== "string" || !header) throw refuse(`no ${IDENTITY_HEADER} header`);
  try {
    return await verifier.verify(header);
  } catch {
    throw refuse("the identity is not one the gateway signed for this service");
  }
}

/** A subgraph's own migrations, and the access log's, which every subgraph has. */
export const migrationsOf = (definition: SubgraphDefinition): Function[] => [...definition.migrations, AccessLog1764576000000];

export interface RunningSubgraph {
  name: string;
  url: string;
  database: AgencyDatabase;
  /** Requests served so far (benchmarks count subgraph requests per gateway request). */
  requests: { count: number };
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  demoData: boolean;
  /** Overrides of the environment's settings (tests use port 0 and their own databases). */
  port?: number;
  databaseUrl?: string;
  /** Where the gateway is; a function because a hub in one process knows it only once the gateway listens. */
  gatewayUrl?: () => string;
  /** Every subgraph of the hub, by name (the access log is merged across them). */
  peers?: string[];
  /** Where another subgraph listens (coordination is asked for case teams directly). */
  peerUrl?: (name: string) => string | undefined;
}

/** Opens the agency's database (migrating it), loads demo data into an empty one, and serves the subgraph. */
export async function startSubgraph(definition: SubgraphDefinition, options: StartOptions): Promise<RunningSubgraph> {
  const settings = subgraphSettings(definition.name, definition.defaultPort);
  const database = await openDatabase({
    name: definition.name,
    databaseUrl: options.databaseUrl ?? settings.databaseUrl,
    dataDir: options.dataDir,
    entities: definition.entities,
    migrations: migrationsOf(definition),
  });
  try {
    if (options.demoData) {
      await database.dataSource.transaction(async (manager) => {
        if ((await rowCount(manager)) === 0) await definition.loadDemoData(manager, demoData());
      });
    }
    const schema = withAccessLog(applyPermissions((await buildFederatedSchema(definition)).schema, definition.permissions));
    const { accessLog } = hubSettings();
    const requests = { count: 0 };
    const gatewayUrl = options.gatewayUrl ?? (() => hubSettings().gatewayUrl);
    const identities = new InternalTokenVerifier(await gatewayPublicKey(options.dataDir), definition.name);
    const server = new ApolloServer<SubgraphContext<unknown>>({
      schema,
      formatError: (formatted, error) => formatErrorForClient(formatted, error),
      includeStacktraceInErrorResponses: false,
      // scripts/start.ts stops the gateway, then the subgraphs, then closes the databases; Apollo's own signal handlers would race it.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        // No HTTP caching of personal data, and no per-field bookkeeping for it on every resolver.
        ApolloServerPluginCacheControlDisabled(),
        recordAccessAtTheEnd(database.dataSource),
        { requestDidStart: async () => void (requests.count += 1) },
      ],
    });
    const { url } = await serveSubgraph(server, {
      port: options.port ?? settings.port,
      host: hubSettings().host,
      context: async (req) => {
        const caller = await verifiedCaller(req.headers[IDENTITY_HEADER], identities);
        const relayed = req.headers[USER_AUTHORIZATION_HEADER];
        const hub = hubClient(gatewayUrl, typeof relayed === "string" ? { authorization: relayed } : {});
        const operation = req.headers[OPERATION_HEADER];
        const operationName = typeof operation === "string" && operation ? operation.slice(0, 200) : "anonymous";
        const caseTeamIdentity = req.headers[CASE_TEAM_IDENTITY_HEADER];
        const authorityUrl = options.peerUrl?.(CASE_TEAM_AUTHORITY);
        if (typeof caseTeamIdentity === "string" && authorityUrl && definition.name !== CASE_TEAM_AUTHORITY) {
          hub.caseTeamAuthority = hubClient(() => authorityUrl, {
            [IDENTITY_HEADER]: caseTeamIdentity,
            [OPERATION_HEADER]: operationName,
            ...(typeof relayed === "string" ? { [USER_AUTHORIZATION_HEADER]: relayed } : {}),
          });
        }
        return {
          caller,
          operationName,
          loaders: definition.createLoaders(database.dataSource, { caller, hub }),
          db: database.dataSource,
          hub,
          peers: options.peers ?? [definition.name],
          audit: new AccessRecorder(caller, operationName, definition.owner, accessLog),
        };
      },
    });
    return {
      name: definition.name,
      url: url.replace(/\/$/, "") + "/graphql",
      database,
      requests,
      async stop() {
        await server.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
