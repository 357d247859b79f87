import type { DataSource } from "typeorm";
import { remoteCaseTeamLoader } from "../../shared/auth/case-team";
import type { SubgraphContext } from "../../shared/context";
import type { HubClient } from "../../shared/hub-client";
import { communityOfferLoader } from "./offer/offer.loader";
import { communityReferralsLoader } from "./referral/referral.loader";

/** The request's loaders. `caseTeam` tells the rules who is in a participant's case team (asked of coordination). */
export const createCommunityLoaders = (db: DataSource, { hub }: { hub: HubClient }) => ({
  caseTeam: remoteCaseTeamLoader(hub),
  offer: communityOfferLoader(db),
  referrals: communityReferralsLoader(db),
});

export type CommunityContext = SubgraphContext<ReturnType<typeof createCommunityLoaders>>;
