import type { DataSource } from "typeorm";
import type { SubgraphContext } from "../../shared/context";
import { assistanceDecisionsLoader } from "./assistance/assistance.loader";
import { socialWorkCentreLoader } from "./centre/centre.loader";
import { socialCaseLoader } from "./social-case/social-case.loader";

export const createCsdLoaders = (db: DataSource) => ({
  centre: socialWorkCentreLoader(db),
  socialCase: socialCaseLoader(db),
  assistanceDecisions: assistanceDecisionsLoader(db),
});

export type CsdContext = SubgraphContext<ReturnType<typeof createCsdLoaders>>;
