import type { EntityManager } from "typeorm";
import type { DemoData } from "../../shared/demo-data.types";
import { JobseekerRecordEntity } from "./jobseeker/jobseeker.entity";
import { EmploymentOfficeEntity } from "./office/office.entity";

export async function loadEmploymentDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  await manager.insert(EmploymentOfficeEntity, data.employmentOffices);
  await manager.insert(JobseekerRecordEntity, data.jobseekers);
}
