import { startGateway, type GatewayOptions, type RunningGateway } from "../gateway";
import { hubSettings, subgraphSettings } from "../shared/config";
import { startSubgraph, type RunningSubgraph } from "../shared/subgraph";
import { SUBGRAPHS } from "../subgraphs";

/** The whole hub in one process: every subgraph on its own database, and the gateway over them. */
export interface RunningHub {
  gateway: RunningGateway;
  subgraphs: RunningSubgraph[];
  stop(): Promise<void>;
}

export interface HubOptions {
  dataDir?: string;
  demoData?: boolean;
  gatewayPort?: number;
  /** Port 0 everywhere lets several hubs run side by side (tests). */
  ephemeralPorts?: boolean;
  databaseUrls?: Record<string, string | undefined>;
  /** Overrides of the environment's rate limits (tests send many requests as one user). */
  rateLimits?: GatewayOptions["rateLimits"];
  /** Start-up progress of each subgraph, by name (`npm start -- --single-process` prints it; default: quiet). */
  progress?: (subgraph: string, line: string) => void;
  /** Puts something in front of a subgraph (tests: a proxy that records what the gateway and other services send it). */
  interpose?: (name: string, url: string) => string;
  /** Puts something between a subgraph and its database (tests: a proxy that can cut it). */
  interposeDatabase?: (name: string, url: string) => string;
}

export async function startHub(options: HubOptions = {}): Promise<RunningHub> {
  const settings = hubSettings();
  const subgraphUrls = new Map<string, string>();
  const started = await Promise.allSettled(
    SUBGRAPHS.map((definition) =>
      startSubgraph(definition, {
        dataDir: options.dataDir ?? settings.dataDir,
        demoData: options.demoData ?? settings.demoData,
        port: options.ephemeralPorts ? 0 : undefined,
        databaseUrl: options.databaseUrls?.[definition.name],
        peers: SUBGRAPHS.map((subgraph) => subgraph.name),
        peerOwners: Object.fromEntries(SUBGRAPHS.map((peer) => [peer.name, peer.owner])),
        progress: options.progress && ((line: string) => options.progress!(definition.name, line)),
        interposeDatabase: options.interposeDatabase && ((url: string) => options.interposeDatabase!(definition.name, url)),
        peerUrl: (name: string) => {
          const url = subgraphUrls.get(name);
          return url && options.interpose ? options.interpose(name, url) : url;
        },
      }),
    ),
  );
  const subgraphs = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  for (const subgraph of subgraphs) subgraphUrls.set(subgraph.name, subgraph.url);
  const failure = started.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) {
    await Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
    throw failure.reason;
  }
  try {
    const gateway = await startGateway({
      port: options.gatewayPort ?? (options.ephemeralPorts ? 0 : settings.gatewayPort),
      host: settings.host,
      dataDir: options.dataDir ?? settings.dataDir,
      rateLimits: options.rateLimits,
      subgraphUrls: Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, options.interpose ? options.interpose(subgraph.name, subgraph.url) : subgraph.url])),
    });
    return {
      gateway,
      subgraphs,
      async stop() {
        await gateway.stop();
        await Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
      },
    };
  } catch (error) {
    await Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
    throw error;
  }
}

/** The subgraph URLs the gateway uses when the services run as separate processes. */
export const configuredSubgraphUrls = () =>
  Object.fromEntries(SUBGRAPHS.map((definition) => [definition.name, subgraphSettings(definition.name, definition.defaultPort).url]));
