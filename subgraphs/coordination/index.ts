import type { SubgraphDefinition } from "../../shared/subgraph";
import { createCoordinationLoaders } from "./context";
import { CoordinatorEntity } from "./coordinator/coordinator.entity";
import { coordinatorReference } from "./coordinator/coordinator.reference";
import { CoordinatorResolver } from "./coordinator/coordinator.resolver";
import { loadCoordinationDemoData } from "./demo-data";
import { Initial1764230400000 } from "./migrations/1764230400000-initial";
import { ParticipantEntity } from "./participant/participant.entity";
import { participantReference } from "./participant/participant.reference";
import { ParticipantResolver } from "./participant/participant.resolver";

/** The social activation coordinators: participants' identity, consent and journey. */
export const coordination: SubgraphDefinition<ReturnType<typeof createCoordinationLoaders>> = {
  name: "coordination",
  owner: "COORDINATION",
  defaultPort: 4003,
  entities: [CoordinatorEntity, ParticipantEntity],
  migrations: [Initial1764230400000],
  resolvers: [CoordinatorResolver, ParticipantResolver],
  references: { Coordinator: coordinatorReference, Participant: participantReference },
  createLoaders: createCoordinationLoaders,
  loadDemoData: loadCoordinationDemoData,
};
