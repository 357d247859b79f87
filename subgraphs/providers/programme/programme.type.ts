import { Directive, Field, ID, ObjectType } from "type-graphql";
import { ProgrammeType } from "../../../shared/enums";
import { Provider } from "../provider/provider.type";

@Directive('@key(fields: "id")')
@ObjectType("Programme", { description: "A social activation programme; each one is delivered in 8-month runs." })
export class Programme {
  providerId: string;

  @Field(() => ID, { description: "Stable id of the programme." })
  id: string;

  @Field(() => String, { description: "The programme's name." })
  name: string;

  @Field(() => ProgrammeType, { description: "The target group the programme serves." })
  type: ProgrammeType;

  @Field(() => String, { description: "Statistical region where the programme runs." })
  region: string;

  @Field(() => Provider, { nullable: true, description: "The provider that runs it." })
  provider?: Provider;
}
