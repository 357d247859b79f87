import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { EnrolmentStatus, ExitOutcome } from "../../../shared/enums";

/** A participant's place in a run, from enrolment to exit. */
@Entity("enrolments")
export class EnrolmentEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "run_id" })
  runId: string;

  @Column("text")
  status: EnrolmentStatus;

  @Column("date", { name: "enrolled_on" })
  enrolledOn: IsoDate;

  @Column("date", { name: "exited_on", nullable: true })
  exitedOn: IsoDate | null;

  @Column("text", { name: "exit_outcome", nullable: true })
  exitOutcome: ExitOutcome | null;
}

/** One day's attendance of one enrolment; a repeated record for the same day replaces the first. */
@Entity("attendance")
export class AttendanceEntity {
  @PrimaryColumn("uuid", { name: "enrolment_id" })
  enrolmentId: string;

  @PrimaryColumn("date", { name: "on_day" })
  on: IsoDate;

  @Column("boolean")
  present: boolean;
}
