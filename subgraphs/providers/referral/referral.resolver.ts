import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ProvidersContext } from "../context";
import { Participant } from "../participant/participant.type";
import { ProgrammeRun } from "../run/run.type";
import { Referral } from "./referral.type";

@Resolver(() => Referral)
export class ReferralResolver {
  @FieldResolver(() => ProgrammeRun, { nullable: true, description: "The run the participant is referred to." })
  run(@Root() referral: Referral, @Ctx() { loaders }: ProvidersContext) {
    return loaders.run.load(referral.runId);
  }

  @FieldResolver(() => Participant, { nullable: true, description: "The referred person." })
  participant(@Root() referral: Referral): Participant {
    return { id: referral.participantId };
  }
}
