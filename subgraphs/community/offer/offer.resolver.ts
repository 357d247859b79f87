import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import { LIST_BOUND, requireListSize } from "../../../shared/validation";
import type { CommunityContext } from "../context";
import { CommunityOfferEntity } from "./offer.entity";
import { CommunityOffer } from "./offer.type";

@Resolver(() => CommunityOffer)
export class CommunityOfferResolver {
  @Query(() => [CommunityOffer], { nullable: true, description: "Offers of help in the community, by region and name; one region's when asked. Null only when the community service is not answering, so that it does not blank the rest of an answer." })
  communityOffers(
    @Arg("region", () => String, { nullable: true, description: "Only offers in this statistical region." }) region: string | null,
    @Arg("first", () => Int, { defaultValue: LIST_BOUND.default, description: `At most this many offers (1–${LIST_BOUND.max}).` }) first: number,
    @Ctx() { db }: CommunityContext,
  ): Promise<CommunityOfferEntity[]> {
    const offers = db.getRepository(CommunityOfferEntity).createQueryBuilder("offer");
    if (region) offers.where("offer.region = :region", { region });
    return offers.orderBy(sortKey("offer.region")).addOrderBy(sortKey("offer.name")).addOrderBy("offer.id").limit(requireListSize(first)).getMany();
  }
}
