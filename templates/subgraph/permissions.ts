import { accessLogRules, allow, isSignedIn } from "../../shared/auth/rules";

/**
 * __Pascal__'s part of the access policy. Deny is the fallback: a field no rule names is refused.
 * Build rules from shared/auth/rules.ts (isSignedIn, isAgency, hasRole, caseTeamRules …); a write
 * that names a participant takes `participantNamedInCaseTeam` from shared/existence.ts, so that a
 * person outside the caller's case team and an id that names nobody are refused alike (ACCESS.md).
 */
export const __camel__Permissions = {
  Query: {
    ...accessLogRules("__name__"),
    __camel__Services: isSignedIn,
  },
  __Pascal__Service: isSignedIn,
  Participant: { id: isSignedIn },
  AccessRecord: allow,
  AccessRecordProof: allow,
};
