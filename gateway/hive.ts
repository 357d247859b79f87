import fs from "node:fs";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import { GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode, type ValidationRule } from "graphql";
import { InternalTokenSigner } from "../shared/auth/internal-token";
import { gatewaySigningKey } from "../shared/auth/settings";
import { hubSettings, resilienceSettings } from "../shared/config";
import { formatErrorForClient } from "../shared/errors";
import { firstOperationName, noteErrorCodes, serveHttp, type Engine, type RequestRecord } from "../shared/graphql-http";
import { traceparentFor } from "../shared/log";
import { operationLabel } from "../shared/operation-names";
import { countTokens, estimateOrRefuse, GATEWAY_LIMITS, limitExceeded, operationLimits } from "../shared/operation-limits";
import { unauthenticated } from "./authentication";
import { entityKeyFields, shadowingAliases } from "./entity-aliases";
import { gatewayFront, type GatewayAdmission } from "./front";
import { isIntrospectionOnly, noSubscriptions, SUPERGRAPH_PATH, subgraphHeaders, type GatewayOptions, type RunningGateway } from "./index";
import { fieldsNotSelected, onlySelectedErrors } from "./selection";

/**
 * The hub on Hive Gateway (issue 15): `GATEWAY_ENGINE=hive` runs The Guild's Hive Gateway with its
 * Rust query planner (`@graphql-hive/router-runtime`) over the same committed supergraph, behind the
 * same front as ours (gateway/front.ts: probes, explorer, CORS, token, rate limits, time budget,
 * log line), for an operator who prefers an engine built for scale-out. What the hub's own gateway
 * adds to Apollo Gateway, this adds to Hive's:
 * - each subgraph fetch carries the identity signed for that subgraph and that body, the fields the
 *   plan fetched only as inputs, the time left and the trace (`onFetch`);
 * - the operation limits: tokens before parsing, depth, aliases, directives and introspection as
 *   validation rules, the cost before execution, all refused with OPERATION_LIMIT_EXCEEDED;
 * - aliases that would shadow an entity's field are refused (gateway/entity-aliases.ts);
 * - nothing runs without a caller but introspection outside production;
 * - errors about fields the client did not select are dropped, and unknown errors become
 *   "Internal server error" (shared/errors.ts), as ours answers.
 * Every subgraph enforces its own authorization whichever gateway signs: test/hive-gateway.e2e.test.ts
 * sends the contract's reads as every demo user through both engines and compares the answers.
 */
interface HiveContext {
  /** From the front and the engine below: who asks, the time left, the log record, and the client's document, parsed once. */
  hub?: GatewayAdmission & { record: RequestRecord; document: DocumentNode | null };
}

