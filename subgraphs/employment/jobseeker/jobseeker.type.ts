import { Field, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { JobseekerStatus } from "../../../shared/enums";
import { DateScalar } from "../../../shared/scalars";
import { EmploymentOffice } from "../office/office.type";

@ObjectType("JobseekerRecord", { description: "The person's record in the Employment Service's register of jobseekers." })
export class JobseekerRecord {
  participantId: string;
  officeId: string;

  @Field(() => JobseekerStatus, { description: "Register status; TEMPORARILY_UNEMPLOYABLE is the ZUTD category." })
  status: JobseekerStatus;

  @Field(() => DateScalar, { description: "Day the person entered the register." })
  registeredOn: IsoDate;

  @Field(() => EmploymentOffice, { nullable: true, description: "The Urad za delo office responsible for the person." })
  office?: EmploymentOffice;

  @Field(() => String, { nullable: true, description: "The employment plan agreed with the office (zaposlitveni načrt)." })
  employmentPlan: string | null;
}
