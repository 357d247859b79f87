import { Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import type { ProvidersContext } from "../context";
import { Participant } from "../participant/participant.type";
import { ProgrammeRun } from "../run/run.type";
import { Enrolment } from "./enrolment.type";

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @FieldResolver(() => Float, { nullable: true, description: "Present days / recorded days; null before any record." })
  async attendanceRate(@Root() enrolment: Enrolment, @Ctx() { loaders }: ProvidersContext) {
    const summary = await loaders.attendance.load(enrolment.id);
    return summary && summary.recorded > 0 ? summary.present / summary.recorded : null;
  }

  @FieldResolver(() => ProgrammeRun, { nullable: true, description: "The run the participant is enrolled in." })
  run(@Root() enrolment: Enrolment, @Ctx() { loaders }: ProvidersContext) {
    return loaders.run.load(enrolment.runId);
  }

  @FieldResolver(() => Participant, { nullable: true, description: "The enrolled person." })
  participant(@Root() enrolment: Enrolment): Participant {
    return { id: enrolment.participantId };
  }
}
