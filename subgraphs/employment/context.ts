import type { DataSource } from "typeorm";
import type { SubgraphContext } from "../../shared/context";
import { jobseekerLoader } from "./jobseeker/jobseeker.loader";
import { employmentOfficeLoader } from "./office/office.loader";

export const createEmploymentLoaders = (db: DataSource) => ({
  office: employmentOfficeLoader(db),
  jobseeker: jobseekerLoader(db),
});

export type EmploymentContext = SubgraphContext<ReturnType<typeof createEmploymentLoaders>>;
