import http from "node:http";
import type { AddressInfo } from "node:net";
import { format } from "node:url";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { ErrorCode } from "./errors";
import { BodyBudget } from "./body-budget";
import { FairShare } from "./fair-share";
import { operationLabel } from "./operation-names";
import { trace } from "@opentelemetry/api";
import { activeTraceId, errorFields, log as rootLog, newTraceId, type Logger, type RequestLine } from "./log";

/**
 * The hub's HTTP front for Apollo Server, at the gateway and in every subgraph: plain node:http,
 * so that every answer is a GraphQL JSON body (GraphQL over HTTP), in development too — never an
 * HTML error page, a stack trace or a file path — and so that a request is judged on its headers
 * (size, charset, credentials, rate) before its body is read or parsed.
 *
 * Apollo's standalone server (express, body-parser) answered malformed JSON, a `charset=latin1`
 * body or a body over its limit with an HTML stack trace, and read a 10 MB body before anyone
 * looked at the token; in a subgraph its per-request middleware cost about a millisecond of CPU.
 */

/** What a service knows of one request while it runs, for its log line (shared/log.ts RequestLine). */
export interface RequestRecord {
  requestId: string;
  operation?: string;
  errors?: Record<string, number>;
  agency?: string;
  subgraphCalls?: Record<string, number>;
}

const records = new WeakMap<http.IncomingMessage, RequestRecord>();
/** Where a context carries its request's record: a symbol, since Apollo Server hands plugins a shallow copy of the context. */
const RECORD = Symbol("request record");

/** The record of the request an incoming message belongs to. */
export const requestRecordOf = (request: EngineRequest): RequestRecord | undefined => records.get(request as http.IncomingMessage);

/** The name of a document's first named operation, if it has one. */
export const firstOperationName = (document: DocumentNode | null | undefined): string | undefined =>
  document?.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && Boolean(definition.name))?.name?.value;

/** Writes the codes of the errors answered into a request's record, each with its count (none: nothing). */
export function noteErrorCodes(record: RequestRecord, errors: readonly { extensions?: Record<string, unknown> }[] | undefined): void {
  if (!errors?.length) return;
  record.errors = {};
  for (const error of errors) {
    const code = String(error.extensions?.code ?? "UNKNOWN").slice(0, 60);
    record.errors[code] = (record.errors[code] ?? 0) + 1;
  }
}

/** Fills a request's record from Apollo Server: the operation's name and the codes of the errors answered. */
const recordOutcome = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, request, operationName, document, response }: { contextValue: object; request: { operationName?: string }; operationName?: string | null; document?: DocumentNode; response: { body: { kind: string; singleResult?: { errors?: readonly { extensions?: Record<string, unknown> }[] } } } }) {
        const record = (contextValue as { [RECORD]?: RequestRecord })[RECORD];
        if (!record) return;
        // Apollo names the operation once it validates; before that, the client's name for it.
        const name = operationName ?? request.operationName ?? firstOperationName(document);
        if (name) record.operation = operationLabel(name);
        noteErrorCodes(record, response.body.kind === "single" ? response.body.singleResult?.errors : undefined);
      },
    };
  },
};

/** The one path every service answers GraphQL at. */
export const GRAPHQL_PATH = "/graphql";

export const pathOf = (request: http.IncomingMessage) => (request.url ?? "/").split("?")[0];

/** A request refused before Apollo sees it: the status, a code from shared/errors.ts, and why. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Writes a refusal as GraphQL over HTTP does: `{ errors: [...] }`, JSON, the status given. */
export function writeRefusal(response: http.ServerResponse, refusal: HttpRefusal): void {
  if (response.headersSent) return void response.end();
  response.writeHead(refusal.status, { "content-type": "application/json; charset=utf-8", ...refusal.headers });
  response.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }));
}

const tooLarge = (limit: number) => new HttpRefusal(413, ErrorCode.BAD_REQUEST, `The request body is larger than the hub accepts (${limit} bytes)`);

