import type { DataSource } from "typeorm";
import type { SubgraphContext } from "../../shared/context";
import { coordinatorLoader } from "./coordinator/coordinator.loader";
import { participantLoader } from "./participant/participant.loader";
import { discussedParticipantsLoader, teamMeetingsByParticipantLoader, teamMeetingsByRunLoader } from "./team-meeting/team-meeting.loader";

export const createCoordinationLoaders = (db: DataSource) => ({
  coordinator: coordinatorLoader(db),
  participant: participantLoader(db),
  teamMeetingsByRun: teamMeetingsByRunLoader(db),
  teamMeetingsByParticipant: teamMeetingsByParticipantLoader(db),
  discussedParticipants: discussedParticipantsLoader(db),
});

export type CoordinationContext = SubgraphContext<ReturnType<typeof createCoordinationLoaders>>;
