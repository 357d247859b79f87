import type { ClassificationMap } from "../../shared/classification";

/** What each field holds: PUBLIC, PERSONAL, or SENSITIVE (GDPR Art. 9). See shared/classification.ts. */
export const communityClassification: ClassificationMap = {
  CommunityOffer: "PUBLIC",
  // A referral to a health promotion centre can reveal health needs: handled as sensitive.
  CommunityReferral: "SENSITIVE",
  Participant: { id: "PERSONAL", communityReferrals: "SENSITIVE" },
  Query: { communityOffers: "PUBLIC", communityAccessLog: "PERSONAL" },
  Mutation: { referToCommunityOffer: "SENSITIVE" },
};
