import { Field, ID, InputType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { Agency, TeamMeetingKind } from "../../../shared/enums";
import { DAY_BOUNDS } from "../../../shared/plausibility";
import { DateScalar } from "../../../shared/scalars";

@InputType("TeamMeetingInput", { description: "A team meeting to record." })
export class TeamMeetingInput {
  @Field(() => TeamMeetingKind, { description: "RECRUITMENT before the run; OPENING, INTERIM or CLOSING during it." })
  kind: TeamMeetingKind;

  @Field(() => ID, { description: "The run the meeting was about." })
  runId: string;

  @Field(() => DateScalar, { description: `Day the meeting was held: ${DAY_BOUNDS.programmeEvent.text}; before the run for RECRUITMENT, within it for the others.` })
  heldOn: IsoDate;

  @Field(() => [Agency], {
    nullable: true,
    description: "The agencies present. Derived from `units` when those are given (and then, if given too, must be exactly their agencies); needed only without units.",
  })
  agencies?: Agency[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: "The units that attended: ids of employment offices, social work centres, coordinators and providers. Who may read the meeting follows from them (ACCESS.md).",
  })
  units?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "The participants discussed." })
  participantIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "What was agreed." })
  agreements?: string | null;
}
