import type { SubgraphDefinition } from "../../shared/subgraph";
import { ProvidersIndicatorFactsResolver } from "./indicators/indicator-facts.resolver";
import { loadProvidersDemoData } from "./demo-data";
import { providersClassification } from "./classification";
import { providersPermissions } from "./permissions";
import { AttendanceEntity, EnrolmentEntity } from "./enrolment/enrolment.entity";
import { EnrolmentResolver } from "./enrolment/enrolment.resolver";
import { createProviderLoaders, type ProviderLoaders } from "./loaders";
import { Initial1764230400000 } from "./migrations/1764230400000-initial";
import { SlovenianOrder1796083200000 } from "../../shared/collation.migration";
import { participantReference } from "./participant/participant.reference";
import { ParticipantResolver } from "./participant/participant.resolver";
import { Participant } from "./participant/participant.type";
import { ProgrammeEntity } from "./programme/programme.entity";
import { ProgrammeResolver } from "./programme/programme.resolver";
import { ProviderEntity } from "./provider/provider.entity";
import { ProviderResolver } from "./provider/provider.resolver";
import { ReferralEntity } from "./referral/referral.entity";
import { ReferralResolver } from "./referral/referral.resolver";
import { ProgrammeRunEntity } from "./run/run.entity";
import { ProgrammeRunResolver } from "./run/run.resolver";
import type { ProvidersContext } from "./context";

const byId = <T>(load: (context: ProvidersContext) => { load(id: string): Promise<T> }) => ({
  __resolveReference: (reference: { id: string }, context: ProvidersContext) => load(context).load(reference.id),
});

/** The programme providers: programmes, their 8-month runs, referrals, enrolments and attendance. */
export const providers: SubgraphDefinition<ProviderLoaders> = {
  name: "providers",
  owner: "PROVIDER",
  actor: "programme providers",
  owns: "providers, programmes, 8-month runs, referrals, enrolments, attendance",
  defaultPort: 4004,
  entities: [ProviderEntity, ProgrammeEntity, ProgrammeRunEntity, ReferralEntity, EnrolmentEntity, AttendanceEntity],
  migrations: [Initial1764230400000, SlovenianOrder1796083200000],
  resolvers: [ProvidersIndicatorFactsResolver, ProviderResolver, ProgrammeResolver, ProgrammeRunResolver, EnrolmentResolver, ReferralResolver, ParticipantResolver],
  orphanedTypes: [Participant],
  references: {
    Provider: byId(({ loaders }) => loaders.provider),
    Programme: byId(({ loaders }) => loaders.programme),
    ProgrammeRun: byId(({ loaders }) => loaders.run),
    Participant: participantReference,
  },
  createLoaders: createProviderLoaders,
  permissions: providersPermissions,
  classification: providersClassification,
  loadDemoData: loadProvidersDemoData,
};
