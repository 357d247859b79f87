import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive('@key(fields: "id")')
@ObjectType("Participant", { description: "A person in social activation; providers contribute referrals and enrolments." })
export class Participant {
  @Field(() => ID, { description: "Pseudonymous hub id (never the EMŠO)." })
  id: string;
}
