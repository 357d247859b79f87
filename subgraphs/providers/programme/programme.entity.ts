import { Column, Entity, PrimaryColumn } from "typeorm";
import { ProgrammeType } from "../../../shared/enums";

/** A social activation programme a provider offers in a region. */
@Entity("programmes")
export class ProgrammeEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("uuid", { name: "provider_id" })
  providerId: string;

  @Column("text")
  name: string;

  @Column("text")
  type: ProgrammeType;

  @Column("text")
  region: string;
}
