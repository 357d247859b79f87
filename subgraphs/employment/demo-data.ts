import type { EntityManager } from "typeorm";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { JobseekerRecordEntity } from "./jobseeker/jobseeker.entity";
import { EmploymentOfficeEntity } from "./office/office.entity";

export async function loadEmploymentDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await insertInChunks(manager, EmploymentOfficeEntity, data.employmentOffices);
  await insertInChunks(manager, JobseekerRecordEntity, data.jobseekers);
}
