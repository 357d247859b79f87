import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { HubClient } from "../../shared/hub-client";
import { sortKey } from "../../shared/collation";
import { groupLoader, rowLoader } from "../../shared/loaders";
import { EnrolmentStatus } from "../../shared/enums";
import { AttendanceEntity, EnrolmentEntity } from "./enrolment/enrolment.entity";
import { ProgrammeEntity } from "./programme/programme.entity";
import { ProviderEntity } from "./provider/provider.entity";
import { ReferralEntity } from "./referral/referral.entity";
import { ProgrammeRunEntity } from "./run/run.entity";

export interface AttendanceSummary {
  enrolmentId: string;
  recorded: number;
  present: number;
}

export interface RunOccupancy {
  runId: string;
  taken: number;
}

/** The providers subgraph's loaders, one per entity and relation, built for each request. */
export const createProviderLoaders = (db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
  provider: rowLoader(
    (ids) => db.getRepository(ProviderEntity).createQueryBuilder("provider").where("provider.id = ANY(:ids)", { ids }).getMany(),
    (provider) => provider.id,
  ),
  programme: rowLoader(
    (ids) => db.getRepository(ProgrammeEntity).createQueryBuilder("programme").where("programme.id = ANY(:ids)", { ids }).getMany(),
    (programme) => programme.id,
  ),
  programmesByProvider: groupLoader(
    (ids) =>
      db
        .getRepository(ProgrammeEntity)
        .createQueryBuilder("programme")
        .where("programme.providerId = ANY(:ids)", { ids })
        .orderBy(sortKey("programme.name"))
        .addOrderBy("programme.id")
        .getMany(),
    (programme) => programme.providerId,
  ),
  run: rowLoader(
    (ids) => db.getRepository(ProgrammeRunEntity).createQueryBuilder("run").where("run.id = ANY(:ids)", { ids }).getMany(),
    (run) => run.id,
  ),
  enrolment: rowLoader(
    (ids) => db.getRepository(EnrolmentEntity).createQueryBuilder("enrolment").where("enrolment.id = ANY(:ids)", { ids }).getMany(),
    (enrolment) => enrolment.id,
  ),
  // The roster of a run is in enrolment order, not by name: this subgraph does not hold names
  // (they are coordination's, reached through federation), so it cannot order by them.
  enrolmentsByRun: groupLoader(
    (ids) =>
      db
        .getRepository(EnrolmentEntity)
        .createQueryBuilder("enrolment")
        .where("enrolment.runId = ANY(:ids)", { ids })
        .orderBy("enrolment.enrolledOn")
        .addOrderBy("enrolment.id")
        .getMany(),
    (enrolment) => enrolment.runId,
  ),
  enrolmentsByParticipant: groupLoader(
    (ids) =>
      db
        .getRepository(EnrolmentEntity)
        .createQueryBuilder("enrolment")
        .where("enrolment.participantId = ANY(:ids)", { ids })
        .orderBy("enrolment.enrolledOn", "DESC")
        .addOrderBy("enrolment.id")
        .getMany(),
    (enrolment) => enrolment.participantId,
  ),
  referralsByParticipant: groupLoader(
    (ids) =>
      db
        .getRepository(ReferralEntity)
        .createQueryBuilder("referral")
        .where("referral.participantId = ANY(:ids)", { ids })
        .orderBy("referral.createdAt", "DESC")
        .addOrderBy("referral.id")
        .getMany(),
    (referral) => referral.participantId,
  ),
  attendance: rowLoader<AttendanceSummary>(
    (ids) =>
      db
        .getRepository(AttendanceEntity)
        .createQueryBuilder("attendance")
        .select("attendance.enrolmentId", "enrolmentId")
        .addSelect("count(*)::int", "recorded")
        .addSelect("(count(*) FILTER (WHERE attendance.present))::int", "present")
        .where("attendance.enrolmentId = ANY(:ids)", { ids })
        .groupBy("attendance.enrolmentId")
        .getRawMany(),
    (summary) => summary.enrolmentId,
  ),
  /** Places taken: every enrolment but those who left early. */
  occupancy: rowLoader<RunOccupancy>(
    (ids) =>
      db
        .getRepository(EnrolmentEntity)
        .createQueryBuilder("enrolment")
        .select("enrolment.runId", "runId")
        .addSelect("count(*)::int", "taken")
        .where("enrolment.runId = ANY(:ids)", { ids })
        .andWhere("enrolment.status <> :leftEarly", { leftEarly: EnrolmentStatus.LEFT_EARLY })
        .groupBy("enrolment.runId")
        .getRawMany(),
    (occupancy) => occupancy.runId,
  ),
});

export type ProviderLoaders = ReturnType<typeof createProviderLoaders>;
