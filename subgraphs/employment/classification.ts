import type { ClassificationMap } from "../../shared/classification";

/** What the Employment Service's fields hold (see shared/classification.ts). */
export const employmentClassification: ClassificationMap = {
  EmploymentOffice: "PUBLIC",
  Participant: { "*": "PERSONAL" },
  JobseekerRecord: { "*": "PERSONAL" },
  Query: { employmentOffices: "PUBLIC", employmentOffice: "PUBLIC", employmentAccessLog: "PERSONAL", employmentIndicatorFacts: "PERSONAL" },
  Mutation: { registerJobseeker: "PERSONAL" },
};
