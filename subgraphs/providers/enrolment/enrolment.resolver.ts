import { auditedTransaction } from "../../../shared/audit/transaction";
import { randomUUID } from "node:crypto";
import { Arg, Ctx, FieldResolver, Float, ID, Mutation, Resolver, Root } from "type-graphql";
import type { EntityManager } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { EnrolmentStatus, ExitOutcome, ReferralStatus } from "../../../shared/enums";
import { badInput, ErrorCode, notAmongYourPeople, refused } from "../../../shared/errors";
import { DateScalar } from "../../../shared/scalars";
import { DAY_BOUNDS, requireDayWithin } from "../../../shared/plausibility";
import { requireId } from "../../../shared/validation";
import type { ProvidersContext } from "../context";
import { reportJourneyEvent } from "../participant/journey";
import { ReferralEntity } from "../referral/referral.entity";
import { requireRun } from "../run/run.guard";
import { AttendanceEntity, EnrolmentEntity } from "./enrolment.entity";
import { checkEnrolment, exitStatus, requireOpenQuarter } from "./enrolment.rules";
import { RECORDING_DAYS } from "../../../shared/indicators/release-calendar";
import { Participant } from "../participant/participant.type";
import { ProgrammeRun } from "../run/run.type";
import { Enrolment } from "./enrolment.type";

/** Loads an enrolment for a write, locked, with its run. */
async function lockEnrolment(manager: EntityManager, enrolmentId: string) {
  requireId("enrolmentId", enrolmentId);
  const enrolment = await manager
    .getRepository(EnrolmentEntity)
    .createQueryBuilder("enrolment")
    .setLock("pessimistic_write")
    .where("enrolment.id = :enrolmentId", { enrolmentId })
    .getOne();
  if (!enrolment) throw notAmongYourPeople("enrolment", enrolmentId);
  return { enrolment, run: await requireRun(manager, enrolment.runId, { lock: false }) };
}

@Resolver(() => Enrolment)
export class EnrolmentResolver {
  @Mutation(() => Enrolment, {
    description: "Enrols a referred participant in a run: refused without a pending referral, when the run is full or closed, or when the person is already enrolled elsewhere.",
  })
  async enrolParticipant(
    @Arg("runId", () => ID) runId: string,
    @Arg("participantId", () => ID) participantId: string,
    @Arg("enrolledOn", () => DateScalar, { description: `First day in the run: ${DAY_BOUNDS.programmeEvent.text}, and in a quarter still open (up to ${RECORDING_DAYS} days after it ends, when its indicators are released).` }) enrolledOn: IsoDate,
    @Ctx() { db, hub, audit }: ProvidersContext,
  ): Promise<EnrolmentEntity> {
    requireId("participantId", participantId);
    requireDayWithin("enrolledOn", enrolledOn, DAY_BOUNDS.programmeEvent);
    requireOpenQuarter("enrolledOn", enrolledOn);
    return auditedTransaction({ db, audit }, async (manager) => {
      // Run lock first, then the person's: every enrolment takes them in this order, so none deadlock.
      const run = await requireRun(manager, runId, { lock: true });
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [participantId]);
      const referral = await checkEnrolment(manager, run, participantId, enrolledOn);
      const enrolment: EnrolmentEntity = {
        id: randomUUID(),
        participantId,
        runId: run.id,
        status: EnrolmentStatus.ENROLLED,
        enrolledOn,
        exitedOn: null,
        exitOutcome: null,
      };
      await manager.getRepository(EnrolmentEntity).insert(enrolment);
      await manager.getRepository(ReferralEntity).update(referral.id, { status: ReferralStatus.ENROLLED });
      await reportJourneyEvent(hub, participantId, "ENROLLED");
      audit.wrote(participantId, ["enrolments", "referrals"]);
      return enrolment;
    });
  }

  @Mutation(() => Enrolment, { description: "Records whether the participant was present on a day; a repeat for the same day replaces it." })
  async recordAttendance(
    @Arg("enrolmentId", () => ID) enrolmentId: string,
    @Arg("on", () => DateScalar, { description: `The day: ${DAY_BOUNDS.programmeEvent.text}, within the enrolment.` }) on: IsoDate,
    @Arg("present", () => Boolean) present: boolean,
    @Ctx() { db, audit }: ProvidersContext,
  ): Promise<EnrolmentEntity> {
    requireDayWithin("on", on, DAY_BOUNDS.programmeEvent);
    return auditedTransaction({ db, audit }, async (manager) => {
      const { enrolment, run } = await lockEnrolment(manager, enrolmentId);
      const last = enrolment.exitedOn ?? run.endDate;
      if (on < enrolment.enrolledOn || on > last) {
        throw badInput("on", `${on} is outside the enrolment, ${enrolment.enrolledOn} to ${last}`);
      }
      await manager.getRepository(AttendanceEntity).upsert({ enrolmentId, on, present }, ["enrolmentId", "on"]);
      audit.wrote(enrolment.participantId, ["Enrolment.attendanceRate"]);
      return enrolment;
    });
  }

  @Mutation(() => Enrolment, { description: "Records the participant's exit (izhod): COMPLETED once follow-up has begun, LEFT_EARLY before." })
  async recordExit(
    @Arg("enrolmentId", () => ID) enrolmentId: string,
    @Arg("exitedOn", () => DateScalar, { description: `The last day in the run: ${DAY_BOUNDS.programmeEvent.text}, within the enrolment, and in a quarter still open (up to ${RECORDING_DAYS} days after it ends, when its indicators are released).` }) exitedOn: IsoDate,
    @Arg("outcome", () => ExitOutcome) outcome: ExitOutcome,
    @Ctx() { db, hub, audit }: ProvidersContext,
  ): Promise<EnrolmentEntity> {
    requireDayWithin("exitedOn", exitedOn, DAY_BOUNDS.programmeEvent);
    requireOpenQuarter("exitedOn", exitedOn);
    return auditedTransaction({ db, audit }, async (manager) => {
      const { enrolment, run } = await lockEnrolment(manager, enrolmentId);
      if (enrolment.status !== EnrolmentStatus.ENROLLED) {
        throw refused(ErrorCode.ALREADY_EXITED, `The participant already left this run on ${enrolment.exitedOn}`, { field: "enrolmentId" });
      }
      if (exitedOn < enrolment.enrolledOn || exitedOn > run.endDate) {
        throw badInput("exitedOn", `${exitedOn} is outside the enrolment, ${enrolment.enrolledOn} to ${run.endDate}`);
      }
      const exited = { status: exitStatus(run, exitedOn), exitedOn, exitOutcome: outcome };
      await manager.getRepository(EnrolmentEntity).update(enrolment.id, exited);
      await reportJourneyEvent(hub, enrolment.participantId, "EXITED");
      audit.wrote(enrolment.participantId, ["Enrolment.status", "Enrolment.exitedOn", "Enrolment.exitOutcome"]);
      return { ...enrolment, ...exited };
    });
  }

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
