import { Field, ID, InputType, Int } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { DAY_BOUNDS } from "../../../shared/plausibility";
import { DateScalar } from "../../../shared/scalars";

@InputType("ScheduleRunInput", { description: "A new 8-month run of one of the provider's programmes." })
export class ScheduleRunInput {
  @Field(() => ID, { description: "The programme." })
  programmeId: string;

  @Field(() => DateScalar, { description: `First day of the run: ${DAY_BOUNDS.runStart.text}.` })
  startDate: IsoDate;

  @Field(() => Int, { description: "Places in the run, 1–50." })
  capacity: number;
}
