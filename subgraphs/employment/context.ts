import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";
import { jobseekerLoader } from "./jobseeker/jobseeker.loader";
import { employmentOfficeLoader } from "./office/office.loader";

export const createEmploymentLoaders = (db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
  office: employmentOfficeLoader(db),
  jobseeker: jobseekerLoader(db),
});

export type EmploymentContext = SubgraphContext<ReturnType<typeof createEmploymentLoaders>>;