export async function startHiveGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { production } = hubSettings();
  const resilience = resilienceSettings();
  const signer = new InternalTokenSigner(await gatewaySigningKey(options.dataDir));
  const recorded = options.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  // The committed supergraph names where each subgraph listened when it was composed; point it at where they listen now.
  const supergraph = recorded.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (_match, name: string, url: string) => `@join__graph(name: "${name}", url: "${options.subgraphUrls[name] ?? url}")`);
  const subgraphByUrl = new Map([...supergraph.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g)].map(([, name, url]) => [url, name]));
  const front = await gatewayFront(options, recorded);
  const entities = entityKeyFields(recorded);
  const limits = resilience.operationLimits ? operationLimits(GATEWAY_LIMITS).validationRules : [];
  const aliasRule: ValidationRule = (context) => {
    for (const refusal of shadowingAliases(context.getSchema(), context.getDocument(), entities)) context.reportError(refusal);
    return {};
  };

  const hub: GatewayPlugin<HiveContext> = {
    onValidate({ addValidationRule }) {
      for (const rule of [...limits, ...(options.refuseShadowingAliases === false ? [] : [aliasRule])]) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as HiveContext;
      const operation = (args.document as DocumentNode).definitions.find(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && (!args.operationName || definition.name?.value === args.operationName),
      );
      const refuse = (error: GraphQLError) => setResultAndStopExecution({ errors: [error] });
      if (!operation) return refuse(new GraphQLError(`The document has no operation named "${String(args.operationName).slice(0, 100)}"`, { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }));
      if (operation.operation === "subscription") return refuse(noSubscriptions());
      if (!context.hub?.caller && !(!production && isIntrospectionOnly(operation))) return refuse(unauthenticated("send Authorization: Bearer <token>"));
      if (resilience.operationLimits) {
        const cost = estimateOrRefuse(args.schema, args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.operationName ?? undefined, GATEWAY_LIMITS.maxCost);
        if (cost > GATEWAY_LIMITS.maxCost) return refuse(limitExceeded("maxCost", GATEWAY_LIMITS.maxCost, `Operation refused: Query cost limit of ${GATEWAY_LIMITS.maxCost} exceeded, found ${cost}.`));
      }
    },
    async onFetch({ url, options: fetchOptions, setOptions, context: fetchContext }) {
      const context = fetchContext as HiveContext | undefined;
      const subgraph = subgraphByUrl.get(url);
      const admitted = context?.hub;
      if (!admitted || !subgraph || typeof fetchOptions.body !== "string") return;
      admitted.deadline.check();
      admitted.record.subgraphCalls ??= {};
      admitted.record.subgraphCalls[subgraph] = (admitted.record.subgraphCalls[subgraph] ?? 0) + 1;
      const extra: Record<string, string> = { traceparent: traceparentFor(admitted.record.requestId), ...admitted.deadline.header() };
      if (admitted.caller) {
        const { query, variables } = JSON.parse(fetchOptions.body) as { query?: string; variables?: unknown };
        const planInputs = admitted.document && query ? fieldsNotSelected(query, admitted.document) : [];
        Object.assign(extra, await subgraphHeaders(signer, subgraph, { caller: admitted.caller, operationName: admitted.record.operation ?? "anonymous", query, variables, planInputs }));
      }
      setOptions({ ...fetchOptions, headers: { ...(fetchOptions.headers as Record<string, string>), ...extra }, signal: AbortSignal.timeout(Math.max(1, admitted.deadline.remainingMs())) });
    },
  };

  const runtime = createGatewayRuntime<HiveContext>({
    supergraph,
    unifiedGraphHandler,
    logging: "error",
    graphiql: false,
    landingPage: false,
    // Introspection is answered by the engine itself; outside production without a token (hub plugin above).
    plugins: () => [hub],
  });

  const engine: Engine<GatewayAdmission> = async (_request, body, admission, record) => {
    const params = (body ?? {}) as { query?: unknown; operationName?: unknown };
    if (resilience.operationLimits && typeof params.query === "string" && countTokens(params.query, GATEWAY_LIMITS.maxTokens) > GATEWAY_LIMITS.maxTokens) {
      const refusal = limitExceeded("maxTokens", GATEWAY_LIMITS.maxTokens, `Operation refused: Token limit of ${GATEWAY_LIMITS.maxTokens} exceeded.`);
      record.errors = { [String(refusal.extensions.code)]: 1 };
      return { status: 400, headers: [["content-type", "application/json; charset=utf-8"]], body: JSON.stringify({ errors: [{ message: refusal.message, extensions: refusal.extensions }] }) };
    }
    // The client's document, for the operation's name (the access log's and the log line's) and for which errors are the client's.
    let document: DocumentNode | null = null;
    try {
      document = typeof params.query === "string" ? parse(params.query) : null;
    } catch {
      document = null;
    }
    record.operation = operationLabel(typeof params.operationName === "string" ? params.operationName : firstOperationName(document));
    const response = await runtime.fetch(
      "http://gateway/graphql",
      { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" }, body: JSON.stringify(body) },
      { hub: { ...admission, record, document } },
    );
    const answer = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] } | null;
    if (!answer) return { status: 500, headers: [["content-type", "application/json; charset=utf-8"]], body: JSON.stringify({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }) };
    if (answer.errors) {
      const errors = (document ? onlySelectedErrors(answer.errors, document) : answer.errors).map((error) => {
        const { http: _http, ...extensions } = error.extensions ?? {};
        return formatErrorForClient({ ...error, extensions });
      });
      answer.errors = errors.length ? errors : undefined;
      noteErrorCodes(record, answer.errors);
    }
    return { status: response.status, headers: [["content-type", response.headers.get("content-type") ?? "application/json; charset=utf-8"]], body: JSON.stringify(answer) };
  };

  const { url, httpServer } = await serveHttp(engine, front.http);
  return {
    url: url.replace(/\/$/, "") + "/graphql",
    async stop() {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await runtime.dispose();
      await front.close();
    },
  };
}
