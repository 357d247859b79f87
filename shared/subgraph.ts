import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchema, createResolversMap, type NonEmptyArray } from "type-graphql";
import type { DataSource, EntityManager } from "typeorm";
import { hubSettings, resilienceSettings, subgraphSettings } from "./config";
import type { Caller, SubgraphContext } from "./context";
import { databaseReady, openDatabase, rowCount, type AgencyDatabase } from "./database";
import { formatErrorForClient } from "./errors";
import { requestRecordOf, serveGraphQL } from "./graphql-http";
import { Deadline, DEADLINE_HEADER, withinDeadline } from "./deadline";
import { operationLimits, SUBGRAPH_LIMITS } from "./operation-limits";
import { applyMiddleware } from "graphql-middleware";
import { hubClient, type HubClient } from "./hub-client";
import { healthRoutes } from "./health";
import { operationLabel } from "./operation-names";
import { activeTraceId, errorFields, log, serviceLog, traceIdOf } from "./log";
import { applyInputRules } from "./input-rules";
import { freshAfterEachWrite } from "./loaders";
import { AccessLog1764576000000, AccessLogWithoutQueue1764900000000 } from "./audit/access-log.migration";
import { auditSigningKey } from "./audit/checkpoint";
import { Checkpointer } from "./audit/checkpointer";
import { FileWitness, witnessRoot } from "./audit/witness";
import { linkageKey } from "./indicators/linkage";
import { createAccessLogResolver } from "./audit/access-log.resolver";
import { withAccessLog } from "./audit/middleware";
import { applyPermissions } from "./auth/rules";
import { annotateClassification, type ClassificationMap } from "./classification";
import type { IRules } from "graphql-shield";
import { AccessRecorder, LogAppender } from "./audit/recorder";
import { bodyHash, IDENTITY_HEADER, InternalTokenVerifier } from "./auth/internal-token";
import { ACTOR_HEADER, grantedServiceCalls, machineryRootFields, ServiceCallVerifier, serviceSigningKey, servicePublicKey, ServiceTokenSigner } from "./auth/service-calls";
import { accessLogField } from "./audit/access-log.resolver";
import { gatewayPublicKey } from "./auth/settings";
import { GraphQLError, Kind } from "graphql";
import type http from "node:http";
import { ErrorCode } from "./errors";
import { demoData } from "./demo-data";
import type { DemoData } from "./demo-data.types";
import { performance } from "node:perf_hooks";
import { phase, quiet, secondsSince, type Progress } from "./progress";

/** The federation directives our subgraphs use (Federation 2). */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@external", "@requires", "@shareable", "@inaccessible"])';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReferenceResolver = { __resolveReference(reference: any, context: any): unknown };

/** Everything the hub needs to know about one agency's subgraph; `subgraphs/index.ts` lists them. */
export interface SubgraphDefinition<Loaders = unknown> {
  name: string;
  /** The agency that owns the data, for the README and the access log. */
  owner: string;
  /** Who runs it, in a few words: the README's subgraph table is generated from this. */
  actor: string;
  /** What data it owns, in a few words, for the same table. */
  owns: string;
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
  /** Stops what the subgraph runs beside its server (statistics: the worker thread computing releases), after the server stops. */
  stop?(): Promise<void>;
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
  const appender = new LogAppender(db.manager);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.audit?.flush(db.manager, appender);
          } catch (error) {
            log.error(errorFields(error, { frames: true }), "access log write failed");
            if (response.body.kind === "single") {
              response.body.singleResult = { errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
            }
          }
        },
      };
    },
  };
}

const refuse = (reason: string) =>
  new GraphQLError(`This service answers only the hub's gateway and services: ${reason}`, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });

/** Who a request is for, who sent it, and what the signatures on it say (shared/auth/internal-token.ts, service-calls.ts). */
interface VerifiedRequest {
  caller: Caller;
  operationName: string;
  /** The service calling on the caller's behalf; null when the gateway sent the request. */
  actor: string | null;
  /** The credential this request arrived with, passed on as the subject of the calls it causes. */
  subject: string;
  planInputs: string[];
}

/**
 * Zero trust: a subgraph answers only a fetch carrying an identity the gateway signed for it (this
 * body, once), or a call from another hub service carrying that service's own signature and the
 * gateway's identity of the request it serves. Anything else — no header, a hand-made one, a token
 * for another service, a token shown twice — is UNAUTHENTICATED, and says no more than that.
 */
