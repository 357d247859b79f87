import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";

/** The request's loaders. `caseTeam` tells the rules who is in a participant's case team (asked of coordination). */
export const create__Pascal__Loaders = (_db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
});

export type __Pascal__Context = SubgraphContext<ReturnType<typeof create__Pascal__Loaders>>;
