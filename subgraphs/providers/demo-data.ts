import type { EntityManager } from "typeorm";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { AttendanceEntity, EnrolmentEntity } from "./enrolment/enrolment.entity";
import { ProgrammeEntity } from "./programme/programme.entity";
import { ProviderEntity } from "./provider/provider.entity";
import { ReferralEntity } from "./referral/referral.entity";
import { runEndDate } from "./run/run-schedule";
import { ProgrammeRunEntity } from "./run/run.entity";

export async function loadProvidersDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await insertInChunks(manager, ProviderEntity, data.providers);
  await insertInChunks(manager, ProgrammeEntity, data.programmes);
  await insertInChunks(manager, ProgrammeRunEntity,
    data.runs.map((run) => ({ ...run, endDate: runEndDate(run.startDate) })),
  );
  await insertInChunks(manager, ReferralEntity,
    data.referrals.map((referral) => ({ ...referral, createdAt: new Date(referral.createdAt) })),
  );
  await insertInChunks(manager, EnrolmentEntity, data.enrolments);
  await insertInChunks(manager, AttendanceEntity, data.attendance);
}
