import { Field, ID, ObjectType } from "type-graphql";
import { Column, PrimaryColumn } from "typeorm";

/**
 * The directory entries every agency keeps about its own units (offices, centres, coordinators,
 * providers): no personal data, readable by every signed-in user.
 */
export abstract class DirectoryEntryEntity {
  @PrimaryColumn("uuid")
  id: string;

  @Column("text")
  name: string;

  @Column("text")
  region: string;
}

@ObjectType()
export abstract class DirectoryEntry {
  @Field(() => ID, { description: "Stable id of the unit." })
  id: string;

  @Field(() => String, { description: "The unit's official name." })
  name: string;

  @Field(() => String, { description: "Statistical region the unit serves (one of Slovenia's 12)." })
  region: string;
}
