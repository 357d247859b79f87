import type { EntityManager } from "typeorm";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { AssistanceDecisionEntity } from "./assistance/assistance-decision.entity";
import { SocialWorkCentreEntity } from "./centre/centre.entity";
import { SocialCaseEntity } from "./social-case/social-case.entity";

export async function loadCsdDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await insertInChunks(manager, SocialWorkCentreEntity, data.socialWorkCentres);
  await insertInChunks(manager, SocialCaseEntity, data.socialCases);
  await insertInChunks(manager, AssistanceDecisionEntity, data.assistanceDecisions);
}
