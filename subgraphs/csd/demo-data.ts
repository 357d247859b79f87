import type { EntityManager } from "typeorm";
import type { DemoData } from "../../shared/demo-data.types";
import { AssistanceDecisionEntity } from "./assistance/assistance-decision.entity";
import { SocialWorkCentreEntity } from "./centre/centre.entity";
import { SocialCaseEntity } from "./social-case/social-case.entity";

export async function loadCsdDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await manager.insert(SocialWorkCentreEntity, data.socialWorkCentres);
  await manager.insert(SocialCaseEntity, data.socialCases);
  await manager.insert(AssistanceDecisionEntity, data.assistanceDecisions);
}
