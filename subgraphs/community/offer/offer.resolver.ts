import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { CommunityContext } from "../context";
import { CommunityOfferEntity } from "./offer.entity";
import { CommunityOffer } from "./offer.type";

@Resolver(() => CommunityOffer)
export class CommunityOfferResolver {
  @Query(() => [CommunityOffer], { nullable: true, description: "Offers of help in the community, by region and name; one region's when asked. Null only when the community service is not answering, so that it does not blank the rest of an answer." })
  communityOffers(
    @Arg("region", () => String, { nullable: true, description: "Only offers in this statistical region." }) region: string | null,
    @Ctx() { db }: CommunityContext,
  ): Promise<CommunityOfferEntity[]> {
    return db.getRepository(CommunityOfferEntity).find({ where: region ? { region } : {}, order: { region: "ASC", name: "ASC" } });
  }
}
