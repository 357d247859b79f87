import type { EntityManager } from "typeorm";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { CoordinatorEntity } from "./coordinator/coordinator.entity";
import { ParticipantEntity } from "./participant/participant.entity";

const timestamp = (value: string | null) => (value === null ? null : new Date(value));

export async function loadCoordinationDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await insertInChunks(manager, CoordinatorEntity, data.coordinators);
  await insertInChunks(manager, ParticipantEntity,
    data.participants.map((participant) => ({
      ...participant,
      consentGrantedAt: timestamp(participant.consentGrantedAt),
      consentWithdrawnAt: timestamp(participant.consentWithdrawnAt),
      registeredAt: new Date(participant.registeredAt),
    })),
  );
}
