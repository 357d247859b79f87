import { Directive, Field, ID, ObjectType } from "type-graphql";
import { SocialAssistance } from "../assistance/assistance.type";
import { SocialCase } from "../social-case/social-case.type";

@Directive('@key(fields: "id")')
@ObjectType("Participant", { description: "A person in social activation; the Centres for Social Work contribute assistance and social-case facts." })
export class Participant {
  @Field(() => ID, { description: "Pseudonymous hub id (never the EMŠO)." })
  id: string;

  @Field(() => Boolean, { nullable: true, description: "A DSP decision is valid today (eligibility ground)." })
  receivesSocialAssistance?: boolean;

  @Field(() => Boolean, { nullable: true, description: "A CSD has assessed complex social problems (ground for inactive persons)." })
  hasComplexSocialProblems?: boolean;

  @Field(() => SocialAssistance, { nullable: true, description: "Financial social assistance (DSP) decisions." })
  socialAssistance?: SocialAssistance;

  @Field(() => SocialCase, { nullable: true, description: "The social case at the responsible CSD; null when the person has none." })
  socialCase?: SocialCase | null;
}
