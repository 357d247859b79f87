import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { ProgrammePhase } from "../../../shared/enums";
import { DateScalar } from "../../../shared/scalars";

@ObjectType("SchedulePhase", { description: "One phase of a run's schedule, first and last day included." })
export class SchedulePhase {
  @Field(() => ProgrammePhase, { description: "PREPARATION, IMPLEMENTATION or FOLLOW_UP." })
  phase: ProgrammePhase;

  @Field(() => DateScalar, { description: "First day of the phase." })
  startsOn: IsoDate;

  @Field(() => DateScalar, { description: "Last day of the phase." })
  endsOn: IsoDate;
}

@Directive('@key(fields: "id")')
@ObjectType("ProgrammeRun", { description: "An 8-month run (izvedba) of a programme: 1 month preparation, 6 implementation, 1 follow-up." })
export class ProgrammeRun {
  programmeId: string;

  @Field(() => ID, { description: "Stable id of the run." })
  id: string;

  @Field(() => DateScalar, { description: "First day of the run (start of PREPARATION)." })
  startDate: IsoDate;

  @Field(() => DateScalar, { description: "Last day of the run (end of FOLLOW_UP): the day before start + 8 months." })
  endDate: IsoDate;

  @Field(() => Int, { description: "How many participants the run takes." })
  capacity: number;
}
