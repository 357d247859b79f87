import type { EntityManager } from "typeorm";
import { todayInLjubljana, type IsoDate } from "../../../shared/calendar";
import { EnrolmentStatus, ProgrammePhase, ReferralStatus } from "../../../shared/enums";
import { badInput, ErrorCode, refused } from "../../../shared/errors";
import { closedQuarter, RECORDING_DAYS } from "../../../shared/indicators/release-calendar";
import { ReferralEntity } from "../referral/referral.entity";
import { phaseOn } from "../run/run-schedule";
import type { ProgrammeRunEntity } from "../run/run.entity";
import { EnrolmentEntity } from "./enrolment.entity";

/**
 * Entries and exits are recorded while their quarter is open: up to RECORDING_DAYS after it ends,
 * when its ESF+ indicators are released (shared/indicators/release-calendar.ts; issue 17, second red
 * team: a backdated enrolment could shape a provider's own release of a quarter released to others).
 * @throws BAD_USER_INPUT naming `field` for a day in a released quarter.
 */
export function requireOpenQuarter(field: string, day: IsoDate, today: IsoDate = todayInLjubljana()): void {
  const closed = closedQuarter(day, today);
  if (closed) {
    throw badInput(field, `${day} is in ${closed.quarter}, whose entries and exits closed on ${closed.closedOn} when its ESF+ indicators were released; a day is accepted up to ${RECORDING_DAYS} days after its quarter ends`);
  }
}

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
