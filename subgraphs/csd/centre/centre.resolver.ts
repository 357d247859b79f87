import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import type { CsdContext } from "../context";
import { SocialWorkCentreEntity } from "./centre.entity";
import { SocialWorkCentre } from "./centre.type";

@Resolver(() => SocialWorkCentre)
export class SocialWorkCentreResolver {
  @Query(() => [SocialWorkCentre], { nullable: true, description: "Every Centre for Social Work, by region and name; null only when the CSD service is not answering, so that it does not blank the rest of the directory." })
  socialWorkCentres(@Ctx() { db }: CsdContext): Promise<SocialWorkCentreEntity[]> {
    return db.getRepository(SocialWorkCentreEntity).createQueryBuilder("centre").orderBy(sortKey("centre.region")).addOrderBy(sortKey("centre.name")).addOrderBy("centre.id").getMany();
  }

  @Query(() => SocialWorkCentre, { nullable: true, description: "One centre by id; null when there is none." })
  socialWorkCentre(@Arg("id", () => ID) id: string, @Ctx() { loaders }: CsdContext) {
    return loaders.centre.load(id);
  }
}
