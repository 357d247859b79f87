import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { CaseTeam } from "../../shared/auth/case-team";
import type { Caller, SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";
import { caseNotesLoader } from "./case-note/case-note.loader";
import { coordinatorLoader } from "./coordinator/coordinator.loader";
import { caseTeamOf, providerReachLoader } from "./participant/case-team";
import { participantLoader } from "./participant/participant.loader";
import { discussedParticipantsLoader, runProviderLoader, teamMeetingsByParticipantLoader, teamMeetingsByRunLoader } from "./team-meeting/team-meeting.loader";

const createDataLoaders = (db: DataSource, { caller, hub }: { caller: Caller; hub: HubClient }) => ({
  providerReach: providerReachLoader(hub, caller),
  caseNotes: caseNotesLoader(db),
  runProvider: runProviderLoader(hub),
  coordinator: coordinatorLoader(db),
  participant: participantLoader(db),
  teamMeetingsByRun: teamMeetingsByRunLoader(db),
  teamMeetingsByParticipant: teamMeetingsByParticipantLoader(db),
  discussedParticipants: discussedParticipantsLoader(db),
});

export type CoordinationLoaders = ReturnType<typeof createDataLoaders> & { caseTeam: DataLoader<string, CaseTeam | null> };

export const createCoordinationLoaders = (db: DataSource, request: { caller: Caller; hub: HubClient }): CoordinationLoaders => {
  const loaders = createDataLoaders(db, request);
  // The caller's case teams, worked out here, as every other subgraph asks for them through caseTeams.
  const all = { ...loaders } as CoordinationLoaders;
  all.caseTeam = new DataLoader<string, CaseTeam | null>(async (ids): Promise<(CaseTeam | null)[]> => {
    const rows = await loaders.participant.loadMany(ids);
    const context = { ...request, loaders: all };
    return Promise.all(rows.map((row) => (row && !(row instanceof Error) ? caseTeamOf(context, row) : null)));
  });
  return all;
};

export type CoordinationContext = SubgraphContext<CoordinationLoaders>;
