import { Column, Entity, PrimaryColumn } from "typeorm";

/** The CSD's social case of a person: the responsible centre, case worker and assessment. */
@Entity("social_cases")
export class SocialCaseEntity {
  @PrimaryColumn("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "centre_id" })
  centreId: string;

  @Column("text", { name: "case_worker" })
  caseWorker: string;

  @Column("boolean", { name: "complex_social_problems" })
  complexSocialProblems: boolean;

  @Column("text", { nullable: true })
  note: string | null;
}
