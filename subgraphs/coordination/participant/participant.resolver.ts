import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { todayInLjubljana, yearOf } from "../../../shared/calendar";
import { JobseekerStatus } from "../../../shared/enums";
import type { CoordinationContext } from "../context";
import { Coordinator } from "../coordinator/coordinator.type";
import { assessEligibility, type EligibilityAssessment } from "../eligibility/eligibility";
import { ParticipantConnection, ParticipantFilter } from "./participant-connection.type";
import { participantPage } from "./participant-page";
import { CaseTeam } from "../../../shared/auth/case-team";
import { ErrorCode, notAmongYourPeople, refused } from "../../../shared/errors";
import { programmeTypesReadableBy } from "../permissions";
import { hasConsent, isInCaseTeam, visibleParticipants } from "./case-team";
import { Consent, Eligibility, Participant } from "./participant.type";

@ArgsType()
class ParticipantsArgs {
  @Field(() => Int, { description: "Page size, 1–100." })
  first: number;

  @Field(() => String, { nullable: true, description: "Cursor after which the page starts: an edge's `cursor` or `pageInfo.endCursor` of this list, unchanged. A cursor of a person the caller may not see is refused like a made-up one (BAD_USER_INPUT)." })
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
  @Query(() => Participant, {
    nullable: true,
    description: "One participant of the caller's case teams. Anyone else, or an id that does not exist, is FORBIDDEN alike: the hub does not tell outsiders whether a person exists.",
  })
  async participant(@Arg("id", () => ID) id: string, @Ctx() context: CoordinationContext) {
    // permissions.ts has refused anyone else already; the personal data leaves only past the same check.
    const row = await context.loaders.participant.load(id);
    if (row && (await isInCaseTeam(context, row))) return row;
    throw notAmongYourPeople("participant", id);
  }

  @Query(() => ParticipantConnection, {
    description:
      "The participants the caller may see, one page at a time (keyset pagination), with their total count. Filters match, and the name order covers, only the people whose names the caller may read; the others follow, by id. Every person listed is recorded in the access log.",
  })
  async participants(@Args(() => ParticipantsArgs) args: ParticipantsArgs, @Ctx() context: CoordinationContext) {
    const page = await participantPage(context.db, args, await visibleParticipants(context));
    // Existence is personal data (ACCESS.md): every person listed is a read, even when the client
    // selects only `id` or `cursor`, which the access-log middleware does not count as personal.
    for (const edge of page.edges) context.audit.read(edge.node.id, "participants");
    return page;
  }

  // Hub machinery (SERVICE_CALLS): every other subgraph asks it to apply ACCESS.md; not in the public graph.
  @Directive("@inaccessible")
  @Query(() => [CaseTeam], {
    description: "The case teams of these participants that the caller belongs to (others are left out, as if they did not exist), with consent.",
  })
  async caseTeams(@Arg("participantIds", () => [ID]) participantIds: string[], @Ctx() { loaders }: CoordinationContext): Promise<CaseTeam[]> {
    const teams = await loaders.caseTeam.loadMany(participantIds);
    return teams.filter((team): team is CaseTeam => team !== null && !(team instanceof Error));
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

  // Hub machinery (SERVICE_CALLS): the providers service checks a referral with it; not in the public graph.
  @Directive("@inaccessible")
  @Query(() => Eligibility, {
    nullable: true,
    description:
      "Eligibility today for a referral the caller makes: the other agencies' live facts are asked of their services for the caller, with the caller's own rights. Null for anyone outside the caller's caseload, and for an unknown id alike.",
  })
  async eligibilityForReferral(@Arg("participantId", () => ID) participantId: string, @Ctx() context: CoordinationContext): Promise<EligibilityAssessment | null> {
    const row = await context.loaders.participant.load(participantId);
    if (!row || !(await isInCaseTeam(context, row))) return null;
    // ACCESS.md, Consent: without it the coordinator sees identity and journey only, so the facts eligibility needs cannot be read for it.
    if (!hasConsent(row)) {
      throw refused(
        ErrorCode.CONSENT_REQUIRED,
        "The person has not consented to sharing data among the case team, so the Employment Service's and the CSD's facts that eligibility needs cannot be read: record consent before referring (ACCESS.md, Consent)",
        { field: "participantId" },
      );
    }
    const representations = [{ __typename: "Participant", id: row.id }];
    const facts = (service: string, fields: string) =>
      context.hub.request<{ _entities: (Partial<Participant> | null)[] }>(
        service,
        `query EligibilityFacts($representations: [_Any!]!) { _entities(representations: $representations) { ... on Participant { ${fields} } } }`,
        { representations },
      );
    const [employment, csd] = await Promise.all([facts("employment", "registeredUnemployed temporarilyUnemployable employed"), facts("csd", "receivesSocialAssistance hasComplexSocialProblems")]);
    return this.eligibility({ ...row, ...employment._entities[0], ...csd._entities[0] } as Participant, context);
  }

  @Directive('@requires(fields: "registeredUnemployed temporarilyUnemployable employed receivesSocialAssistance hasComplexSocialProblems")')
  @FieldResolver(() => Eligibility, {
    nullable: true,
    description: "Eligibility today, computed at query time from the Employment Service's and the CSD's live facts.",
  })
  eligibility(@Root() participant: Participant, @Ctx() { caller }: CoordinationContext): EligibilityAssessment {
    const assessment = assessEligibility(
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
    // The women's programme types reveal the target-group attributes: permissions.ts, programmeTypesReadableBy.
    return { ...assessment, programmeTypes: programmeTypesReadableBy(caller, assessment.programmeTypes) };
  }
}
