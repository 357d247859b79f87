import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { auditedTransaction } from "../../../shared/audit/transaction";
import { todayInLjubljana } from "../../../shared/calendar";
import { ErrorCode, refused } from "../../../shared/errors";
import { requireRegisteredParticipant } from "../../../shared/existence";
import { requireId } from "../../../shared/validation";
import { optionalNote } from "../../../shared/text";
import type { CommunityContext } from "../context";
import { CommunityOfferEntity } from "../offer/offer.entity";
import { CommunityOffer } from "../offer/offer.type";
import { Participant } from "../participant/participant.type";
import { CommunityReferralEntity } from "./referral.entity";
import { CommunityReferral } from "./referral.type";

@Resolver(() => CommunityReferral)
export class CommunityReferralResolver {
  @FieldResolver(() => CommunityOffer, { nullable: true, description: "The offer." })
  offer(@Root() referral: CommunityReferral, @Ctx() { loaders }: CommunityContext) {
    return loaders.offer.load(referral.offerId);
  }

  @Mutation(() => CommunityReferral, { description: "Refers a participant of the coordinator's caseload to an offer in the community." })
  async referToCommunityOffer(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("offerId", () => ID) offerId: string,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Ctx() { db, loaders, audit, caller }: CommunityContext,
  ): Promise<CommunityReferralEntity> {
    requireId("participantId", participantId);
    requireId("offerId", offerId);
    const referral: CommunityReferralEntity = {
      id: randomUUID(),
      participantId,
      offerId,
      referredOn: todayInLjubljana(),
      referredBy: caller.unit,
      note: optionalNote("note", note),
    };
    await requireRegisteredParticipant(loaders.caseTeam, participantId);
    return auditedTransaction({ db, audit }, async (manager) => {
      if (!(await manager.getRepository(CommunityOfferEntity).existsBy({ id: offerId }))) {
        throw refused(ErrorCode.NOT_FOUND, `No community offer has id ${offerId}`, { field: "offerId" });
      }
      await manager.getRepository(CommunityReferralEntity).insert(referral);
      audit.wrote(participantId, ["communityReferrals"]);
      return referral;
    });
  }
}

@Resolver(() => Participant)
export class ParticipantCommunityResolver {
  @FieldResolver(() => [CommunityReferral], { nullable: true, description: "Referrals to offers in the community, newest first." })
  communityReferrals(@Root() participant: Participant, @Ctx() { loaders }: CommunityContext) {
    return loaders.referrals.load(participant.id);
  }
}
