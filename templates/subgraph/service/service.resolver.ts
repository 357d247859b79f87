import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import { LIST_BOUND, requireListSize } from "../../../shared/validation";
import type { __Pascal__Context } from "../context";
import { __Pascal__ServiceEntity } from "./service.entity";
import { __Pascal__Service } from "./service.type";

@Resolver(() => __Pascal__Service)
export class __Pascal__ServiceResolver {
  // No list is unbounded (a hostile query could ask for every row at every level): `first` bounds it.
  @Query(() => [__Pascal__Service], {
    nullable: true,
    description: "The services __Pascal__ offers, by region and name; null only when this service is not answering, so that it does not blank the rest of an answer.",
  })
  __camel__Services(
    @Arg("first", () => Int, { defaultValue: LIST_BOUND.default, description: `At most this many services (1–${LIST_BOUND.max}).` }) first: number,
    @Ctx() { db }: __Pascal__Context,
  ): Promise<__Pascal__ServiceEntity[]> {
    // Names in Slovenian alphabetical order (shared/collation.ts), the same on PGlite and PostgreSQL.
    return db
      .getRepository(__Pascal__ServiceEntity)
      .createQueryBuilder("service")
      .orderBy(sortKey("service.region"))
      .addOrderBy(sortKey("service.name"))
      .addOrderBy("service.id")
      .limit(requireListSize(first))
      .getMany();
  }
}
