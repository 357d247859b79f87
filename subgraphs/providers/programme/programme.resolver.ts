import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ProvidersContext } from "../context";
import { Provider } from "../provider/provider.type";
import { Programme } from "./programme.type";

@Resolver(() => Programme)
export class ProgrammeResolver {
  @FieldResolver(() => Provider, { nullable: true })
  provider(@Root() programme: Programme, @Ctx() { loaders }: ProvidersContext) {
    return loaders.provider.load(programme.providerId);
  }
}
