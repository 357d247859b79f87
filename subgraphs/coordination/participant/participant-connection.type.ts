import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { JourneyStage } from "../../../shared/enums";
import { Participant } from "./participant.type";

@InputType("ParticipantFilter", { description: "Narrows a participant list; all given conditions must hold." })
export class ParticipantFilter {
  @Field(() => JourneyStage, { nullable: true, description: "Only people at this journey stage." })
  stage?: JourneyStage | null;

  @Field(() => ID, { nullable: true, description: "Only people assigned to this coordinator." })
  coordinatorId?: string | null;

  @Field(() => String, { nullable: true, description: "Only people living in this statistical region." })
  region?: string | null;

  @Field(() => String, { nullable: true, description: "Name prefix: matches the start of the first or last name, ignoring case and accents foreign to Slovenian (Muller finds Müller; C does not find Č). Like every filter here, it matches only people whose names the caller may read." })
  search?: string | null;
}

@Directive("@shareable")
@ObjectType("PageInfo", { description: "Where a page sits in the whole list." })
export class PageInfo {
  @Field(() => Boolean, { description: "More items follow this page." })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor: string | null;
}

@ObjectType("ParticipantEdge", { description: "One participant in a page, with its cursor." })
export class ParticipantEdge {
  @Field(() => String, { description: "Opaque position of this participant in the list; it carries nothing but the participant's id." })
  cursor: string;

  @Field(() => Participant, { description: "The participant." })
  node: Participant;
}

@ObjectType("ParticipantConnection", {
  description: "A page of participants: those whose names the caller may read in order of last name, first name, then the others in order of id.",
})
export class ParticipantConnection {
  @Field(() => Int, { description: "How many participants match the filter, across all pages." })
  totalCount: number;

  @Field(() => PageInfo, { description: "Paging state." })
  pageInfo: PageInfo;

  @Field(() => [ParticipantEdge], { description: "The participants on this page." })
  edges: ParticipantEdge[];
}
