import { Field, Float, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { DateScalar } from "../../../shared/scalars";

@ObjectType("AssistanceDecision", { description: "A CSD decision on financial social assistance (DSP)." })
export class AssistanceDecision {
  @Field(() => String, { description: "The decision's file number." })
  number: string;

  @Field(() => DateScalar, { description: "First day the assistance is granted for." })
  validFrom: IsoDate;

  @Field(() => DateScalar, { description: "Last day the assistance is granted for." })
  validTo: IsoDate;

  @Field(() => Float, { description: "Monthly amount in euros." })
  monthlyAmount: number;
}

@ObjectType("SocialAssistance", { description: "The person's financial social assistance (DSP) history." })
export class SocialAssistance {
  @Field(() => [AssistanceDecision], { description: "Decisions, newest first." })
  decisions: AssistanceDecision[];
}
