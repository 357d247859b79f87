import { Ctx, Query, Resolver } from "type-graphql";
import type { __Pascal__Context } from "../context";
import { __Pascal__ServiceEntity } from "./service.entity";
import { __Pascal__Service } from "./service.type";

@Resolver(() => __Pascal__Service)
export class __Pascal__ServiceResolver {
  @Query(() => [__Pascal__Service], { nullable: true, description: "The services __Pascal__ offers, by region and name; null only when this service is not answering, so that it does not blank the rest of an answer." })
  __camel__Services(@Ctx() { db }: __Pascal__Context): Promise<__Pascal__ServiceEntity[]> {
    return db.getRepository(__Pascal__ServiceEntity).find({ order: { region: "ASC", name: "ASC" } });
  }
}