async function verifiedRequest(
  headers: http.IncomingHttpHeaders,
  body: unknown,
  verifiers: { identities: InternalTokenVerifier; services: ServiceCallVerifier },
): Promise<VerifiedRequest> {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  const hash = bodyHash(typeof query === "string" ? query : undefined, variables);
  const actorToken = headers[ACTOR_HEADER];
  if (typeof actorToken === "string" && actorToken) {
    try {
      const call = await verifiers.services.verify(actorToken, hash);
      return { caller: call.caller, operationName: call.operationName, actor: call.actor, subject: call.subject, planInputs: [] };
    } catch {
      throw refuse("the service call is not signed by a service of the hub for this request");
    }
  }
  const identity = headers[IDENTITY_HEADER];
  if (typeof identity !== "string" || !identity) throw refuse(`no ${IDENTITY_HEADER} header`);
  try {
    const verified = await verifiers.identities.verify(identity, hash);
    return { caller: verified.caller, operationName: verified.operationName, actor: null, subject: identity, planInputs: verified.planInputs };
  } catch {
    throw refuse("the identity is not one the gateway signed for this request to this service");
  }
}

/**
 * The hub's machinery answers only the services SERVICE_CALLS names, and a service call may run
 * nothing else: checked on the operation's root fields before anything resolves.
 */
function serviceCallsOnly(subgraph: string, sdl: string): ApolloServerPlugin<SubgraphContext<unknown>> {
  const machinery = new Set(machineryRootFields(sdl));
  const grants = new Map<string, Set<string>>();
  const grantedTo = (actor: string) => {
    if (!grants.has(actor)) grants.set(actor, new Set(grantedServiceCalls(subgraph, actor, accessLogField(subgraph))));
    return grants.get(actor)!;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (!operation) return;
          const roots = operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : ["…"]));
          const { actor } = contextValue;
          if (actor) {
            const granted = grantedTo(actor);
            const outside = roots.filter((root) => root !== "__typename" && !granted.has(root));
            if (outside.length) throw refuse(`the service ${actor} may not call ${outside.join(", ")} here`);
          } else if (roots.some((root) => machinery.has(root))) {
            throw refuse("this field is the hub's machinery, answered only to the hub's services");
          }
        },
      };
    },
  };
}

/** The largest request body a subgraph reads, in bytes (the gateway's entity batches are far smaller). */
const SUBGRAPH_BODY_LIMIT = 2 * 1024 * 1024;

/** A subgraph's own migrations, and the access log's, which every subgraph has. */
export const migrationsOf = (definition: SubgraphDefinition): Function[] => [...definition.migrations, AccessLog1764576000000, AccessLogWithoutQueue1764900000000];

export interface RunningSubgraph {
  name: string;
  url: string;
  database: AgencyDatabase;
  /** Requests served so far (benchmarks count subgraph requests per gateway request). */
  requests: { count: number };
  /** Its access log's checkpoints (tests seal on demand with `checkpoints.sealNow()`). */
  checkpoints: Checkpointer;
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  demoData: boolean;
  /** Overrides of the environment's settings (tests use port 0 and their own databases). */
  port?: number;
  databaseUrl?: string;
  /** Overrides `<NAME>_OWNER_DATABASE_URL` (tests). */
  ownerDatabaseUrl?: string;
  /** Every subgraph of the hub, by name (the access log is merged across them). */
  peers?: string[];
  /** Where another subgraph listens (coordination is asked for case teams directly). */
  peerUrl?: (name: string) => string | undefined;
  /** The agency that owns each subgraph, by name: named when it does not answer (shared/unavailable.ts). */
  peerOwners?: Record<string, string>;
  /** Start-up progress, phase by phase (`npm start` prints it; default: quiet). */
  progress?: Progress;
  /** Puts something between the subgraph and its database (tests: a proxy that can cut it). */
  interposeDatabase?: (url: string) => string;
}

