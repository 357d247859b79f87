import type { ClassificationMap } from "../../shared/classification";

/** What the Centres for Social Work's fields hold: assistance and social problems are Art. 9 data. */
export const csdClassification: ClassificationMap = {
  SocialWorkCentre: "PUBLIC",
  Participant: { id: "PERSONAL", "*": "SENSITIVE" },
  SocialAssistance: "SENSITIVE",
  AssistanceDecision: "SENSITIVE",
  SocialCase: "SENSITIVE",
  Query: { socialWorkCentres: "PUBLIC", socialWorkCentre: "PUBLIC", csdAccessLog: "PERSONAL", csdIndicatorFacts: "SENSITIVE" },
  Mutation: { recordAssistanceDecision: "SENSITIVE", assessSocialCase: "SENSITIVE" },
};
