import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { JobseekerStatus } from "../../../shared/enums";
import type { EmploymentContext } from "../context";
import { JobseekerRecord } from "../jobseeker/jobseeker.type";
import { Participant } from "./participant.type";

const statusOf = async (participant: Participant, { loaders }: EmploymentContext) =>
  (await loaders.jobseeker.load(participant.id))?.status ?? null;

@Resolver(() => Participant)
export class ParticipantResolver {
  @FieldResolver(() => JobseekerRecord, { nullable: true })
  jobseeker(@Root() participant: Participant, @Ctx() { loaders }: EmploymentContext) {
    return loaders.jobseeker.load(participant.id);
  }

  @FieldResolver(() => Boolean, { nullable: true })
  async registeredUnemployed(@Root() participant: Participant, @Ctx() context: EmploymentContext) {
    return (await statusOf(participant, context)) === JobseekerStatus.UNEMPLOYED;
  }

  @FieldResolver(() => Boolean, { nullable: true })
  async temporarilyUnemployable(@Root() participant: Participant, @Ctx() context: EmploymentContext) {
    return (await statusOf(participant, context)) === JobseekerStatus.TEMPORARILY_UNEMPLOYABLE;
  }

  @FieldResolver(() => Boolean, { nullable: true })
  async employed(@Root() participant: Participant, @Ctx() context: EmploymentContext) {
    return (await statusOf(participant, context)) === JobseekerStatus.EMPLOYED;
  }
}
