import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";

/**
 * Statistics reads no table of people: it joins what the agencies send per request. `caseTeam`
 * (asked of coordination) serves only the rule on its access-log part, which coordination merges
 * for a person's coordinator and the DPO (it holds no records of a person's data).
 */
export const createStatisticsLoaders = (_db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
});

export type StatisticsContext = SubgraphContext<ReturnType<typeof createStatisticsLoaders>>;
