import type { SubgraphDefinition } from "../../shared/subgraph";
import { __camel__Classification } from "./classification";
import { create__Pascal__Loaders } from "./context";
import { load__Pascal__DemoData } from "./demo-data";
import { Initial__TIMESTAMP__ } from "./migrations/__TIMESTAMP__-initial";
import { participantReference } from "./participant/participant.reference";
import { Participant } from "./participant/participant.type";
import { __camel__Permissions } from "./permissions";
import { __Pascal__ServiceEntity } from "./service/service.entity";
import { __Pascal__ServiceResolver } from "./service/service.resolver";

/** __Pascal__: a partner institution's subgraph (see README.md beside this file). */
export const __camel__: SubgraphDefinition<ReturnType<typeof create__Pascal__Loaders>> = {
  name: "__name__",
  owner: "__AGENCY__",
  actor: "partner institution __name__ (say who runs it)",
  owns: "its services (say what data it holds)",
  defaultPort: __PORT__,
  entities: [__Pascal__ServiceEntity],
  migrations: [Initial__TIMESTAMP__],
  resolvers: [__Pascal__ServiceResolver],
  orphanedTypes: [Participant],
  references: { Participant: participantReference },
  createLoaders: create__Pascal__Loaders,
  permissions: __camel__Permissions,
  classification: __camel__Classification,
  loadDemoData: load__Pascal__DemoData,
};
