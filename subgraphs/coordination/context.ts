import type { DataSource } from "typeorm";
import type { SubgraphContext } from "../../shared/context";
import { coordinatorLoader } from "./coordinator/coordinator.loader";
import { participantLoader } from "./participant/participant.loader";

export const createCoordinationLoaders = (db: DataSource) => ({
  coordinator: coordinatorLoader(db),
  participant: participantLoader(db),
});

export type CoordinationContext = SubgraphContext<ReturnType<typeof createCoordinationLoaders>>;