/** Reads the body up to `limit` bytes; a declared or actual size beyond it is refused without reading on. */
export function readBody(request: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** GraphQL over HTTP: a POST body is JSON in UTF-8; anything else is refused by name. */
function parseBody(request: http.IncomingMessage, raw: string): unknown {
  if (raw.length === 0) return undefined;
  const contentType = request.headers["content-type"] ?? "";
  const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim().replace(/"/g, "").toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpRefusal(415, ErrorCode.BAD_REQUEST, `The request body must be UTF-8 JSON; charset "${charset.slice(0, 40)}" is not accepted`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpRefusal(400, ErrorCode.BAD_REQUEST, "The request body is not valid JSON");
  }
}

export interface GraphQLHttpOptions<Context, Admission> {
  port: number;
  host: string;
  /** The largest body read, in bytes. */
  bodyLimit: number;
  /**
   * Runs on the headers alone, before the body is read (credentials, rate limits): throw an
   * HttpRefusal to end the request there. What it returns is handed to `context`.
   */
  admit(request: http.IncomingMessage, response: http.ServerResponse): Promise<Admission>;
  /** Builds the request's context; `record` is the request's log record (an operation route's engine request is not the HTTP request itself). */
  context(request: EngineRequest, body: unknown, admission: Admission, record: RequestRecord): Promise<Context>;
  /**
   * Answers what is not GraphQL over HTTP (the gateway's explorer page, its assets, development
   * sign-in) before anything else, CORS included: return true when it answered the request.
   */
  routes?(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean>;
  /** This service's logger (shared/log.ts): one line per request. Default: the root logger. */
  log?: Logger;
  /**
   * Connections one address may hold open at once (the gateway, when no proxy stands in front: then
   * every client shares the proxy's address); one more is closed at once. Default: no cap.
   */
  maxConnectionsPerAddress?: number;
  /**
   * Operations executed at once (the gateway: GATEWAY_MAX_IN_FLIGHT); those admitted beyond it wait,
   * within their own time budget, and a freed place goes to the callers in turn (shared/fair-share.ts).
   * What a service holds in memory grows with the operations it executes, not with the connections
   * it holds. Default: no cap.
   */
  maxInFlight?: number;
  /** Whose turn an admitted request waits in, and whose share of the body budget it takes (the gateway: the caller's agency and `sub`; default: one for all). */
  inFlightKey?(admission: Admission): string;
  /** Bytes of request bodies held at once, in all and per `inFlightKey` (shared/body-budget.ts). Default: no budget. */
  bodyBudget?: { totalBytes: number; perKeyBytes: number };
  /** Liveness and readiness (shared/health.ts): answered first, without a token. */
  probes?(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean>;
  /** Runs before GraphQL, for CORS: return true when it answered the request itself (a preflight). */
  before?(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean>;
  /**
   * Paths besides GraphQL's that answer by running operations on the engine for the admitted caller
   * (the gateway's participant report, gateway/report/): the route for a path, or undefined. Such a
   * request is admitted exactly as a GraphQL request is (CORS, token, rate limits, time budget,
   * no-store), its body is not read, and its log line names the route's pattern, never its path.
   */
  operationRoutes?(path: string): OperationRoute<Admission> | undefined;
}

/** The request an operation route's engine runs sees: a GraphQL POST of JSON, whatever the route's own request was. */
const OPERATION_ROUTE_REQUEST: EngineRequest = {
  method: "POST",
  url: GRAPHQL_PATH,
  headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
};

/** One GraphQL request as a route hands it to the engine. */
export interface GraphQLRequestBody {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/**
 * A path answered with operations run on the engine: `logAs` is what the log line names (the path
 * may hold an id), `answer` writes the response. `execute` runs one operation as the admitted
 * caller, through the same engine and plugins as /graphql, and fills the request's log record.
 * Throw an HttpRefusal to refuse as GraphQL over HTTP does.
 */
export interface OperationRoute<Admission> {
  logAs: string;
  answer(request: http.IncomingMessage, response: http.ServerResponse, admission: Admission, execute: (body: GraphQLRequestBody) => Promise<EngineAnswer>): Promise<void>;
}

export interface ServedGraphQL {
  /** The service's base URL, ending in "/". */
  url: string;
}

/** The paths a log line names; any other is "other" (a path is the client's free text: red team put a name and EMŠO in one). */
const LOGGED_PATHS = new Set([GRAPHQL_PATH, "/health", "/ready", "/dev/token"]);
const loggedPath = (path: string) => (LOGGED_PATHS.has(path) ? path : path.startsWith("/explorer/") ? "/explorer/*" : "other");

/** Closes a new connection from an address that already holds `limit` open ones, and says so once a minute at most. */
function limitConnectionsPerAddress(httpServer: http.Server, limit: number, serviceLog: Logger): void {
  const open = new Map<string, number>();
  let lastWarning = 0;
  httpServer.on("connection", (socket) => {
    const address = socket.remoteAddress ?? "";
    const count = (open.get(address) ?? 0) + 1;
    if (count > limit) {
      socket.destroy();
      if (Date.now() - lastWarning > 60_000) {
        lastWarning = Date.now();
        serviceLog.warn({ limit }, "an address holds as many connections as it may; closing its new ones");
      }
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** What an engine answers one GraphQL request with. */
export interface EngineAnswer {
  status: number;
  headers: Iterable<[string, string]>;
  body: string | AsyncIterable<string>;
}

/** What an engine reads of the HTTP request besides its body. */
export type EngineRequest = Pick<http.IncomingMessage, "method" | "url" | "headers">;

/**
 * Runs one admitted GraphQL request on an engine (Apollo Server, or Hive Gateway: gateway/hive.ts).
 * `record` is the request's log record, for the engine to fill (operation, error codes).
 */
export type Engine<Admission> = (request: EngineRequest, body: unknown, admission: Admission, record: RequestRecord) => Promise<EngineAnswer>;

export interface ServedHttp extends ServedGraphQL {
  httpServer: http.Server;
}

/**
 * The HTTP front every service shares, whatever runs its GraphQL: probes, other routes, CORS,
 * admission on the headers, the body read within its limit and parsed, the engine, and one log
 * line per request (shared/log.ts). Answers the engine does not give are GraphQL JSON refusals.
 */
export async function serveHttp<Admission>(
  engine: Engine<Admission>,
  options: Omit<GraphQLHttpOptions<never, Admission>, "context">,
  /** Runs once the server exists, before it listens (Apollo adds its drain plugin and starts there). */
  beforeListen?: (httpServer: http.Server) => Promise<void>,
): Promise<ServedHttp> {
  const serviceLog = options.log ?? rootLog;
  const serviceName = String(serviceLog.bindings().service ?? "hub");
  const places = options.maxInFlight ? new FairShare(options.maxInFlight) : undefined;
  const bodies = options.bodyBudget ? new BodyBudget(options.bodyBudget.totalBytes, options.bodyBudget.perKeyBytes) : undefined;
  const inTurn = <T>(key: string, run: () => Promise<T>): Promise<T> => (places ? places.run(key, run) : run());
  const httpServer = http.createServer(async (request, response) => {
    const started = performance.now();
    // With tracing on, the request's span has its trace id already; else a new one (a subgraph takes its verified caller's: shared/subgraph.ts).
    const record: RequestRecord = { requestId: activeTraceId() ?? newTraceId() };
    trace.getActiveSpan()?.setAttribute("hub.service", serviceName);
    records.set(request, record);
    let failed = false;
    let operationRoute: OperationRoute<Admission> | undefined;
    response.once("close", () => {
      const path = pathOf(request);
      // Probes every few seconds would drown the requests: they are logged at debug.
      const probe = path === "/health" || path === "/ready";
      const status = response.statusCode;
      const outcome: RequestLine["outcome"] = failed ? "failed" : !response.writableFinished ? "abandoned" : record.errors ? "errors" : status >= 400 ? "refused" : "ok";
      const line: RequestLine = { requestId: record.requestId, method: (request.method ?? "").slice(0, 10), path: operationRoute?.logAs ?? loggedPath(path), operation: record.operation, ms: Math.round((performance.now() - started) * 10) / 10, status, outcome, errors: record.errors, agency: record.agency, subgraphCalls: record.subgraphCalls };
      serviceLog[probe ? "debug" : "info"](line, "request");
    });
    try {
      if (options.probes && (await options.probes(request, response))) return;
      if (options.routes && (await options.routes(request, response))) return;
      if (options.before && (await options.before(request, response))) return;
      const path = pathOf(request);
      operationRoute = path === GRAPHQL_PATH ? undefined : options.operationRoutes?.(path);
      if (path !== GRAPHQL_PATH && !operationRoute) throw new HttpRefusal(404, ErrorCode.NOT_FOUND, `Nothing here: the GraphQL endpoint is ${GRAPHQL_PATH}`);
      // Answers carry personal data: no browser or proxy keeps one (red team: Chrome served a CSD answer from its cache to a request without a token).
      response.setHeader("cache-control", "no-store");
      const admission = await options.admit(request, response);
      const key = options.inFlightKey?.(admission) ?? "";
      if (operationRoute) {
        await operationRoute.answer(request, response, admission, (body) => inTurn(key, () => engine(OPERATION_ROUTE_REQUEST, body, admission, record)));
        return;
      }
      if (bodies) {
        // Reserved before a byte is read, given back when the answer has gone (or the client went away).
        const declared = Number(request.headers["content-length"]);
        const giveBack = bodies.reserve(key, Number.isFinite(declared) && declared >= 0 ? Math.min(declared, options.bodyLimit) : options.bodyLimit);
        response.once("close", giveBack);
      }
      const body = parseBody(request, await readBody(request, options.bodyLimit));
      const answer = await inTurn(key, () => engine(request, body, admission, record));
      for (const [name, value] of answer.headers) response.setHeader(name, value);
      response.statusCode = answer.status;
      if (typeof answer.body === "string") {
        response.end(answer.body);
        return;
      }
      for await (const chunk of answer.body) response.write(chunk);
      response.end();
    } catch (error) {
      if (error instanceof HttpRefusal) {
        // A body left unread is not read at all: the connection closes after the answer.
        if (!request.complete) response.shouldKeepAlive = false;
        writeRefusal(response, error);
        return;
      }
      // A client that went away mid-body (red team: a body that never finishes, cut by Node's 408) is abandoned, not an error to page anyone about.
      if (request.destroyed || (error as NodeJS.ErrnoException).code === "ECONNRESET") {
        response.destroy();
        return;
      }
      failed = true;
      serviceLog.error({ requestId: record.requestId, ...errorFields(error) }, "request failed");
      writeRefusal(response, new HttpRefusal(500, ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error"));
    }
  });
  // Callers keep connections open between requests: the server keeps them longer than Node's 5 s
  // default, so that fewer close under a request just sent (shared/http-client.ts sends those again).
  httpServer.keepAliveTimeout = 65_000;
  // A client that sends its headers or body a byte at a time does not hold a connection for long.
  httpServer.headersTimeout = 20_000;
  // A body (at most 1–2 MiB) trickled in a byte at a time does not hold a connection for long either.
  httpServer.requestTimeout = 30_000;
  // A connection on which nothing moves for longer than kept-alive connections may idle is closed (a reader that stopped reading, too).
  httpServer.timeout = 70_000;
  if (options.maxConnectionsPerAddress) limitConnectionsPerAddress(httpServer, options.maxConnectionsPerAddress, serviceLog);
  await beforeListen?.(httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  // Named as Apollo's standalone server names it, so nothing downstream sees a difference.
  const { address, port } = httpServer.address() as AddressInfo;
  return { httpServer, url: format({ protocol: "http", hostname: address === "" || address === "::" ? "localhost" : address, port, pathname: "/" }) };
}

/** Serves an Apollo Server (started here) over the shared HTTP front (serveHttp). */
export async function serveGraphQL<Context extends BaseContext, Admission>(
  server: ApolloServer<Context>,
  options: GraphQLHttpOptions<Context, Admission>,
): Promise<ServedGraphQL> {
  const engine: Engine<Admission> = async (request, body, admission, record) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = request.url ?? "/";
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? "GET").toUpperCase(), headers, search: url.includes("?") ? url.slice(url.indexOf("?")) : "", body },
      context: async () => {
        const context = await options.context(request, body, admission, record);
        return Object.assign(context, { [RECORD]: record });
      },
    });
    const streamed = answer.body.kind === "complete" ? null : answer.body.asyncIterator;
    return { status: answer.status ?? 200, headers: answer.headers, body: answer.body.kind === "complete" ? answer.body.string : streamed! };
  };
  const { url } = await serveHttp(engine, options, async (httpServer) => {
    // Stopping the server lets requests in flight finish, as Apollo's standalone server does.
    server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
    server.addPlugin(recordOutcome as never);
    await server.start();
  });
  return { url };
}
