import fs from "node:fs";
import http from "node:http";
import { createGatewayRuntime, type GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
import { GraphQLError } from "graphql";
import { createAuthenticator } from "../gateway/authentication";
import { SUPERGRAPH_PATH, subgraphHeaders } from "../gateway";
import { InternalTokenSigner } from "../shared/auth/internal-token";
import { authSettings, gatewaySigningKey } from "../shared/auth/settings";
import { configuredSubgraphUrls } from "../scripts/hub";
import type { Caller } from "../shared/context";

/**
 * The peer the benchmark compares our gateway with: Hive Gateway (`@graphql-hive/gateway-runtime`)
 * with the Rust query planner (`@graphql-hive/router-runtime`), serving the committed
 * schema/supergraph.graphql over the same subgraphs. Run by bench/run.ts as its own process:
 * `node --import tsx bench/hive-gateway.ts` with PORT, DATA_DIR and `<NAME>_URL` for each subgraph.
 *
 * It does the same per-request work as ours so the comparison is fair: verifies the user's token
 * and hands each subgraph fetch the identity the gateway signs for that subgraph and that body. Request deduplication stays off, so every
 * request does its own work.
 */
interface HubContext {
  caller?: Caller;
  operationName?: string;
}

async function main() {
  const dataDir = process.env.DATA_DIR!;
  const subgraphUrls = configuredSubgraphUrls();
  // The committed supergraph names where each subgraph listened when it was composed; point it at the running ones.
  const supergraph = fs
    .readFileSync(SUPERGRAPH_PATH, "utf8")
    .replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")`);
  const authenticator = await createAuthenticator(authSettings(), dataDir);
  const signer = new InternalTokenSigner(await gatewaySigningKey(dataDir));

  const authentication: GatewayPlugin<HubContext> = {
    async onContextBuilding({ context, extendContext }) {
      const authorization = context.request.headers.get("authorization") ?? undefined;
      if (!authorization) throw new GraphQLError("Not signed in: send Authorization: Bearer <token>", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
      extendContext({ caller: await authenticator.authenticate(authorization), operationName: context.params.operationName ?? undefined });
    },
  };

  // Each subgraph fetch gets the identity signed for that subgraph and that body, as ours does.
  const subgraphByUrl = new Map(Object.entries(subgraphUrls).map(([name, url]) => [url, name]));
  const identities: GatewayPlugin<HubContext> = {
    async onFetch({ url, options, setOptions, context: fetchContext }) {
      const context = fetchContext as Partial<HubContext> | undefined;
      const subgraphName = subgraphByUrl.get(url);
      if (!context?.caller || !subgraphName || typeof options.body !== "string") return;
      const { query, variables } = JSON.parse(options.body) as { query?: string; variables?: unknown };
      const headers = await subgraphHeaders(signer, subgraphName, { caller: context.caller, operationName: context.operationName ?? "anonymous", query, variables });
      setOptions({ ...options, headers: { ...options.headers, ...headers } });
    },
  };

  const gateway = createGatewayRuntime<HubContext>({
    supergraph,
    unifiedGraphHandler,
    logging: "error",
    graphiql: false,
    landingPage: false,
    inboundInflightRequestDeduplication: false,
    transportEntries: { "*.http": { options: { deduplicateInflightRequests: false } } },
    plugins: () => [authentication, identities],
  });
  const server = http.createServer(gateway);
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    const address = server.address();
    console.log(`hive gateway ready on ${typeof address === "object" && address ? address.port : address}`);
  });
  process.on("SIGTERM", () => {
    server.close();
    void Promise.resolve(gateway.dispose()).then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
