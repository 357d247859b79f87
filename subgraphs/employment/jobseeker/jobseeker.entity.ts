import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { JobseekerStatus } from "../../../shared/enums";

/** A person's entry in the Employment Service's register (one per person). */
@Entity("jobseeker_records")
export class JobseekerRecordEntity {
  @PrimaryColumn("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "office_id" })
  officeId: string;

  @Column("text")
  status: JobseekerStatus;

  @Column("date", { name: "registered_on" })
  registeredOn: IsoDate;

  @Column("text", { name: "employment_plan", nullable: true })
  employmentPlan: string | null;
}
