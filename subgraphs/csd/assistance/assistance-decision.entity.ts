import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";

const euros = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/** A decision granting financial social assistance (denarna socialna pomoč, DSP) for a period. */
@Entity("assistance_decisions")
export class AssistanceDecisionEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "centre_id" })
  centreId: string;

  @Column("text")
  number: string;

  @Column("date", { name: "valid_from" })
  validFrom: IsoDate;

  @Column("date", { name: "valid_to" })
  validTo: IsoDate;

  @Column("numeric", { name: "monthly_amount", precision: 10, scale: 2, transformer: euros })
  monthlyAmount: number;
}
