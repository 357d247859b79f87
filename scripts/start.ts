import cluster from "node:cluster";
import { startGateway } from "../gateway";
import { authSettings, devIssuerKey, gatewaySigningKey } from "../shared/auth/settings";
import { hubSettings } from "../shared/config";
import { startSubgraph } from "../shared/subgraph";
import { findSubgraph, SUBGRAPHS } from "../subgraphs";
import { configuredSubgraphUrls, startHub } from "./hub";

/**
 * `npm start`: the whole hub in one process (four subgraphs and the gateway).
 * `npm run start:gateway` / `npm run start:subgraph -- <name>`: one service alone, as deployed.
 */
async function main(): Promise<() => Promise<void>> {
  const [mode, name] = process.argv.slice(2);
  const settings = hubSettings();
  if (mode === "gateway") {
    if (settings.gatewayWorkers > 1 && cluster.isPrimary) return startGatewayWorkers(settings.gatewayWorkers, settings.dataDir);
    const gateway = await startGateway({ port: settings.gatewayPort, host: settings.host, dataDir: settings.dataDir, subgraphUrls: configuredSubgraphUrls() });
    if (cluster.isWorker) process.send!("ready");
    else console.log(`Gateway ready at ${gateway.url}`);
    return gateway.stop;
  }
  if (mode === "subgraph") {
    if (!name) throw new Error("Name the subgraph: npm run start:subgraph -- <name>");
    const definition = findSubgraph(name);
    const subgraph = await startSubgraph(definition, {
      dataDir: settings.dataDir,
      demoData: settings.demoData,
      peers: SUBGRAPHS.map((peer) => peer.name),
      peerUrl: (peer) => configuredSubgraphUrls()[peer],
    });
    console.log(`Subgraph ${name} ready at ${subgraph.url} (${subgraph.database.kind})`);
    return subgraph.stop;
  }
  const hub = await startHub();
  for (const subgraph of hub.subgraphs) console.log(`  subgraph ${subgraph.name.padEnd(13)} ${subgraph.url} (${subgraph.database.kind})`);
  console.log(`Gateway ready at ${hub.gateway.url}`);
  return hub.stop;
}

/**
 * GATEWAY_WORKERS > 1: that many gateway processes share the port (node:cluster), so the gateway
 * uses every core it is given. The keys are made before the workers start, so they all sign and
 * verify with the same ones. A worker that dies is replaced; SIGTERM stops them all.
 */
async function startGatewayWorkers(count: number, dataDir: string): Promise<() => Promise<void>> {
  await gatewaySigningKey(dataDir);
  if (authSettings().devIssuerEnabled) await devIssuerKey(dataDir);
  let stopping = false;
  const fork = () =>
    new Promise<void>((resolve) => {
      const worker = cluster.fork();
      worker.on("message", (message) => message === "ready" && resolve());
    });
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    console.error(`gateway worker ${worker.process.pid} exited (${code}); starting another`);
    void fork();
  });
  await Promise.all(Array.from({ length: count }, fork));
  console.log(`Gateway ready at http://${hubSettings().host}:${hubSettings().gatewayPort}/graphql (${count} workers)`);
  return async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    await Promise.all(workers.map((worker) => new Promise<void>((resolve) => (worker.on("exit", () => resolve()), worker.process.kill("SIGTERM")))));
  };
}

main().then(
  (stop) => {
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping, closing databases`);
      await stop();
      process.exit(0);
    };
    process.on("SIGINT", () => void shutdown("SIGINT"));
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
