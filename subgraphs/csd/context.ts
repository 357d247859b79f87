import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";
import { assistanceDecisionsLoader } from "./assistance/assistance.loader";
import { socialWorkCentreLoader } from "./centre/centre.loader";
import { socialCaseLoader } from "./social-case/social-case.loader";

export const createCsdLoaders = (db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
  centre: socialWorkCentreLoader(db),
  socialCase: socialCaseLoader(db),
  assistanceDecisions: assistanceDecisionsLoader(db),
});

export type CsdContext = SubgraphContext<ReturnType<typeof createCsdLoaders>>;
