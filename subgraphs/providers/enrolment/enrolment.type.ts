import { Field, ID, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { EnrolmentStatus, ExitOutcome } from "../../../shared/enums";
import { DateScalar } from "../../../shared/scalars";

@ObjectType("Enrolment", { description: "A participant's place in a programme run, from enrolment to exit." })
export class Enrolment {
  participantId: string;
  runId: string;

  @Field(() => ID, { description: "Stable id of the enrolment." })
  id: string;

  @Field(() => EnrolmentStatus, { description: "ENROLLED while taking part; COMPLETED or LEFT_EARLY after the exit." })
  status: EnrolmentStatus;

  @Field(() => DateScalar, { description: "First day in the run." })
  enrolledOn: IsoDate;

  @Field(() => DateScalar, { nullable: true, description: "Day the participant left the run." })
  exitedOn: IsoDate | null;

  @Field(() => ExitOutcome, { nullable: true, description: "Where the participant went after the programme (izhod)." })
  exitOutcome: ExitOutcome | null;
}
