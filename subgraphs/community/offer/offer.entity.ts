import { Column, Entity, PrimaryColumn } from "typeorm";
import { CommunityOfferKind } from "./offer.type";

/** An offer of help in the community: a health promotion centre, a library, a society … */
@Entity("community_offers")
export class CommunityOfferEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("text")
  name: string;

  @Column("text")
  kind: CommunityOfferKind;

  @Column("text")
  region: string;

  @Column("text", { array: true })
  help: string[];

  @Column("text")
  contact: string;
}
