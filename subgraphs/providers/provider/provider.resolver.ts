import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { sortKey } from "../../../shared/collation";
import { LIST_BOUND, requireListSize } from "../../../shared/validation";
import type { ProvidersContext } from "../context";
import { Programme } from "../programme/programme.type";
import { ProviderEntity } from "./provider.entity";
import { Provider } from "./provider.type";

@Resolver(() => Provider)
export class ProviderResolver {
  @Query(() => [Provider], { nullable: true, description: "Every programme provider, by region and name; null only when the providers' service is not answering, so that it does not blank the rest of the directory." })
  providers(
    @Arg("first", () => Int, { defaultValue: LIST_BOUND.default, description: `At most this many providers (1–${LIST_BOUND.max}).` }) first: number,
    @Ctx() { db }: ProvidersContext,
  ): Promise<ProviderEntity[]> {
    return db
      .getRepository(ProviderEntity)
      .createQueryBuilder("provider")
      .orderBy(sortKey("provider.region"))
      .addOrderBy(sortKey("provider.name"))
      .addOrderBy("provider.id")
      .limit(requireListSize(first))
      .getMany();
  }

  @FieldResolver(() => [Programme], { description: "The programmes the provider runs." })
  programmes(@Root() provider: Provider, @Ctx() { loaders }: ProvidersContext) {
    return loaders.programmesByProvider.load(provider.id);
  }
}
