import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive('@key(fields: "id")')
@ObjectType("Participant", { description: "A person in social activation; Community can add its own facts about them here." })
export class Participant {
  @Field(() => ID, { description: "Pseudonymous hub id (never the EMŠO)." })
  id: string;
}
