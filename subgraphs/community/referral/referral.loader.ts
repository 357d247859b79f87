import type { DataSource } from "typeorm";
import { groupLoader } from "../../../shared/loaders";
import { CommunityReferralEntity } from "./referral.entity";

/** A participant's community referrals, newest first. */
export const communityReferralsLoader = (db: DataSource) =>
  groupLoader(
    (ids) =>
      db
        .getRepository(CommunityReferralEntity)
        .createQueryBuilder("referral")
        .where("referral.participantId = ANY(:ids)", { ids })
        .orderBy("referral.referredOn", "DESC")
        .addOrderBy("referral.id")
        .getMany(),
    (referral) => referral.participantId,
  );
