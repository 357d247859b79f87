import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { SocialWorkCentre } from "../centre/centre.type";
import type { CsdContext } from "../context";
import { SocialCase } from "./social-case.type";

@Resolver(() => SocialCase)
export class SocialCaseResolver {
  @FieldResolver(() => SocialWorkCentre, { nullable: true })
  centre(@Root() socialCase: SocialCase, @Ctx() { loaders }: CsdContext) {
    return loaders.centre.load(socialCase.centreId);
  }

  @FieldResolver(() => String, { nullable: true })
  complexSocialProblemsNote(@Root() socialCase: SocialCase) {
    return socialCase.note;
  }
}
