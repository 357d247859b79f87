import type { CsdContext } from "../context";

export const socialWorkCentreReference = {
  __resolveReference: (reference: { id: string }, { loaders }: CsdContext) => loaders.centre.load(reference.id),
};
