import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Agency } from "../../../shared/enums";
import { participantsInRunsOf, visibleJourneyRecords } from "../access";
import type { ProvidersContext } from "../context";
import { Enrolment } from "../enrolment/enrolment.type";
import { Referral } from "../referral/referral.type";
import { Participant } from "./participant.type";

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => [Referral], { nullable: true, description: "Referrals to programme runs, newest first." })
  async referrals(@Root() participant: Participant, @Ctx() context: ProvidersContext) {
    return visibleJourneyRecords(context, await context.loaders.referralsByParticipant.load(participant.id));
  }

  @FieldResolver(() => [Enrolment], { nullable: true, description: "Enrolments in programme runs, newest first." })
  async enrolments(@Root() participant: Participant, @Ctx() context: ProvidersContext) {
    return visibleJourneyRecords(context, await context.loaders.enrolmentsByParticipant.load(participant.id));
  }

  // Hub machinery (SERVICE_CALLS): coordination asks it to know a provider's case teams; not in the public graph.
  @Directive("@inaccessible")
  @Query(() => [ID], {
    description: "For a provider's staff: the people (among those given, or all) referred or enrolled to the provider's runs — the case teams it belongs to.",
  })
  participantsInMyRuns(
    @Arg("participantIds", () => [ID], { nullable: true, description: "Only these people; all when omitted." }) participantIds: string[] | null,
    @Ctx() { db, caller }: ProvidersContext,
  ): Promise<string[]> {
    return caller.agency === Agency.PROVIDER ? participantsInRunsOf(db, caller.unit, participantIds) : Promise.resolve([]);
  }
}
