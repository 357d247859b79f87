import { Ctx, Query, Resolver } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import type { CoordinationContext } from "../context";
import { CoordinatorEntity } from "./coordinator.entity";
import { Coordinator } from "./coordinator.type";

@Resolver(() => Coordinator)
export class CoordinatorResolver {
  @Query(() => [Coordinator], { nullable: true, description: "Every social activation coordinator, by region and name; null only when the coordination service is not answering, so that it does not blank the rest of the directory." })
  coordinators(@Ctx() { db }: CoordinationContext): Promise<CoordinatorEntity[]> {
    return db.getRepository(CoordinatorEntity).createQueryBuilder("coordinator").orderBy(sortKey("coordinator.region")).addOrderBy(sortKey("coordinator.name")).addOrderBy("coordinator.id").getMany();
  }
}
