import { Field, ID, InputType, Int } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { DateScalar } from "../../../shared/scalars";

@InputType("ScheduleRunInput", { description: "A new 8-month run of one of the provider's programmes." })
export class ScheduleRunInput {
  @Field(() => ID, { description: "The programme." })
  programmeId: string;

  @Field(() => DateScalar, { description: "First day of the run; today or later." })
  startDate: IsoDate;

  @Field(() => Int, { description: "Places in the run, 1–50." })
  capacity: number;
}
