import type { SubgraphDefinition } from "../../shared/subgraph";
import { communityClassification } from "./classification";
import { createCommunityLoaders } from "./context";
import { loadCommunityDemoData } from "./demo-data";
import { Initial1795764392176 } from "./migrations/1795764392176-initial";
import { SlovenianOrder1796083200000 } from "../../shared/collation.migration";
import { CommunityOfferEntity } from "./offer/offer.entity";
import { CommunityOfferResolver } from "./offer/offer.resolver";
import { participantReference } from "./participant/participant.reference";
import { Participant } from "./participant/participant.type";
import { communityPermissions } from "./permissions";
import { CommunityReferralEntity } from "./referral/referral.entity";
import { CommunityReferralResolver, ParticipantCommunityResolver } from "./referral/referral.resolver";

/** Community: offers of help in the community and the coordinators' referrals to them (README.md beside this file). */
export const community: SubgraphDefinition<ReturnType<typeof createCommunityLoaders>> = {
  name: "community",
  owner: "COMMUNITY",
  actor: "partner: community offers (health promotion centres, libraries, societies, NGOs)",
  owns: "offers by region; coordinators' referrals to them (`Participant.communityReferrals`)",
  defaultPort: 4005,
  entities: [CommunityOfferEntity, CommunityReferralEntity],
  migrations: [Initial1795764392176, SlovenianOrder1796083200000],
  resolvers: [CommunityOfferResolver, CommunityReferralResolver, ParticipantCommunityResolver],
  orphanedTypes: [Participant],
  references: {
    Participant: participantReference,
    CommunityOffer: { __resolveReference: (reference: { id: string }, { loaders }: { loaders: ReturnType<typeof createCommunityLoaders> }) => loaders.offer.load(reference.id) },
  },
  createLoaders: createCommunityLoaders,
  permissions: communityPermissions,
  classification: communityClassification,
  loadDemoData: loadCommunityDemoData,
};
