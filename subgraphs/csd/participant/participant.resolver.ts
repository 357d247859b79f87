import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { todayInLjubljana } from "../../../shared/calendar";
import { SocialAssistance } from "../assistance/assistance.type";
import type { CsdContext } from "../context";
import { SocialCase } from "../social-case/social-case.type";
import { Participant } from "./participant.type";

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => Boolean, { nullable: true })
  async receivesSocialAssistance(@Root() participant: Participant, @Ctx() { loaders }: CsdContext) {
    const today = todayInLjubljana();
    const decisions = await loaders.assistanceDecisions.load(participant.id);
    return decisions.some((decision) => decision.validFrom <= today && today <= decision.validTo);
  }

  @FieldResolver(() => Boolean, { nullable: true })
  async hasComplexSocialProblems(@Root() participant: Participant, @Ctx() { loaders }: CsdContext) {
    return (await loaders.socialCase.load(participant.id))?.complexSocialProblems ?? false;
  }

  @FieldResolver(() => SocialAssistance, { nullable: true })
  async socialAssistance(@Root() participant: Participant, @Ctx() { loaders }: CsdContext): Promise<SocialAssistance> {
    return { decisions: await loaders.assistanceDecisions.load(participant.id) };
  }

  @FieldResolver(() => SocialCase, { nullable: true })
  socialCase(@Root() participant: Participant, @Ctx() { loaders }: CsdContext) {
    return loaders.socialCase.load(participant.id);
  }
}
