import type { CoordinationContext } from "../context";

export const coordinatorReference = {
  __resolveReference: (reference: { id: string }, { loaders }: CoordinationContext) => loaders.coordinator.load(reference.id),
};