/** Opens the agency's database (migrating it), loads demo data into an empty one, and serves the subgraph. */
export async function startSubgraph(definition: SubgraphDefinition, options: StartOptions): Promise<RunningSubgraph> {
  const settings = subgraphSettings(definition.name, definition.defaultPort);
  const progress = options.progress ?? quiet;
  const started = performance.now();
  const database = await openDatabase({
    name: definition.name,
    databaseUrl: options.databaseUrl ?? settings.databaseUrl,
    ownerDatabaseUrl: options.ownerDatabaseUrl ?? settings.ownerDatabaseUrl,
    dataDir: options.dataDir,
    entities: definition.entities,
    migrations: migrationsOf(definition),
    connectTimeout: hubSettings().databaseConnectTimeout,
    progress,
    interpose: options.interposeDatabase,
  });
  let checkpoints: Checkpointer | undefined;
  try {
    if (options.demoData) {
      await database.dataSource.transaction(async (manager) => {
        if ((await rowCount(manager)) === 0) await phase(progress, "loading demo data into the empty database", () => definition.loadDemoData(manager, demoData()));
        else progress("demo data: the database already holds data, nothing loaded");
      });
    }
    const sealer = new Checkpointer(database.dataSource, definition.name, new FileWitness(witnessRoot(options.dataDir), definition.name), auditSigningKey(options.dataDir));
    checkpoints = sealer;
    await sealer.start(hubSettings().auditCheckpointSeconds * 1000);
    const federated = await phase(progress, "building the schema", () => buildFederatedSchema(definition));
    // Outermost: once the request's time is up no field resolves, not even to be refused and logged.
    const guarded = applyMiddleware(withAccessLog(applyPermissions(federated.schema, definition.permissions)), withinDeadline);
    // Around everything: ids made canonical and text checked before any rule reads them, and loaders emptied after each write.
    const schema = applyInputRules(freshAfterEachWrite(guarded));
    const resilience = resilienceSettings();
    const limits = resilience.operationLimits ? operationLimits<SubgraphContext<unknown>>(SUBGRAPH_LIMITS) : { plugins: [], validationRules: [] };
    const { accessLog } = hubSettings();
    const requests = { count: 0 };
    let linkage: Buffer | undefined;
    const gatewayKey = await gatewayPublicKey(options.dataDir);
    const peers = options.peers ?? [definition.name];
    const verifiers = {
      identities: new InternalTokenVerifier(gatewayKey, definition.name),
      services: new ServiceCallVerifier(definition.name, peers, gatewayKey, (service) => servicePublicKey(options.dataDir, service)),
    };
    const signer = new ServiceTokenSigner(definition.name, await serviceSigningKey(options.dataDir, definition.name));
    // A missing peer key stops the boot in production, not the first call that needs it.
    if (hubSettings().production) await Promise.all(peers.filter((peer) => peer !== definition.name).map((peer) => servicePublicKey(options.dataDir, peer)));
    const server = new ApolloServer<SubgraphContext<unknown>>({
      schema,
      formatError: (formatted, error) => formatErrorForClient(formatted, error),
      includeStacktraceInErrorResponses: false,
      hideSchemaDetailsFromClientErrors: hubSettings().production,
      // Zero trust: the subgraph limits what reaches it, whoever signed it (shared/operation-limits.ts).
      parseOptions: resilience.operationLimits ? { maxTokens: SUBGRAPH_LIMITS.maxTokens } : {},
      validationRules: limits.validationRules,
      allowBatchedHttpRequests: false,
      persistedQueries: false,
      // scripts/start.ts stops the gateway, then the subgraphs, then closes the databases; Apollo's own signal handlers would race it.
      stopOnTerminationSignals: false,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        // No HTTP caching of personal data, and no per-field bookkeeping for it on every resolver.
        ApolloServerPluginCacheControlDisabled(),
        serviceCallsOnly(definition.name, federated.sdl),
        ...limits.plugins,
        recordAccessAtTheEnd(database.dataSource),
        { requestDidStart: async () => void (requests.count += 1) },
      ],
    });
    const { url } = await serveGraphQL(server, {
      port: options.port ?? settings.port,
      host: hubSettings().host,
      bodyLimit: SUBGRAPH_BODY_LIMIT,
      probes: healthRoutes(() => ({ database: () => databaseReady(database) })),
      log: serviceLog(definition.name),
      async admit(request, response) {
        const deadline = Deadline.fromHeader(request.headers[DEADLINE_HEADER], resilience.requestTimeoutMs);
        response.on("close", () => response.writableFinished || deadline.abandon());
        return deadline;
      },
      context: async (req, body, deadline) => {
        const { caller, operationName: named, actor, subject, planInputs } = await verifiedRequest(req.headers, body, verifiers);
        // The gateway signs a known name or "unlisted"; another signer's free text is not written down either.
        const operationName = operationLabel(named);
        const record = requestRecordOf(req);
        if (record && caller) record.agency = caller.agency;
        // The caller's trace id names this request's lines only once its identity verified (red team: an unsigned request took a victim's request id).
        if (record && !activeTraceId()) record.requestId = traceIdOf(req.headers.traceparent) ?? record.requestId;
        const hub = hubClient({ signer, subject, urlOf: (name) => options.peerUrl?.(name), deadline, agencyOf: (name) => options.peerOwners?.[name] ?? name.toUpperCase(), traceId: record?.requestId });
        return {
          deadline,
          caller,
          actor,
          planInputs: new Set(planInputs),
          operationName,
          loaders: definition.createLoaders(database.dataSource, { caller, hub }),
          db: database.dataSource,
          hub,
          peers,
          audit: new AccessRecorder(caller, operationName, definition.owner, accessLog),
          checkpoints: sealer,
          linkageKey: () => (linkage ??= linkageKey(options.dataDir)),
        };
      },
    });
    progress(`listening at ${url.replace(/\/$/, "")}/graphql, ${secondsSince(started)} after start`);
    return {
      name: definition.name,
      url: url.replace(/\/$/, "") + "/graphql",
      database,
      requests,
      checkpoints: sealer,
      async stop() {
        await server.stop();
        await definition.stop?.();
        await sealer.drain();
        await database.close();
      },
    };
  } catch (error) {
    checkpoints?.close();
    await database.close();
    throw error;
  }
}
