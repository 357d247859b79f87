import type { EntityManager } from "typeorm";
import type { IsoDate } from "../../../shared/calendar";
import { EnrolmentStatus, ProgrammePhase, ReferralStatus } from "../../../shared/enums";
import { ErrorCode, refused } from "../../../shared/errors";
import { ReferralEntity } from "../referral/referral.entity";
import { phaseOn } from "../run/run-schedule";
import type { ProgrammeRunEntity } from "../run/run.entity";
import { EnrolmentEntity } from "./enrolment.entity";

/**
 * The contract's enrolment rules, checked inside the enrolment's transaction with the run row
 * locked and the person's advisory lock held, so that no two enrolments can pass them together.
 * Returns the pending referral the enrolment fulfils.
 */
export async function checkEnrolment(
  manager: EntityManager,
  run: ProgrammeRunEntity,
  participantId: string,
  enrolledOn: IsoDate,
): Promise<ReferralEntity> {
  const phase = phaseOn(run.startDate, enrolledOn);
  if (phase === ProgrammePhase.FOLLOW_UP || phase === ProgrammePhase.FINISHED) {
    throw refused(ErrorCode.RUN_CLOSED, `The run is in ${phase} on ${enrolledOn}; enrolment closes when implementation ends`, {
      field: "enrolledOn",
    });
  }
  const referrals = await manager
    .getRepository(ReferralEntity)
    .createQueryBuilder("referral")
    .setLock("pessimistic_write")
    .where("referral.participantId = :participantId AND referral.runId = :runId", { participantId, runId: run.id })
    .getMany();
  const pending = referrals.find((referral) => referral.status === ReferralStatus.PENDING);
  if (!pending) {
    throw refused(ErrorCode.NO_REFERRAL, "The person has no pending referral to this run; a coordinator refers them first", {
      field: "participantId",
    });
  }
  const active: unknown[] = await manager.query(
    `SELECT 1
       FROM enrolments enrolment JOIN programme_runs run ON run.id = enrolment.run_id
      WHERE enrolment.participant_id = $1 AND enrolment.status = $2 AND run.end_date >= $3
      LIMIT 1`,
    [participantId, EnrolmentStatus.ENROLLED, enrolledOn],
  );
  if (active.length) {
    // The run may be another provider's: its id, dates and provider are not the caller's to know (ACCESS.md: own runs only).
    throw refused(ErrorCode.ALREADY_ENROLLED, "The person is already enrolled in a run that has not ended; a new enrolment is possible once that run records their exit", {
      field: "participantId",
    });
  }
  const [{ taken }] = await manager.query(`SELECT count(*)::int AS taken FROM enrolments WHERE run_id = $1 AND status <> $2`, [
    run.id,
    EnrolmentStatus.LEFT_EARLY,
  ]);
  if (taken >= run.capacity) {
    throw refused(ErrorCode.RUN_FULL, `The run is full: all ${run.capacity} places are taken`, { field: "runId" });
  }
  return pending;
}

/** A run's exit counts as completed once its follow-up has begun; before that the person left early. */
export const exitStatus = (run: ProgrammeRunEntity, exitedOn: IsoDate): EnrolmentStatus =>
  [ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED].includes(phaseOn(run.startDate, exitedOn))
    ? EnrolmentStatus.COMPLETED
    : EnrolmentStatus.LEFT_EARLY;
