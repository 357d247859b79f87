import type { EntityManager } from "typeorm";
import { ErrorCode, refused } from "../../../shared/errors";
import { SocialWorkCentreEntity } from "./centre.entity";

/** Refuses a write naming a centre that does not exist. */
export async function requireCentre(manager: EntityManager, centreId: string, field: string): Promise<void> {
  if (!(await manager.getRepository(SocialWorkCentreEntity).existsBy({ id: centreId }))) {
    throw refused(ErrorCode.NOT_FOUND, `No Centre for Social Work has id ${centreId}`, { field });
  }
}
