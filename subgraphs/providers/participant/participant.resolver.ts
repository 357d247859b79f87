import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ProvidersContext } from "../context";
import { Enrolment } from "../enrolment/enrolment.type";
import { Referral } from "../referral/referral.type";
import { Participant } from "./participant.type";

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => [Referral], { nullable: true, description: "Referrals to programme runs, newest first." })
  referrals(@Root() participant: Participant, @Ctx() { loaders }: ProvidersContext) {
    return loaders.referralsByParticipant.load(participant.id);
  }

  @FieldResolver(() => [Enrolment], { nullable: true, description: "Enrolments in programme runs, newest first." })
  enrolments(@Root() participant: Participant, @Ctx() { loaders }: ProvidersContext) {
    return loaders.enrolmentsByParticipant.load(participant.id);
  }
}
