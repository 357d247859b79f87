import { accessLogRules, indicatorFactsRules, allow, and, caseTeamRules, isAgency, isSignedIn, or, rule } from "../../shared/auth/rules";
import { Agency } from "../../shared/enums";
import { participantNamedInCaseTeam } from "../../shared/existence";
import type { CsdContext } from "./context";

/**
 * The Centres for Social Work's part of ACCESS.md. DSP decisions and the social case are special-
 * category data: only the CSD responsible for the person sees them. The two eligibility facts
 * (receives DSP, complex social problems) are shared with the Urad za delo and the coordinators of
 * the case team when the person consents. Everything not named here is refused.
 */
const { EMPLOYMENT, CSD, COORDINATION } = Agency;

const { inCaseTeam, hasConsent } = caseTeamRules((parent, _args, { loaders }: CsdContext) => loaders.caseTeam.load((parent as { id: string }).id));

/** The caller's centre holds the person's social case or decided on their assistance. */
const caseAtOwnCentre = rule({ cache: "no_cache" })(async (parent, _args, { loaders, caller }: CsdContext) => {
  const participantId = (parent as { id: string }).id;
  const [socialCase, decisions] = await Promise.all([loaders.socialCase.load(participantId), loaders.assistanceDecisions.load(participantId)]);
  return socialCase?.centreId === caller.unit || decisions.some((decision) => decision.centreId === caller.unit);
});

/** Staff of the CSD responsible for the person: their own data, no consent needed. */
const ownCentre = and(isAgency(CSD), or(caseAtOwnCentre, inCaseTeam));
const sharedWith = (...agencies: Agency[]) => and(isAgency(...agencies), inCaseTeam, hasConsent);

const writesAtOwnCentre = rule({ cache: "strict" })((_parent, args: { input: { centreId: string } }, { caller }: CsdContext) => args.input.centreId === caller.unit);

export const csdPermissions = {
  Query: {
    ...accessLogRules("csd"),
    ...indicatorFactsRules("csd"),
    socialWorkCentres: isSignedIn,
    socialWorkCentre: isSignedIn,
  },
  Mutation: {
    // For a person of the centre's case team: anyone else, and an id that names nobody, are refused alike (ACCESS.md: existence is personal data).
    recordAssistanceDecision: and(isAgency(CSD), participantNamedInCaseTeam("input.participantId", [CSD]), writesAtOwnCentre),
    assessSocialCase: and(isAgency(CSD), participantNamedInCaseTeam("input.participantId", [CSD]), writesAtOwnCentre),
  },
  SocialWorkCentre: isSignedIn,
  Participant: {
    id: isSignedIn,
    receivesSocialAssistance: or(ownCentre, sharedWith(EMPLOYMENT, COORDINATION)),
    hasComplexSocialProblems: or(ownCentre, sharedWith(EMPLOYMENT, COORDINATION)),
    socialAssistance: ownCentre,
    socialCase: ownCentre,
  },
  SocialAssistance: allow,
  AssistanceDecision: allow,
  SocialCase: allow,
  AccessRecord: allow,
  AccessRecordProof: allow,
  IndicatorFactTable: allow,
};

