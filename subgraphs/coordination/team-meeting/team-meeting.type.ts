import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { Agency, TeamMeetingKind } from "../../../shared/enums";
import { DateScalar } from "../../../shared/scalars";

@ObjectType("TeamMeeting", { description: "A team meeting (timski sestanek) of the actors about a programme run." })
export class TeamMeeting {
  runId: string;

  @Field(() => ID, { description: "Stable id of the meeting." })
  id: string;

  @Field(() => TeamMeetingKind, { description: "RECRUITMENT before the run; OPENING, INTERIM or CLOSING during it." })
  kind: TeamMeetingKind;

  @Field(() => DateScalar, { description: "Day the meeting was held." })
  heldOn: IsoDate;

  @Field(() => [Agency], { description: "The agencies present: those the attending units belong to." })
  agencies: Agency[];

  @Field(() => [ID], {
    nullable: true,
    description: "The units that attended (employment offices, social work centres, coordinators, providers); empty for a meeting recorded before units were.",
  })
  units: string[];

  @Field(() => String, { nullable: true, description: "What was agreed." })
  agreements: string;
}

@Directive('@key(fields: "id")')
@ObjectType("ProgrammeRun", { description: "A programme run; coordination adds the team meetings held about it." })
export class ProgrammeRunMeetings {
  @Field(() => ID, { description: "Stable id of the run." })
  id: string;
}
