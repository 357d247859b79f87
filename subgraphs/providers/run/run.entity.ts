import { Column, Entity, PrimaryColumn } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";

/** One 8-month run (izvedba) of a programme. */
@Entity("programme_runs")
export class ProgrammeRunEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "programme_id" })
  programmeId: string;

  @Column("date", { name: "start_date" })
  startDate: IsoDate;

  /** Derived from the start date by the run schedule; stored so that queries can filter on it. */
  @Column("date", { name: "end_date" })
  endDate: IsoDate;

  @Column("integer")
  capacity: number;
}
