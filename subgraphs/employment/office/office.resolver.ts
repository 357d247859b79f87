import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import type { EmploymentContext } from "../context";
import { EmploymentOfficeEntity } from "./office.entity";
import { EmploymentOffice } from "./office.type";

@Resolver(() => EmploymentOffice)
export class EmploymentOfficeResolver {
  @Query(() => [EmploymentOffice], { nullable: true, description: "Every local office of the Employment Service, by region and name; null only when the Employment Service's service is not answering, so that it does not blank the rest of the directory." })
  employmentOffices(@Ctx() { db }: EmploymentContext): Promise<EmploymentOfficeEntity[]> {
    return db.getRepository(EmploymentOfficeEntity).createQueryBuilder("office").orderBy(sortKey("office.region")).addOrderBy(sortKey("office.name")).addOrderBy("office.id").getMany();
  }

  @Query(() => EmploymentOffice, { nullable: true, description: "One office by id; null when there is none." })
  employmentOffice(@Arg("id", () => ID) id: string, @Ctx() { loaders }: EmploymentContext) {
    return loaders.office.load(id);
  }
}
