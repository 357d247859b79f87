import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { Agency, TeamMeetingKind } from "../../../shared/enums";

/** A team meeting (timski sestanek) of the actors about one programme run. */
@Entity("team_meetings")
export class TeamMeetingEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("text")
  kind: TeamMeetingKind;

  @Column("uuid", { name: "run_id" })
  runId: string;

  @Column("date", { name: "held_on" })
  heldOn: IsoDate;

  /** The agencies present: those of `units` when the meeting names them. */
  @Column("text", { array: true })
  agencies: Agency[];

  /** The units that attended (office, centre, coordinator, provider ids); empty for meetings recorded before units were. */
  @Column("uuid", { array: true })
  units: string[];

  @Column("text")
  agreements: string;

  @Column("timestamptz", { name: "recorded_at" })
  recordedAt: Date;
}

/** Which participants a meeting discussed. */
@Entity("team_meeting_participants")
export class TeamMeetingParticipantEntity {
  @PrimaryColumn("uuid", { name: "meeting_id" })
  meetingId: string;

  @PrimaryColumn("uuid", { name: "participant_id" })
  participantId: string;
}
