import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { ProgrammeType } from "../../../shared/enums";

export enum IndicatorSuppression {
  FEWER_THAN_FIVE = "FEWER_THAN_FIVE",
  PROTECTS_ANOTHER_CELL = "PROTECTS_ANOTHER_CELL",
}
registerEnumType(IndicatorSuppression, {
  name: "IndicatorSuppression",
  description: "Why a figure is withheld: it counts fewer than 5 people, or it would give back such a figure by subtraction (secondary suppression).",
});

@ObjectType("IndicatorValue", { description: "A count of people, or why it is withheld (disclosure control: no figure below 5 is shown)." })
export class IndicatorValue {
  @Field(() => Int, { nullable: true, description: "The count; null when withheld." })
  count: number | null;

  @Field(() => IndicatorSuppression, { nullable: true, description: "Why the count is withheld; null when shown." })
  suppressed: IndicatorSuppression | null;

  @Field(() => String, { description: "The figure as a reader sees it: the count, `fewer than 5 / manj kot 5`, or `withheld / prikrito`." })
  shown: string;
}

@ObjectType("IndicatorCell", { description: "One category of a breakdown." })
export class IndicatorCell {
  @Field(() => String, { description: "The category's code, e.g. FEMALE, UNDER_30, LONG_TERM_UNEMPLOYED." })
  category: string;

  @Field(() => String, { description: "The category in Slovenian and English." })
  label: string;

  @Field(() => IndicatorValue)
  value: IndicatorValue;
}

@ObjectType("IndicatorRate", { description: "A share (0–1), shown only when the counts it is made of are." })
export class IndicatorRate {
  @Field(() => Float, { nullable: true, description: "The share, 0–1; null when withheld." })
  value: number | null;

  @Field(() => IndicatorSuppression, { nullable: true, description: "Why it is withheld; null when shown." })
  suppressed: IndicatorSuppression | null;
}

@ObjectType("Indicators", {
  description:
    "ESF+ common indicators of social activation (Regulation (EU) 2021/1057, Annex I) for one period and place of the fixed grid, from live data of every agency. No figure below 5 people is shown, and none that would give one back.",
})
export class Indicators {
  @Field(() => String, { description: "The period: a year (2025), a quarter (2025-Q3) or a month (2025-07)." })
  period: string;

  @Field(() => String, { description: "Slovenija, or one of the 12 statistical regions." })
  region: string;

  @Field(() => ProgrammeType, { nullable: true, description: "The programme type; null for all." })
  programmeType: ProgrammeType | null;

  @Field(() => Boolean, { description: "True when only the caller's own runs are counted (a provider)." })
  ownRunsOnly: boolean;

  @Field(() => IndicatorValue, { description: "Participants entering in the period (ESF+: all participants)." })
  participantsEntering: IndicatorValue;

  @Field(() => [IndicatorCell], { description: "Participants entering, by gender." })
  enteringByGender: IndicatorCell[];

  @Field(() => [IndicatorCell], { description: "Participants entering, by age at entry: under 30, 30–54, 55 and over." })
  enteringByAgeGroup: IndicatorCell[];

  @Field(() => [IndicatorCell], {
    description: "Participants entering, by labour-market status at entry (Urad za delo's register): unemployed (including long-term), of whom long-term unemployed (12 months or more registered), inactive, employed.",
  })
  enteringByLabourMarketStatus: IndicatorCell[];

  @Field(() => [IndicatorCell], { description: "Participants entering, by eligibility ground at entry (a person may hold several)." })
  enteringByEligibilityGround: IndicatorCell[];

  @Field(() => [IndicatorCell], { description: "Participants entering, by programme type." })
  enteringByProgrammeType: IndicatorCell[];

  @Field(() => IndicatorValue, { description: "Participants entering from marginalised communities such as the Roma (ESF+ EECO15)." })
  enteringFromMarginalisedCommunities: IndicatorValue;

  @Field(() => IndicatorValue, { description: "Participants leaving in the period." })
  participantsLeaving: IndicatorValue;

  @Field(() => [IndicatorCell], { description: "Participants leaving, by where they went (izhod)." })
  leavingByOutcome: IndicatorCell[];

  @Field(() => IndicatorValue, { description: "Participants leaving who completed the programme." })
  completed: IndicatorValue;

  @Field(() => IndicatorValue, { description: "Participants leaving early." })
  leftEarly: IndicatorValue;

  @Field(() => IndicatorRate, { description: "Completed / leaving." })
  completionRate: IndicatorRate;

  @Field(() => IndicatorRate, { description: "Left early / leaving." })
  earlyLeavingRate: IndicatorRate;

  @Field(() => IndicatorRate, { description: "Average share of recorded programme days attended, over participants leaving." })
  averageAttendance: IndicatorRate;

  @Field(() => IndicatorValue, {
    description:
      "Participants leaving whose record at the Urad za delo shows them employed six months or more after leaving (ESF+ EECR05); counted once six months have passed. The register keeps the current status only.",
  })
  inEmploymentSixMonthsAfterLeaving: IndicatorValue;
}
