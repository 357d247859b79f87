import { startGateway } from "../gateway";
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
    const gateway = await startGateway({ port: settings.gatewayPort, host: settings.host, dataDir: settings.dataDir, subgraphUrls: configuredSubgraphUrls() });
    console.log(`Gateway ready at ${gateway.url}`);
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
