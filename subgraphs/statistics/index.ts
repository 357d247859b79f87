import type { SubgraphDefinition } from "../../shared/subgraph";
import { statisticsClassification } from "./classification";
import { createStatisticsLoaders } from "./context";
import { IndicatorsResolver } from "./indicators/indicators.resolver";
import { IndicatorReleases1797000000000 } from "./migrations/1797000000000-indicator-releases";
import { releaseWorker } from "./indicators/releases";
import { statisticsPermissions } from "./permissions";

/**
 * Statistics: the ESF+ indicators (issue 17), joined from the agencies' pseudonymous facts on each
 * request. It holds no data about people and never the linkage key; its database keeps its
 * releases (counts only, indicators/releases.ts) and its access log, which records every reading of
 * indicators (with no person in it). See README.md.
 */
export const statistics: SubgraphDefinition<ReturnType<typeof createStatisticsLoaders>> = {
  name: "statistics",
  owner: "OVERSIGHT",
  actor: "the ministry's statistics office",
  owns: "no data about people: ESF+ indicators joined per request from the agencies' pseudonymous facts",
  defaultPort: 4006,
  entities: [],
  migrations: [IndicatorReleases1797000000000],
  resolvers: [IndicatorsResolver],
  references: {},
  createLoaders: createStatisticsLoaders,
  permissions: statisticsPermissions,
  classification: statisticsClassification,
  loadDemoData: async () => {},
  stop: () => releaseWorker.stop(),
};
