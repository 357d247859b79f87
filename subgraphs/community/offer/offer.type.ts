import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum CommunityOfferKind {
  HEALTH_PROMOTION_CENTRE = "HEALTH_PROMOTION_CENTRE",
  HEALTH_CENTRE = "HEALTH_CENTRE",
  LIBRARY = "LIBRARY",
  SOCIETY = "SOCIETY",
  NGO = "NGO",
}
registerEnumType(CommunityOfferKind, { name: "CommunityOfferKind", description: "The kind of institution that offers the help." });

@Directive('@key(fields: "id")')
@ObjectType("CommunityOffer", { description: "Help offered in the community (the seed's review of other offers): health promotion, libraries, societies, NGOs." })
export class CommunityOffer {
  @Field(() => ID, { description: "Stable id of the offer." })
  id: string;

  @Field(() => String, { description: "The institution and its programme." })
  name: string;

  @Field(() => CommunityOfferKind, { description: "The kind of institution." })
  kind: CommunityOfferKind;

  @Field(() => String, { description: "Statistical region where it is offered." })
  region: string;

  @Field(() => [String], { description: "The kinds of help it gives." })
  help: string[];

  @Field(() => String, { description: "How to reach it." })
  contact: string;
}
