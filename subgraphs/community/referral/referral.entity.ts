import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";

/** A coordinator's referral of a participant to an offer in the community. */
@Entity("community_referrals")
export class CommunityReferralEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "offer_id" })
  offerId: string;

  @Column("date", { name: "referred_on" })
  referredOn: IsoDate;

  @Column("text", { name: "referred_by" })
  referredBy: string;

  @Column("text", { nullable: true })
  note: string | null;
}
