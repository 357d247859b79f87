import { Field, ID, InputType } from "type-graphql";

@InputType("SocialCaseInput", { description: "A CSD's assessment of the person's social case; replaces the previous one." })
export class SocialCaseInput {
  @Field(() => ID, { description: "The participant." })
  participantId: string;

  @Field(() => ID, { description: "The centre responsible for the person." })
  centreId: string;

  @Field(() => String, { description: "The social worker in charge of the case, by name: one line with a letter, at most 100 characters, stored in Unicode NFC." })
  caseWorker: string;

  @Field(() => Boolean, { description: "Whether the centre assesses complex social problems." })
  complexSocialProblems: boolean;

  @Field(() => String, { nullable: true, description: "The centre's note on the assessment." })
  note?: string | null;
}
