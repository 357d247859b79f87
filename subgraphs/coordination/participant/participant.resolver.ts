import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { todayInLjubljana, yearOf } from "../../../shared/calendar";
import { JobseekerStatus } from "../../../shared/enums";
import type { CoordinationContext } from "../context";
import { Coordinator } from "../coordinator/coordinator.type";
import { assessEligibility, type EligibilityAssessment } from "../eligibility/eligibility";
import { ParticipantConnection, ParticipantFilter } from "./participant-connection.type";
import { participantPage } from "./participant-page";
import { Consent, Eligibility, Participant } from "./participant.type";

@ArgsType()
class ParticipantsArgs {
  @Field(() => Int, { description: "Page size, 1–100." })
  first: number;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." })
  after?: string | null;

  @Field(() => ParticipantFilter, { nullable: true, description: "Conditions the participants must meet." })
  filter?: ParticipantFilter | null;
}

/** The employment facts arrive as booleans; the inactive-person ground only needs to tell these apart. */
function jobseekerStatusFrom(participant: Participant): JobseekerStatus | null {
  if (participant.registeredUnemployed) return JobseekerStatus.UNEMPLOYED;
  if (participant.temporarilyUnemployable) return JobseekerStatus.TEMPORARILY_UNEMPLOYABLE;
  if (participant.employed) return JobseekerStatus.EMPLOYED;
  return null;
}

@Resolver(() => Participant)
export class ParticipantResolver {
  @Query(() => Participant, { nullable: true, description: "One participant by hub id; null when there is none." })
  participant(@Arg("id", () => ID) id: string, @Ctx() { loaders }: CoordinationContext) {
    return loaders.participant.load(id);
  }

  @Query(() => ParticipantConnection, { description: "Participants one page at a time (keyset pagination), with the total count." })
  participants(@Args(() => ParticipantsArgs) args: ParticipantsArgs, @Ctx() { db }: CoordinationContext) {
    return participantPage(db, args);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Year of birth: all that a programme provider may see of the birth date." })
  birthYear(@Root() participant: Participant) {
    return yearOf(participant.birthDate);
  }

  @FieldResolver(() => Coordinator, { nullable: true, description: "The coordinator assigned to the person; null while unassigned." })
  coordinator(@Root() participant: Participant, @Ctx() { loaders }: CoordinationContext) {
    return participant.coordinatorId ? loaders.coordinator.load(participant.coordinatorId) : null;
  }

  @FieldResolver(() => Consent, { nullable: true, description: "Consent to share data among the case team." })
  consent(@Root() participant: Participant): Consent {
    return {
      granted: participant.consentGrantedAt !== null && participant.consentWithdrawnAt === null,
      grantedAt: participant.consentGrantedAt,
      withdrawnAt: participant.consentWithdrawnAt,
    };
  }

  @Directive('@requires(fields: "registeredUnemployed temporarilyUnemployable employed receivesSocialAssistance hasComplexSocialProblems")')
  @FieldResolver(() => Eligibility, {
    nullable: true,
    description: "Eligibility today, computed at query time from the Employment Service's and the CSD's live facts.",
  })
  eligibility(@Root() participant: Participant): EligibilityAssessment {
    return assessEligibility(
      {
        birthDate: participant.birthDate,
        gender: participant.gender,
        residenceStatus: participant.residenceStatus,
        languageBarrier: participant.languageBarrier,
        romaCommunity: participant.romaCommunity,
        jobseekerStatus: jobseekerStatusFrom(participant),
        receivesSocialAssistance: participant.receivesSocialAssistance === true,
        hasComplexSocialProblems: participant.hasComplexSocialProblems === true,
      },
      todayInLjubljana(),
    );
  }
}
