import { startSubgraph } from "../shared/subgraph";
import { hubSettings, subgraphSettings } from "../shared/config";
import { findSubgraph, SUBGRAPHS } from "../subgraphs";
import { configuredSubgraphUrls } from "../scripts/hub";

/**
 * One subgraph in its own process, as deployed, for bench/run.ts: started with
 * `node --import tsx bench/subgraph-process.ts <name>` and an IPC channel, it reports its URL when
 * ready and answers `"counters"` with the requests it served and the SQL statements it sent.
 */
export interface SubgraphCounters {
  requests: number;
  statements: number;
}

async function main() {
  const settings = hubSettings();
  const subgraph = await startSubgraph(findSubgraph(process.argv[2]), {
    dataDir: settings.dataDir,
    demoData: false,
    // bench/processes.ts chose every subgraph's port before any started: each knows where the others listen.
    port: subgraphSettings(process.argv[2], 0).port,
    peers: SUBGRAPHS.map((peer) => peer.name),
    peerOwners: Object.fromEntries(SUBGRAPHS.map((peer) => [peer.name, peer.owner])),
    peerUrl: (peer) => configuredSubgraphUrls()[peer],
  });
  process.on("message", (message) => {
    if (message === "counters") process.send!({ requests: subgraph.requests.count, statements: subgraph.database.statements.count } satisfies SubgraphCounters);
  });
  process.on("SIGTERM", () => void subgraph.stop().then(() => process.exit(0)));
  process.send!({ url: subgraph.url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
