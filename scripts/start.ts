// First: tracing must instrument http and pg before anything requires them (shared/tracing.ts).
import "../shared/tracing-init";
import cluster from "node:cluster";
import { startGateway } from "../gateway";
import { authSettings, devIssuerKey, gatewaySigningKey } from "../shared/auth/settings";
import { ConfigError, EXIT_CANNOT_START, hubSettings } from "../shared/config";
import { startSubgraph } from "../shared/subgraph";
import { findSubgraph, SUBGRAPHS } from "../subgraphs";
import { configuredSubgraphUrls, startHub } from "./hub";
import { startSupervisor, type ReadyMessage } from "./supervisor";
import { phase, printProgress } from "../shared/progress";
import { flushTracing } from "../shared/tracing";
import { errorFields, log } from "../shared/log";

/** Run by the supervisor (scripts/supervisor.ts): this process reports to it over IPC. */
const supervised = () => cluster.isPrimary && typeof process.send === "function";

/**
 * A promise of one request that fails after nobody waits for it any more is that request's
 * business, not every other caller's: it is logged, and the service goes on. Node's default ends
 * the process, and took every request in flight with it (red team, issue 18: graphql-js left a
 * list's items unawaited when its budget ran out; that cause is fixed in shared/deadline.ts).
 */
process.on("unhandledRejection", (reason) => log.error(errorFields(reason, { frames: true }), "a failure nobody awaited (logged; the service goes on)"));

/** A service says where it listens: to the supervisor when it runs under one, else on the console. */
function announce(message: ReadyMessage, line: string): void {
  if (supervised()) process.send!(message);
  else console.log(line);
}

/**
 * `npm start`: every subgraph and the gateway in its own process under a supervisor that restarts
 * them (scripts/supervisor.ts); `npm start -- --single-process`: all of them in this one process.
 * `npm run start:gateway` / `npm run start:subgraph -- <name>`: one service alone, as deployed.
 */
async function main(): Promise<() => Promise<void>> {
  const [mode, name] = process.argv.slice(2);
  const settings = hubSettings();
  if (mode === "gateway") {
    if (settings.gatewayWorkers > 1 && cluster.isPrimary) return startGatewayWorkers(settings.gatewayWorkers, settings.dataDir);
    // Hive Gateway is loaded only when it is the engine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const start = settings.gatewayEngine === "hive" ? (require("../gateway/hive") as typeof import("../gateway/hive")).startHiveGateway : startGateway;
    const gateway = await phase(printProgress, `starting the gateway (${settings.gatewayEngine === "hive" ? "Hive Gateway" : "Apollo Gateway"}) over schema/supergraph.graphql`, () =>
      start({ port: settings.gatewayPort, host: settings.host, dataDir: settings.dataDir, subgraphUrls: configuredSubgraphUrls() }),
    );
    if (cluster.isWorker) process.send!("ready");
    else announce({ ready: gateway.url }, `Gateway ready at ${gateway.url}`);
    return gateway.stop;
  }
  if (mode === "subgraph") {
    if (!name) throw new Error("Name the subgraph: npm run start:subgraph -- <name>");
    const definition = findSubgraph(name);
    const subgraph = await startSubgraph(definition, {
      dataDir: settings.dataDir,
      demoData: settings.demoData,
      peers: SUBGRAPHS.map((peer) => peer.name),
      peerOwners: Object.fromEntries(SUBGRAPHS.map((peer) => [peer.name, peer.owner])),
      peerUrl: (peer) => configuredSubgraphUrls()[peer],
      progress: printProgress,
    });
    announce({ ready: subgraph.url, detail: subgraph.database.kind }, `Subgraph ${name} ready at ${subgraph.url} (${subgraph.database.kind})`);
    return subgraph.stop;
  }
  if (mode !== "--single-process") return (await startSupervisor()).stop;
  const hub = await startHub({ progress: (subgraph, line) => printProgress(`[${subgraph}] ${line}`) });
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
  const url = `http://${hubSettings().host}:${hubSettings().gatewayPort}/graphql`;
  announce({ ready: url, detail: `${count} workers` }, `Gateway ready at ${url} (${count} workers)`);
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
      console.log(`${signal}: stopping${process.argv[2] === "gateway" ? "" : ", closing databases"}`);
      await stop();
      await flushTracing();
      process.exit(0);
    };
    process.on("SIGINT", () => void shutdown("SIGINT"));
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    // A service whose supervisor is gone (killed, crashed) stops rather than hold its port as an orphan.
    if (supervised()) {
      process.on("disconnect", () => void shutdown("supervisor gone"));
      if (!process.connected) void shutdown("supervisor gone");
    }
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    // A setting to fix or a port in use: starting again will not help (the supervisor does not retry it).
    const cannotStart = error instanceof ConfigError || (error as NodeJS.ErrnoException)?.code === "EADDRINUSE";
    process.exit(cannotStart ? EXIT_CANNOT_START : 1);
  },
);
