import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { Gender, JourneyStage, ResidenceStatus } from "../../../shared/enums";

/** A person on the social activation journey: identity, target-group attributes, consent, stage. */
@Entity("participants")
export class ParticipantEntity {
  /** Pseudonymous hub id; the EMŠO stays in this agency's database and is never a key. */
  @PrimaryColumn("uuid")
  id: string;

  @Column("text", { name: "first_name" })
  firstName: string;

  @Column("text", { name: "last_name" })
  lastName: string;

  @Column("char", { length: 13, unique: true })
  emso: string;

  @Column("text")
  gender: Gender;

  @Column("date", { name: "birth_date" })
  birthDate: IsoDate;

  @Column("text", { name: "residence_status" })
  residenceStatus: ResidenceStatus;

  @Column("boolean", { name: "language_barrier" })
  languageBarrier: boolean;

  @Column("boolean", { name: "roma_community" })
  romaCommunity: boolean;

  @Column("text")
  region: string;

  @Column("uuid", { name: "coordinator_id", nullable: true })
  coordinatorId: string | null;

  @Column("uuid", { name: "centre_id" })
  centreId: string;

  @Column("uuid", { name: "office_id" })
  officeId: string;

  @Column("text")
  stage: JourneyStage;

  @Column("timestamptz", { name: "consent_granted_at", nullable: true })
  consentGrantedAt: Date | null;

  @Column("timestamptz", { name: "consent_withdrawn_at", nullable: true })
  consentWithdrawnAt: Date | null;

  @Column("timestamptz", { name: "registered_at" })
  registeredAt: Date;
}
