import { Column, Entity, PrimaryColumn } from "typeorm";
import { ReferralStatus } from "../../../shared/enums";

/** A coordinator's referral of a participant to a programme run. */
@Entity("referrals")
export class ReferralEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "run_id" })
  runId: string;

  @Column("text")
  status: ReferralStatus;

  @Column("timestamptz", { name: "created_at" })
  createdAt: Date;
}
