import { Field, ID, InputType } from "type-graphql";
import { Gender, ResidenceStatus } from "../../../shared/enums";
import { DAY_BOUNDS } from "../../../shared/plausibility";

@InputType("RegisterCandidateInput", { description: "A new candidate for social activation, as the coordinator records them." })
export class RegisterCandidateInput {
  @Field(() => String, { description: "First name: one line with a letter, at most 100 characters, stored in Unicode NFC; no control, invisible or bidirectional characters." })
  firstName: string;

  @Field(() => String, { description: "Last name: one line with a letter, at most 100 characters, stored in Unicode NFC; no control, invisible or bidirectional characters." })
  lastName: string;

  @Field(() => String, { description: `EMŠO, 13 digits; the birth date is taken from it and must be ${DAY_BOUNDS.birthDate.text}.` })
  emso: string;

  @Field(() => Gender, { description: "Gender; must agree with the EMŠO." })
  gender: Gender;

  @Field(() => ResidenceStatus, { description: "Citizenship or permanent residence." })
  residenceStatus: ResidenceStatus;

  @Field(() => ID, { description: "The Centre for Social Work responsible for the person." })
  centreId: string;

  @Field(() => ID, { description: "The Urad za delo office responsible for the person." })
  officeId: string;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "A woman from another cultural environment with a language barrier." })
  languageBarrier: boolean;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Member of the Roma community." })
  romaCommunity: boolean;
}
