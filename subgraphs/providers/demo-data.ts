import type { EntityManager } from "typeorm";
import type { DemoData } from "../../shared/demo-data.types";
import { AttendanceEntity, EnrolmentEntity } from "./enrolment/enrolment.entity";
import { ProgrammeEntity } from "./programme/programme.entity";
import { ProviderEntity } from "./provider/provider.entity";
import { ReferralEntity } from "./referral/referral.entity";
import { runEndDate } from "./run/run-schedule";
import { ProgrammeRunEntity } from "./run/run.entity";

const CHUNK = 500;

async function insertInChunks<T>(manager: EntityManager, entity: new () => T, rows: object[]) {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await manager.insert(entity, rows.slice(start, start + CHUNK) as never);
  }
}

export async function loadProvidersDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await manager.insert(ProviderEntity, data.providers);
  await manager.insert(ProgrammeEntity, data.programmes);
  await manager.insert(
    ProgrammeRunEntity,
    data.runs.map((run) => ({ ...run, endDate: runEndDate(run.startDate) })),
  );
  await manager.insert(
    ReferralEntity,
    data.referrals.map((referral) => ({ ...referral, createdAt: new Date(referral.createdAt) })),
  );
  await manager.insert(EnrolmentEntity, data.enrolments);
  await insertInChunks(manager, AttendanceEntity, data.attendance);
}
