import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { TeamMeetingKind } from "../../../shared/enums";
import { canSeeMeeting } from "../permissions";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { optionalText, requireId } from "../../../shared/validation";
import type { CoordinationContext } from "../context";
import { isInCaseTeam } from "../participant/case-team";
import { ParticipantEntity } from "../participant/participant.entity";
import { Participant } from "../participant/participant.type";
import { TeamMeetingEntity, TeamMeetingParticipantEntity } from "./team-meeting.entity";
import { TeamMeetingInput } from "./team-meeting.input";
import { ProgrammeRunMeetings, TeamMeeting } from "./team-meeting.type";

/** Lists of meetings are filtered, not only their fields. */
async function visibleMeetings<Meeting extends TeamMeetingEntity>(context: CoordinationContext, meetings: Meeting[]): Promise<Meeting[]> {
  const visible = await Promise.all(meetings.map((meeting) => canSeeMeeting(context, meeting)));
  return meetings.filter((_, index) => visible[index]);
}

interface RunDates {
  programmeRun: { startDate: string; endDate: string } | null;
}

@Resolver(() => TeamMeeting)
export class TeamMeetingResolver {
  @Mutation(() => TeamMeeting, { description: "Records a team meeting: RECRUITMENT before the run starts, the others while it lasts." })
  async recordTeamMeeting(
    @Arg("input", () => TeamMeetingInput) input: TeamMeetingInput,
    @Ctx() { db, hub, audit }: CoordinationContext,
  ): Promise<TeamMeetingEntity> {
    requireId("input.runId", input.runId);
    const agencies = [...new Set(input.agencies)];
    if (agencies.length === 0) throw badInput("input.agencies", "must name at least one actor present");
    const participantIds = [...new Set(input.participantIds ?? [])];
    participantIds.forEach((id, index) => requireId(`input.participantIds[${index}]`, id));
    const agreements = optionalText("input.agreements", input.agreements, 10000) ?? "";

    const { programmeRun: run } = await hub.request<RunDates>(
      "providers",
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

    return auditedTransaction({ db, audit }, async (manager) => {
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
      for (const participantId of participantIds) audit.wrote(participantId, ["teamMeetings"]);
      return meeting;
    });
  }

  @FieldResolver(() => [Participant], { nullable: true, description: "The participants discussed." })
  async participants(@Root() meeting: TeamMeeting, @Ctx() context: CoordinationContext): Promise<ParticipantEntity[]> {
    const discussed = await context.loaders.discussedParticipants.load(meeting.id);
    const people = (await context.loaders.participant.loadMany(discussed.map((row) => row.participantId))).filter(
      (person): person is ParticipantEntity => person !== null && !(person instanceof Error),
    );
    // Only the people of the caller's own case teams: a meeting does not open up the others.
    const visible = await Promise.all(people.map((person) => isInCaseTeam(context, person)));
    return people.filter((_, index) => visible[index]);
  }

  @FieldResolver(() => ProgrammeRunMeetings, { nullable: true, description: "The run the meeting was about." })
  run(@Root() meeting: TeamMeeting): ProgrammeRunMeetings {
    return { id: meeting.runId };
  }
}

@Resolver(() => ProgrammeRunMeetings)
export class ProgrammeRunMeetingsResolver {
  @FieldResolver(() => [TeamMeeting], { nullable: true, description: "Team meetings held about the run, oldest first." })
  async teamMeetings(@Root() run: ProgrammeRunMeetings, @Ctx() context: CoordinationContext) {
    return visibleMeetings(context, await context.loaders.teamMeetingsByRun.load(run.id));
  }
}

@Resolver(() => Participant)
export class ParticipantMeetingsResolver {
  @FieldResolver(() => [TeamMeeting], { nullable: true, description: "Team meetings that discussed the participant, oldest first." })
  async teamMeetings(@Root() participant: Participant, @Ctx() context: CoordinationContext) {
    return visibleMeetings(context, await context.loaders.teamMeetingsByParticipant.load(participant.id));
  }
}
