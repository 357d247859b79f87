import { Field, Float, ID, InputType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { DAY_BOUNDS, DECISION_END_TEXT } from "../../../shared/plausibility";
import { DateScalar } from "../../../shared/scalars";

@InputType("AssistanceDecisionInput", { description: "A decision on financial social assistance (DSP) to record." })
export class AssistanceDecisionInput {
  @Field(() => ID, { description: "The participant." })
  participantId: string;

  @Field(() => ID, { description: "The centre that decided." })
  centreId: string;

  @Field(() => String, { description: "The decision's file number, unique within the centre; one line of at most 50 visible characters." })
  number: string;

  @Field(() => DateScalar, { description: `First day the assistance is granted for: ${DAY_BOUNDS.decisionStart.text}.` })
  validFrom: IsoDate;

  @Field(() => DateScalar, { description: `Last day the assistance is granted for: ${DECISION_END_TEXT}.` })
  validTo: IsoDate;

  @Field(() => Float, { description: "Monthly amount in euros, more than 0, at most two decimals." })
  monthlyAmount: number;
}
