import { Field, ID, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { DateScalar } from "../../../shared/scalars";
import { CommunityOffer } from "../offer/offer.type";

@ObjectType("CommunityReferral", { description: "A coordinator's referral of a participant to an offer in the community." })
export class CommunityReferral {
  participantId: string;
  offerId: string;

  @Field(() => ID, { description: "Stable id of the referral." })
  id: string;

  @Field(() => CommunityOffer, { nullable: true, description: "The offer." })
  offer?: CommunityOffer;

  @Field(() => DateScalar, { description: "Day of the referral." })
  referredOn: IsoDate;

  @Field(() => String, { nullable: true, description: "The coordinator's note for the offer." })
  note: string | null;
}
