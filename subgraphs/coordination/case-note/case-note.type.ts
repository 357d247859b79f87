import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../../shared/scalars";

@ObjectType("CaseNote", { description: "A coordinator's case note (social-work method): read by the assigned coordinator only." })
export class CaseNote {
  @Field(() => ID, { description: "Stable id of the note." })
  id: string;

  @Field(() => String, { description: "The note." })
  text: string;

  @Field(() => ID, { description: "The coordinator who wrote it." })
  coordinatorId: string;

  @Field(() => DateTimeScalar, { description: "When it was written." })
  writtenAt: Date;
}
