import { Field, ID, InputType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { JobseekerStatus } from "../../../shared/enums";
import { DAY_BOUNDS } from "../../../shared/plausibility";
import { DateScalar } from "../../../shared/scalars";

@InputType("RegisterJobseekerInput", { description: "A person's entry in the register, as the office records it; replaces the previous one." })
export class RegisterJobseekerInput {
  @Field(() => ID, { description: "The participant." })
  participantId: string;

  @Field(() => ID, { description: "The office keeping the record." })
  officeId: string;

  @Field(() => JobseekerStatus, { description: "Register status." })
  status: JobseekerStatus;

  @Field(() => DateScalar, { description: `Day of (re)registration: ${DAY_BOUNDS.registerEntry.text}.` })
  registeredOn: IsoDate;

  @Field(() => String, { nullable: true, description: "The employment plan, if one is agreed." })
  employmentPlan?: string | null;
}
