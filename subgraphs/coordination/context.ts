import type { DataSource } from "typeorm";
import type { Caller, SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";
import { providerReachLoader } from "./participant/case-team";
import { caseNotesLoader } from "./case-note/case-note.loader";
import { coordinatorLoader } from "./coordinator/coordinator.loader";
import { participantLoader } from "./participant/participant.loader";
import { discussedParticipantsLoader, runProviderLoader, teamMeetingsByParticipantLoader, teamMeetingsByRunLoader } from "./team-meeting/team-meeting.loader";

export const createCoordinationLoaders = (db: DataSource, { caller, hub }: { caller: Caller; hub: HubClient }) => ({
  providerReach: providerReachLoader(hub, caller),
  caseNotes: caseNotesLoader(db),
  runProvider: runProviderLoader(hub),
  coordinator: coordinatorLoader(db),
  participant: participantLoader(db),
  teamMeetingsByRun: teamMeetingsByRunLoader(db),
  teamMeetingsByParticipant: teamMeetingsByParticipantLoader(db),
  discussedParticipants: discussedParticipantsLoader(db),
});

export type CoordinationContext = SubgraphContext<ReturnType<typeof createCoordinationLoaders>>;
