import { Column, Entity, PrimaryColumn } from "typeorm";

/** A coordinator's note on their work with a participant; only the assigned coordinator reads them. */
@Entity("case_notes")
export class CaseNoteEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "participant_id" })
  participantId: string;

  @Column("uuid", { name: "coordinator_id" })
  coordinatorId: string;

  @Column("text")
  text: string;

  @Column("timestamptz", { name: "written_at" })
  writtenAt: Date;
}
