import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { Agency, TeamMeetingKind } from "../../../shared/enums";
import { canSeeMeeting } from "../permissions";
import { badInput, ErrorCode, notAmongYourPeople, refused } from "../../../shared/errors";
import { DAY_BOUNDS, requireDayWithin } from "../../../shared/plausibility";
import { requireId } from "../../../shared/validation";
import { optionalNote } from "../../../shared/text";
import type { CoordinationContext } from "../context";
import { isInCaseTeam } from "../participant/case-team";
import { ParticipantEntity } from "../participant/participant.entity";
import { Participant } from "../participant/participant.type";
import { TeamMeetingEntity, TeamMeetingParticipantEntity } from "./team-meeting.entity";
import { TeamMeetingInput } from "./team-meeting.input";
import { ProgrammeRunMeetings, TeamMeeting } from "./team-meeting.type";

/** Of the people a meeting discussed, those in the caller's own case teams (ACCESS.md: a meeting opens up nobody else). */
async function discussedVisibleTo(context: CoordinationContext, meetingId: string): Promise<ParticipantEntity[]> {
  const discussed = await context.loaders.discussedParticipants.load(meetingId);
  const people = (await context.loaders.participant.loadMany(discussed.map((row) => row.participantId))).filter(
    (person): person is ParticipantEntity => person !== null && !(person instanceof Error),
  );
  const visible = await Promise.all(people.map((person) => isInCaseTeam(context, person)));
  return people.filter((_, index) => visible[index]);
}

/**
 * Lists of meetings are filtered, not only their fields (permissions.ts, canSeeMeeting). The
 * agreements are free text about the people discussed, so each meeting shown is a read of every
 * discussed person the caller may see, recorded in that person's access log (ACCESS.md).
 */
async function visibleMeetings<Meeting extends TeamMeetingEntity>(context: CoordinationContext, meetings: Meeting[]): Promise<Meeting[]> {
  const visible = await Promise.all(meetings.map((meeting) => canSeeMeeting(context, meeting)));
  const shown = meetings.filter((_, index) => visible[index]);
  const readers = await Promise.all(shown.map((meeting) => discussedVisibleTo(context, meeting.id)));
  for (const person of readers.flat()) context.audit.read(person.id, "teamMeetings");
  return shown;
}

interface RunDates {
  programmeRun: { startDate: string; endDate: string } | null;
}

interface DirectoryUnits {
  employmentOffices: { id: string }[];
  socialWorkCentres: { id: string }[];
  providers: { id: string }[];
}

/**
 * The agency of each unit, from the directory: coordinators are coordination's own, the other
 * units are asked of their agencies' services (the directory is public). Shape: unit ids in
 * lower case → their agencies in the same order; BAD_USER_INPUT naming `input.units[i]` for an id
 * that is no unit.
 */
async function agenciesOfUnits({ loaders, hub }: CoordinationContext, units: string[]): Promise<Agency[]> {
  const coordinators = await loaders.coordinator.loadMany(units);
  const agencyOf = new Map<string, Agency>();
  units.forEach((unit, index) => {
    const coordinator = coordinators[index];
    if (coordinator && !(coordinator instanceof Error)) agencyOf.set(unit, Agency.COORDINATION);
  });
  if (agencyOf.size < units.length) {
    // Each agency's part of the public directory, asked of its own service (SERVICE_CALLS).
    const [offices, centres, providers] = await Promise.all([
      hub.request<Pick<DirectoryUnits, "employmentOffices">>("employment", `query TeamMeetingOffices { employmentOffices { id } }`),
      hub.request<Pick<DirectoryUnits, "socialWorkCentres">>("csd", `query TeamMeetingCentres { socialWorkCentres { id } }`),
      hub.request<Pick<DirectoryUnits, "providers">>("providers", `query TeamMeetingProviders { providers { id } }`),
    ]);
    const directory: DirectoryUnits = { ...offices, ...centres, ...providers };
    const lists: [Agency, { id: string }[]][] = [
      [Agency.EMPLOYMENT, directory.employmentOffices],
      [Agency.CSD, directory.socialWorkCentres],
      [Agency.PROVIDER, directory.providers],
    ];
    for (const [agency, entries] of lists) for (const entry of entries) if (units.includes(entry.id.toLowerCase())) agencyOf.set(entry.id.toLowerCase(), agency);
  }
  return units.map((unit, index) => {
    const agency = agencyOf.get(unit);
    if (!agency) throw badInput(`input.units[${index}]`, "is none of the directory's employment offices, social work centres, coordinators or providers");
    return agency;
  });
}

/**
 * Who attended: the units given, and the agencies they belong to (contract: "`agencies` is what
 * those units belong to"). Without units, the agencies as given, as before units existed. Both
 * given and disagreeing: BAD_USER_INPUT naming `input.agencies`.
 */
async function attendance(context: CoordinationContext, input: TeamMeetingInput): Promise<{ units: string[]; agencies: Agency[] }> {
  (input.units ?? []).forEach((unit, index) => requireId(`input.units[${index}]`, unit));
  const units = [...new Set((input.units ?? []).map((unit) => unit.toLowerCase()))];
  const given = [...new Set(input.agencies ?? [])];
  if (units.length === 0) {
    if (given.length === 0) throw badInput("input.agencies", "must name at least one actor present (or name the units present in input.units)");
    return { units, agencies: given };
  }
  const agencies = [...new Set(await agenciesOfUnits(context, units))];
  if (input.agencies && (given.length !== agencies.length || given.some((agency) => !agencies.includes(agency)))) {
    throw badInput("input.agencies", `must be the agencies of input.units (${agencies.join(", ")}), or be left out`);
  }
  return { units, agencies };
}

@Resolver(() => TeamMeeting)
export class TeamMeetingResolver {
  @Mutation(() => TeamMeeting, {
    description:
      "Records a team meeting: RECRUITMENT before the run starts, the others while it lasts. The units that attended decide who may read it (ACCESS.md); its agencies follow from them. BAD_USER_INPUT names a unit that is none of the directory's, or agencies that are not the units'.",
  })
  async recordTeamMeeting(
    @Arg("input", () => TeamMeetingInput) input: TeamMeetingInput,
    @Ctx() context: CoordinationContext,
  ): Promise<TeamMeetingEntity> {
    const { db, hub, audit } = context;
    requireId("input.runId", input.runId);
    requireDayWithin("input.heldOn", input.heldOn, DAY_BOUNDS.programmeEvent);
    const { units, agencies } = await attendance(context, input);
    const participantIds = [...new Set(input.participantIds ?? [])];
    participantIds.forEach((id, index) => requireId(`input.participantIds[${index}]`, id));
    const agreements = optionalNote("input.agreements", input.agreements, 10000) ?? "";

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
        if (missing.length) throw notAmongYourPeople("participant", missing[0]);
      }
      const meeting: TeamMeetingEntity = {
        id: randomUUID(),
        kind: input.kind,
        runId: input.runId,
        heldOn: input.heldOn,
        agencies,
        units,
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

  @FieldResolver(() => [Participant], { nullable: true, description: "The participants discussed, as far as they are in the reader's own case teams." })
  participants(@Root() meeting: TeamMeeting, @Ctx() context: CoordinationContext): Promise<ParticipantEntity[]> {
    return discussedVisibleTo(context, meeting.id);
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
