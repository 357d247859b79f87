import { Field, ObjectType } from "type-graphql";
import { SocialWorkCentre } from "../centre/centre.type";

@ObjectType("SocialCase", { description: "The person's social case at a Centre for Social Work." })
export class SocialCase {
  participantId: string;
  centreId: string;
  note: string | null;

  @Field(() => SocialWorkCentre, { nullable: true, description: "The CSD responsible for the person." })
  centre?: SocialWorkCentre;

  @Field(() => String, { description: "The social worker in charge of the case." })
  caseWorker: string;

  @Field(() => String, { nullable: true, description: "The CSD's note on the person's complex social problems, if assessed." })
  complexSocialProblemsNote?: string | null;
}
