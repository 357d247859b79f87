import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { CommunityContext } from "../context";
import { CommunityOfferEntity } from "./offer.entity";
import { CommunityOffer } from "./offer.type";

@Resolver(() => CommunityOffer)
export class CommunityOfferResolver {
  @Query(() => [CommunityOffer], { description: "Offers of help in the community, by region and name; one region's when asked." })
  communityOffers(
    @Arg("region", () => String, { nullable: true, description: "Only offers in this statistical region." }) region: string | null,
    @Ctx() { db }: CommunityContext,
  ): Promise<CommunityOfferEntity[]> {
    return db.getRepository(CommunityOfferEntity).find({ where: region ? { region } : {}, order: { region: "ASC", name: "ASC" } });
  }
}
