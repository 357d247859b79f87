import { Directive, Field, ID, ObjectType } from "type-graphql";
import { JobseekerRecord } from "../jobseeker/jobseeker.type";

@Directive('@key(fields: "id")')
@ObjectType("Participant", { description: "A person in social activation; the Employment Service contributes the jobseeker register facts." })
export class Participant {
  @Field(() => ID, { description: "Pseudonymous hub id (never the EMŠO)." })
  id: string;

  @Field(() => JobseekerRecord, { nullable: true, description: "The person's jobseeker record; null when not in the register." })
  jobseeker?: JobseekerRecord | null;

  @Field(() => Boolean, { nullable: true, description: "Registered in the register of unemployed persons (eligibility ground)." })
  registeredUnemployed?: boolean;

  @Field(() => Boolean, { nullable: true, description: "Registered under ZUTD as temporarily unemployable (eligibility ground)." })
  temporarilyUnemployable?: boolean;

  @Field(() => Boolean, { nullable: true, description: "The register shows the person as employed (rules out the inactive-person ground)." })
  employed?: boolean;
}
