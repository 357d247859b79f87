import type { EmploymentContext } from "../context";

export const employmentOfficeReference = {
  __resolveReference: (reference: { id: string }, { loaders }: EmploymentContext) => loaders.office.load(reference.id),
};
