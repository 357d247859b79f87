import { Directive, Field, ID, ObjectType } from "type-graphql";
import type { IsoDate } from "../../../shared/calendar";
import { EligibilityGround, Gender, JourneyStage, ProgrammeType, ResidenceStatus } from "../../../shared/enums";
import { DateScalar, DateTimeScalar } from "../../../shared/scalars";

@ObjectType("Consent", { description: "The participant's consent to share data among the case team, as the coordinator recorded it." })
export class Consent {
  @Field(() => Boolean, { description: "Consent is in force: given and not withdrawn." })
  granted: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "When consent was given." })
  grantedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When consent was withdrawn, if it was." })
  withdrawnAt: Date | null;
}

@ObjectType("Eligibility", { description: "Eligibility for social activation today, derived from the agencies' live facts." })
export class Eligibility {
  @Field(() => Boolean, { description: "At least one ground, aged 18 or more, citizen or permanent resident." })
  eligible: boolean;

  @Field(() => [EligibilityGround], { description: "The grounds that hold, even when the person is not eligible for another reason." })
  grounds: EligibilityGround[];

  @Field(() => [ProgrammeType], { description: "Programme types whose target group fits; empty when not eligible. Only coordination sees the women's programme types: they follow from the target-group attributes (ACCESS.md); everyone else sees at most GENERAL." })
  programmeTypes: ProgrammeType[];
}

@Directive('@key(fields: "id")')
@ObjectType("Participant", {
  description: "A person in social activation. Coordination owns identity, consent and the journey; other agencies add their facts.",
})
export class Participant {
  @Field(() => ID, { description: "Pseudonymous hub id (never the EMŠO)." })
  id: string;

  @Field(() => String, { nullable: true, description: "First name." })
  firstName: string;

  @Field(() => String, { nullable: true, description: "Last name." })
  lastName: string;

  @Field(() => Gender, { nullable: true, description: "Gender, consistent with the EMŠO." })
  gender: Gender;

  @Field(() => DateScalar, { nullable: true, description: "Full birth date, from the EMŠO." })
  birthDate: IsoDate;

  @Field(() => String, { nullable: true, description: "National identification number (EMŠO), 13 digits." })
  emso: string;

  @Field(() => ResidenceStatus, { nullable: true, description: "Citizenship or permanent residence (an eligibility condition)." })
  residenceStatus: ResidenceStatus;

  @Field(() => Boolean, { nullable: true, description: "A woman from another cultural environment with a language barrier (target group)." })
  languageBarrier: boolean;

  @Field(() => Boolean, { nullable: true, description: "Member of the Roma community (target group; special-category data)." })
  romaCommunity: boolean;

  @Field(() => String, { nullable: true, description: "Statistical region the person lives in." })
  region: string;

  @Field(() => JourneyStage, { nullable: true, description: "Stage of the social activation journey." })
  stage: JourneyStage;

  // Facts owned by other agencies, which eligibility needs (`@requires`).
  @Directive("@external")
  @Field(() => Boolean, { nullable: true, description: "Owned by employment." })
  registeredUnemployed?: boolean | null;

  @Directive("@external")
  @Field(() => Boolean, { nullable: true, description: "Owned by employment." })
  temporarilyUnemployable?: boolean | null;

  @Directive("@external")
  @Field(() => Boolean, { nullable: true, description: "Owned by employment." })
  employed?: boolean | null;

  @Directive("@external")
  @Field(() => Boolean, { nullable: true, description: "Owned by csd." })
  receivesSocialAssistance?: boolean | null;

  @Directive("@external")
  @Field(() => Boolean, { nullable: true, description: "Owned by csd." })
  hasComplexSocialProblems?: boolean | null;

  coordinatorId: string | null;
  consentGrantedAt: Date | null;
  consentWithdrawnAt: Date | null;
}
