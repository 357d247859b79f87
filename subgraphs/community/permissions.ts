import { accessLogRules, allow, and, caseTeamRules, isAgency, isSignedIn, or } from "../../shared/auth/rules";
import { Agency } from "../../shared/enums";
import { participantNamedInCaseTeam } from "../../shared/existence";
import type { CommunityContext } from "./context";

/**
 * Community's part of the access policy, in the spirit of ACCESS.md: the offers are public to
 * signed-in users; referrals are personal data of the case team — the coordinators who make them,
 * and the Urad za delo and CSD of the case team when the person consents (a provider sees referrals
 * to its own runs only, and these are to none). Deny is the fallback.
 */
const { inCaseTeam, hasConsent } = caseTeamRules((parent, _args, { loaders }: CommunityContext) => loaders.caseTeam.load((parent as { id: string }).id));


export const communityPermissions = {
  Query: {
    ...accessLogRules("community"),
    communityOffers: isSignedIn,
  },
  Mutation: {
    // Someone outside the caseload and an id that names nobody are refused alike (ACCESS.md: existence is personal data).
    referToCommunityOffer: and(isAgency(Agency.COORDINATION), participantNamedInCaseTeam("participantId", [Agency.COORDINATION])),
  },
  CommunityOffer: isSignedIn,
  CommunityReferral: allow,
  Participant: {
    id: isSignedIn,
    // ACCESS.md, "referrals …": a provider sees the referrals to its own runs only, and these are to no run of its.
    communityReferrals: or(and(isAgency(Agency.COORDINATION), inCaseTeam), and(isAgency(Agency.EMPLOYMENT, Agency.CSD), inCaseTeam, hasConsent)),
  },
  AccessRecord: allow,
  AccessRecordProof: allow,
};
