import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { Caller } from "../../../shared/context";
import { Agency, TeamMeetingKind } from "../../../shared/enums";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { optionalText, requireId } from "../../../shared/validation";
import type { CoordinationContext } from "../context";
import { ParticipantEntity } from "../participant/participant.entity";
import { Participant } from "../participant/participant.type";
import { TeamMeetingEntity, TeamMeetingParticipantEntity } from "./team-meeting.entity";
import { TeamMeetingInput } from "./team-meeting.input";
import { ProgrammeRunMeetings, TeamMeeting } from "./team-meeting.type";

/** ACCESS.md: coordinators see every meeting; another agency the meetings it attended. */
const attendedBy = <Meeting extends { agencies: Agency[] }>(caller: Caller, meetings: Meeting[]) =>
  caller.agency === Agency.COORDINATION ? meetings : meetings.filter((meeting) => meeting.agencies.includes(caller.agency as Agency));

interface RunDates {
  programmeRun: { startDate: string; endDate: string } | null;
}

@Resolver(() => TeamMeeting)
export class TeamMeetingResolver {
  @Mutation(() => TeamMeeting, { description: "Records a team meeting: RECRUITMENT before the run starts, the others while it lasts." })
  async recordTeamMeeting(
    @Arg("input", () => TeamMeetingInput) input: TeamMeetingInput,
    @Ctx() { db, hub }: CoordinationContext,
  ): Promise<TeamMeetingEntity> {
    requireId("input.runId", input.runId);
    const agencies = [...new Set(input.agencies)];
    if (agencies.length === 0) throw badInput("input.agencies", "must name at least one actor present");
    const participantIds = [...new Set(input.participantIds ?? [])];
    participantIds.forEach((id, index) => requireId(`input.participantIds[${index}]`, id));
    const agreements = optionalText("input.agreements", input.agreements, 10000) ?? "";

    const { programmeRun: run } = await hub.request<RunDates>(
      `query TeamMeetingRun($runId: ID!) { programmeRun(id: $runId) { startDate endDate } }`,
      { runId: input.runId },
    );
    if (!run) throw refused(ErrorCode.NOT_FOUND, `No programme run has id ${input.runId}`, { field: "input.runId" });
    if (input.kind === TeamMeetingKind.RECRUITMENT && input.heldOn >= run.startDate) {
      throw badInput("input.heldOn", `a RECRUITMENT meeting is held before the run starts on ${run.startDate}`);
    }
    if (input.kind !== TeamMeetingKind.RECRUITMENT && (input.heldOn < run.startDate || input.heldOn > run.endDate)) {
      throw badInput("input.heldOn", `an ${input.kind} meeting is held during the run, ${run.startDate} to ${run.endDate}`);
    }

    return db.transaction(async (manager) => {
      if (participantIds.length) {
        const found: { id: string }[] = await manager.query(`SELECT id FROM participants WHERE id = ANY($1)`, [participantIds]);
        const missing = participantIds.filter((id) => !found.some((row) => row.id === id));
        if (missing.length) throw refused(ErrorCode.NOT_FOUND, `No participant has id ${missing.join(", ")}`, { field: "input.participantIds" });
      }
      const meeting: TeamMeetingEntity = {
        id: randomUUID(),
        kind: input.kind,
        runId: input.runId,
        heldOn: input.heldOn,
        agencies,
        agreements,
        recordedAt: new Date(),
      };
      await manager.getRepository(TeamMeetingEntity).insert(meeting);
      if (participantIds.length) {
        await manager
          .getRepository(TeamMeetingParticipantEntity)
          .insert(participantIds.map((participantId) => ({ meetingId: meeting.id, participantId })));
      }
      return meeting;
    });
  }

  @FieldResolver(() => [Participant], { nullable: true, description: "The participants discussed." })
  async participants(@Root() meeting: TeamMeeting, @Ctx() { loaders }: CoordinationContext): Promise<ParticipantEntity[]> {
    const discussed = await loaders.discussedParticipants.load(meeting.id);
    const people = await loaders.participant.loadMany(discussed.map((row) => row.participantId));
    return people.filter((person): person is ParticipantEntity => person !== null && !(person instanceof Error));
  }

  @FieldResolver(() => ProgrammeRunMeetings, { nullable: true, description: "The run the meeting was about." })
  run(@Root() meeting: TeamMeeting): ProgrammeRunMeetings {
    return { id: meeting.runId };
  }
}

@Resolver(() => ProgrammeRunMeetings)
export class ProgrammeRunMeetingsResolver {
  @FieldResolver(() => [TeamMeeting], { nullable: true, description: "Team meetings held about the run, oldest first." })
  async teamMeetings(@Root() run: ProgrammeRunMeetings, @Ctx() { loaders, caller }: CoordinationContext) {
    return attendedBy(caller, await loaders.teamMeetingsByRun.load(run.id));
  }
}

@Resolver(() => Participant)
export class ParticipantMeetingsResolver {
  @FieldResolver(() => [TeamMeeting], { nullable: true, description: "Team meetings that discussed the participant, oldest first." })
  async teamMeetings(@Root() participant: Participant, @Ctx() { loaders, caller }: CoordinationContext) {
    return attendedBy(caller, await loaders.teamMeetingsByParticipant.load(participant.id));
  }
}
