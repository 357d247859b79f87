import type { SubgraphDefinition } from "../../shared/subgraph";
import { CsdIndicatorFactsResolver } from "./indicators/indicator-facts.resolver";
import { AssistanceDecisionEntity } from "./assistance/assistance-decision.entity";
import { AssistanceDecisionResolver } from "./assistance/assistance.resolver";
import { SocialWorkCentreEntity } from "./centre/centre.entity";
import { socialWorkCentreReference } from "./centre/centre.reference";
import { SocialWorkCentreResolver } from "./centre/centre.resolver";
import { createCsdLoaders } from "./context";
import { csdClassification } from "./classification";
import { csdPermissions } from "./permissions";
import { loadCsdDemoData } from "./demo-data";
import { Initial1764230400000 } from "./migrations/1764230400000-initial";
import { SlovenianOrder1796083200000 } from "../../shared/collation.migration";
import { DecisionNumberPerCentre1796169600000 } from "./migrations/1796169600000-decision-number-per-centre";
import { participantReference } from "./participant/participant.reference";
import { ParticipantResolver } from "./participant/participant.resolver";
import { Participant } from "./participant/participant.type";
import { SocialCaseEntity } from "./social-case/social-case.entity";
import { SocialCaseResolver } from "./social-case/social-case.resolver";

/** The Centres for Social Work (CSD): financial social assistance and social cases. */
export const csd: SubgraphDefinition<ReturnType<typeof createCsdLoaders>> = {
  name: "csd",
  owner: "CSD",
  actor: "Centres for Social Work (CSD)",
  owns: "centres; financial social assistance (DSP) decisions; social cases",
  defaultPort: 4002,
  entities: [SocialWorkCentreEntity, SocialCaseEntity, AssistanceDecisionEntity],
  migrations: [Initial1764230400000, SlovenianOrder1796083200000, DecisionNumberPerCentre1796169600000],
  resolvers: [CsdIndicatorFactsResolver, SocialWorkCentreResolver, SocialCaseResolver, AssistanceDecisionResolver, ParticipantResolver],
  orphanedTypes: [Participant],
  references: { SocialWorkCentre: socialWorkCentreReference, Participant: participantReference },
  createLoaders: createCsdLoaders,
  permissions: csdPermissions,
  classification: csdClassification,
  loadDemoData: loadCsdDemoData,
};
