import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { ProvidersContext } from "../context";
import { Programme } from "../programme/programme.type";
import { ProviderEntity } from "./provider.entity";
import { Provider } from "./provider.type";

@Resolver(() => Provider)
export class ProviderResolver {
  @Query(() => [Provider], { nullable: true, description: "Every programme provider, by region and name; null only when the providers' service is not answering, so that it does not blank the rest of the directory." })
  providers(@Ctx() { db }: ProvidersContext): Promise<ProviderEntity[]> {
    return db.getRepository(ProviderEntity).find({ order: { region: "ASC", name: "ASC" } });
  }

  @FieldResolver(() => [Programme], { description: "The programmes the provider runs." })
  programmes(@Root() provider: Provider, @Ctx() { loaders }: ProvidersContext) {
    return loaders.programmesByProvider.load(provider.id);
  }
}
