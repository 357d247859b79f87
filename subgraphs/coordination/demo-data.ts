import type { EntityManager } from "typeorm";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { CoordinatorEntity } from "./coordinator/coordinator.entity";
import { ParticipantEntity } from "./participant/participant.entity";
import { TeamMeetingEntity, TeamMeetingParticipantEntity } from "./team-meeting/team-meeting.entity";

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
  await insertInChunks(manager, TeamMeetingEntity,
    data.teamMeetings.map(({ participantIds: _discussed, ...meeting }) => ({ ...meeting, recordedAt: new Date(meeting.recordedAt) })),
  );
  await insertInChunks(manager, TeamMeetingParticipantEntity,
    data.teamMeetings.flatMap((meeting) => meeting.participantIds.map((participantId) => ({ meetingId: meeting.id, participantId }))),
  );
}
