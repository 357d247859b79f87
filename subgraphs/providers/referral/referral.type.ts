import { Field, ID, ObjectType } from "type-graphql";
import { ReferralStatus } from "../../../shared/enums";
import { DateTimeScalar } from "../../../shared/scalars";

@ObjectType("Referral", { description: "A coordinator's referral of a participant to a programme run." })
export class Referral {
  participantId: string;
  runId: string;

  @Field(() => ID, { description: "Stable id of the referral." })
  id: string;

  @Field(() => ReferralStatus, { description: "PENDING until the provider enrols the person, or it is declined or withdrawn." })
  status: ReferralStatus;

  @Field(() => DateTimeScalar, { description: "When the coordinator made the referral." })
  createdAt: Date;
}
