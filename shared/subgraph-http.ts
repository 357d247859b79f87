import http from "node:http";
import type { AddressInfo } from "node:net";
import { format } from "node:url";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ErrorCode } from "./errors";

/**
 * A subgraph's HTTP server: Apollo Server on plain node:http. Only the gateway and the hub's own
 * services call a subgraph, so it needs none of what Apollo's standalone server puts in front of
 * every request for browsers (CORS, the express-style body parser and its charset handling):
 * a profile put that at about a millisecond of CPU per request, and a hub request makes several.
 */
/** The largest request body a subgraph reads (the gateway's entity batches are far smaller). */
const BODY_LIMIT = 5 * 1024 * 1024;

export interface ServedSubgraph {
  url: string;
}

const refusal = (response: http.ServerResponse, status: number, message: string) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] }));
};

function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function serveSubgraph<Context extends BaseContext>(
  server: ApolloServer<Context>,
  options: { port: number; host: string; context(request: http.IncomingMessage, body: unknown): Promise<Context> },
): Promise<ServedSubgraph> {
  const httpServer = http.createServer(async (request, response) => {
    try {
      const raw = await readBody(request);
      if (raw === null) return refusal(response, 413, `The request body is larger than ${BODY_LIMIT} bytes`);
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          return refusal(response, 400, "The request body is not JSON");
        }
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const url = request.url ?? "/";
      const answer = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (request.method ?? "GET").toUpperCase(), headers, search: url.includes("?") ? url.slice(url.indexOf("?")) : "", body },
        context: () => options.context(request, body),
      });
      for (const [name, value] of answer.headers) response.setHeader(name, value);
      response.statusCode = answer.status ?? 200;
      if (answer.body.kind === "complete") {
        response.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      console.error("subgraph request failed", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] }));
    }
  });
  // Callers keep connections open between requests: the server keeps them longer than Node's 5 s
  // default, so that fewer close under a request just sent (shared/http-client.ts sends those again).
  httpServer.keepAliveTimeout = 65_000;
  // Stopping the server lets requests in flight finish, as Apollo's standalone server does.
  server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  await server.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  // Named as Apollo's standalone server names it, so nothing downstream sees a difference.
  const { address, port } = httpServer.address() as AddressInfo;
  return { url: format({ protocol: "http", hostname: address === "" || address === "::" ? "localhost" : address, port, pathname: "/" }) };
}
