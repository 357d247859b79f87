import type { SubgraphDefinition } from "../../shared/subgraph";
import { EmploymentIndicatorFactsResolver } from "./indicators/indicator-facts.resolver";
import { createEmploymentLoaders } from "./context";
import { employmentClassification } from "./classification";
import { employmentPermissions } from "./permissions";
import { loadEmploymentDemoData } from "./demo-data";
import { JobseekerRecordEntity } from "./jobseeker/jobseeker.entity";
import { JobseekerRecordResolver } from "./jobseeker/jobseeker.resolver";
import { Initial1764230400000 } from "./migrations/1764230400000-initial";
import { SlovenianOrder1796083200000 } from "../../shared/collation.migration";
import { EmploymentOfficeEntity } from "./office/office.entity";
import { employmentOfficeReference } from "./office/office.reference";
import { EmploymentOfficeResolver } from "./office/office.resolver";
import { participantReference } from "./participant/participant.reference";
import { ParticipantResolver } from "./participant/participant.resolver";
import { Participant } from "./participant/participant.type";

/** The Employment Service of Slovenia (ZRSZ) and its local offices (Urad za delo). */
export const employment: SubgraphDefinition<ReturnType<typeof createEmploymentLoaders>> = {
  name: "employment",
  owner: "EMPLOYMENT",
  actor: "Employment Service of Slovenia, local offices (Urad za delo)",
  owns: "offices; jobseeker register: status, registration, employment plan",
  defaultPort: 4001,
  entities: [EmploymentOfficeEntity, JobseekerRecordEntity],
  migrations: [Initial1764230400000, SlovenianOrder1796083200000],
  resolvers: [EmploymentIndicatorFactsResolver, EmploymentOfficeResolver, JobseekerRecordResolver, ParticipantResolver],
  orphanedTypes: [Participant],
  references: { EmploymentOffice: employmentOfficeReference, Participant: participantReference },
  createLoaders: createEmploymentLoaders,
  permissions: employmentPermissions,
  classification: employmentClassification,
  loadDemoData: loadEmploymentDemoData,
};
