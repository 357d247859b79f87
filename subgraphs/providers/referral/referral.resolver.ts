import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { todayInLjubljana } from "../../../shared/calendar";
import { EligibilityGround, ProgrammePhase, ProgrammeType, ReferralStatus } from "../../../shared/enums";
import { ErrorCode, refused } from "../../../shared/errors";
import { requireId } from "../../../shared/validation";
import { notAmongYourParticipants } from "../../../shared/hub-client";
import type { ProvidersContext } from "../context";
import { reportJourneyEvent } from "../participant/journey";
import { ProgrammeEntity } from "../programme/programme.entity";
import { phaseOn } from "../run/run-schedule";
import { requireRun } from "../run/run.guard";
import { ReferralEntity } from "./referral.entity";
import { Participant } from "../participant/participant.type";
import { ProgrammeRun } from "../run/run.type";
import { Referral } from "./referral.type";

interface LiveEligibility {
  eligibilityForReferral: { eligible: boolean; grounds: EligibilityGround[]; programmeTypes: ProgrammeType[] } | null;
}

const CLOSED_PHASES = new Set([ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED]);

@Resolver(() => Referral)
export class ReferralResolver {
  @Mutation(() => Referral, {
    description:
      "Refers a participant to a run. Eligibility for the run's programme type is judged from the employment and CSD facts as they are now. A repeat returns the pending referral.",
  })
  async referToProgramme(
    @Arg("participantId", () => ID) participantId: string,
    @Arg("runId", () => ID) runId: string,
    @Ctx() { db, hub, audit }: ProvidersContext,
  ): Promise<ReferralEntity> {
    requireId("participantId", participantId);
    const run = await requireRun(db.manager, runId, { lock: false });
    const today = todayInLjubljana();
    const phase = phaseOn(run.startDate, today);
    if (CLOSED_PHASES.has(phase)) {
      throw refused(ErrorCode.RUN_CLOSED, `The run is in ${phase} since its implementation ended; refer the person to a run that is still open`, { field: "runId" });
    }
    const programme = await db.getRepository(ProgrammeEntity).findOneByOrFail({ id: run.programmeId });
    const { eligibilityForReferral: eligibility } = await hub.request<LiveEligibility>(
      "coordination",
      `query ReferralEligibility($id: ID!) { eligibilityForReferral(participantId: $id) { eligible grounds programmeTypes } }`,
      { id: participantId },
    );
    if (!eligibility) throw refused(ErrorCode.FORBIDDEN, notAmongYourParticipants(participantId), { field: "participantId" });
    if (!eligibility?.eligible) {
      const grounds = eligibility?.grounds.length ? `grounds ${eligibility.grounds.join(", ")} hold, but age or residence rule the person out` : "no eligibility ground holds today";
      throw refused(ErrorCode.NOT_ELIGIBLE, `The person is not eligible for social activation: ${grounds}`, { field: "participantId" });
    }
    if (!eligibility.programmeTypes.includes(programme.type)) {
      throw refused(
        ErrorCode.NOT_ELIGIBLE,
        `The person is outside the target group of ${programme.type} programmes; eligible types: ${eligibility.programmeTypes.join(", ")}`,
        { field: "participantId" },
      );
    }
    return auditedTransaction({ db, audit }, async (manager) => {
      // Locking the run serialises referrals to it, so a retried request finds the first one.
      await requireRun(manager, runId, { lock: true });
      const pending = await manager.getRepository(ReferralEntity).findOneBy({ participantId, runId, status: ReferralStatus.PENDING });
      if (pending) return pending;
      const referral: ReferralEntity = { id: randomUUID(), participantId, runId, status: ReferralStatus.PENDING, createdAt: new Date() };
      await manager.getRepository(ReferralEntity).insert(referral);
      await reportJourneyEvent(hub, participantId, "REFERRED");
      audit.wrote(participantId, ["referrals"]);
      return referral;
    });
  }

  @FieldResolver(() => ProgrammeRun, { nullable: true, description: "The run the participant is referred to." })
  run(@Root() referral: Referral, @Ctx() { loaders }: ProvidersContext) {
    return loaders.run.load(referral.runId);
  }

  @FieldResolver(() => Participant, { nullable: true, description: "The referred person." })
  participant(@Root() referral: Referral): Participant {
    return { id: referral.participantId };
  }
}
