import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { HubClient } from "../../../shared/hub-client";
import { groupLoader } from "../../../shared/loaders";
import { TeamMeetingEntity } from "./team-meeting.entity";

export const teamMeetingsByRunLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db.getRepository(TeamMeetingEntity).createQueryBuilder("meeting").where("meeting.runId = ANY(:ids)", { ids }).orderBy("meeting.heldOn").getMany(),
    (meeting) => meeting.runId,
  );

/** Meetings that discussed each participant (a meeting appears once for each participant asked about). */
export const teamMeetingsByParticipantLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db.query(
        `SELECT meeting.id, meeting.kind, meeting.run_id AS "runId", meeting.held_on AS "heldOn", meeting.agencies,
                meeting.agreements, meeting.recorded_at AS "recordedAt", discussed.participant_id AS "participantId"
           FROM team_meetings meeting
           JOIN team_meeting_participants discussed ON discussed.meeting_id = meeting.id
          WHERE discussed.participant_id = ANY($1)
          ORDER BY meeting.held_on, meeting.id`,
        [ids],
      ) as Promise<(TeamMeetingEntity & { participantId: string })[]>,
    (meeting) => meeting.participantId,
  );

export const discussedParticipantsLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db.query(`SELECT meeting_id AS "meetingId", participant_id AS "participantId" FROM team_meeting_participants WHERE meeting_id = ANY($1)`, [ids]) as Promise<
        { meetingId: string; participantId: string }[]
      >,
    (row) => row.meetingId,
  );

/** The provider whose run each is, asked of the providers service in one request. */
export const runProviderLoader = (hub: HubClient) =>
  new DataLoader<string, string | null>(async (runIds) => {
    const variables = Object.fromEntries(runIds.map((id, index) => [`run${index}`, id]));
    const query = `query RunProviders(${runIds.map((_, index) => `$run${index}: ID!`).join(", ")}) {
      ${runIds.map((_, index) => `run${index}: programmeRun(id: $run${index}) { programme { provider { id } } }`).join("\n")}
    }`;
    const answer = await hub.request<Record<string, { programme: { provider: { id: string } | null } | null } | null>>("providers", query, variables);
    return runIds.map((_, index) => answer[`run${index}`]?.programme?.provider?.id ?? null);
  });
