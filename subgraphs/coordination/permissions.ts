import { accessLogRules, allow, and, canReadAccessLog, caseTeamRules, isAgency, isServiceCall, isSignedIn, or, rule } from "../../shared/auth/rules";
import { Agency } from "../../shared/enums";
import type { CoordinationContext } from "./context";
import { caseTeamOf, isInCaseload } from "./participant/case-team";
import type { ParticipantEntity } from "./participant/participant.entity";
import type { TeamMeetingEntity } from "./team-meeting/team-meeting.entity";

/**
 * Coordination's part of ACCESS.md: identity, target-group attributes, consent, the journey, team
 * meetings and eligibility. Everything not named here is refused (deny is the fallback).
 */
const { EMPLOYMENT, CSD, COORDINATION, PROVIDER } = Agency;

const { inCaseTeam, hasConsent } = caseTeamRules((parent, _args, context: CoordinationContext) => caseTeamOf(context, parent as ParticipantEntity));

/** Coordination's own data, for the coordinators of the person: needs no consent. */
const ownTeam = and(isAgency(COORDINATION), inCaseTeam);
/** The coordinator assigned to the person (not every coordinator of the region). */
const assignedCoordinator = rule({ cache: "no_cache" })((parent, _args, { caller }: CoordinationContext) =>
  caller.agency === COORDINATION && (parent as ParticipantEntity).coordinatorId === caller.unit,
);
const assignedCoordinatorOfArg = rule({ cache: "strict" })(async (_parent, args: { participantId: string }, context: CoordinationContext) => {
  const row = await context.loaders.participant.load(args.participantId);
  return row === null || (context.caller.agency === COORDINATION && row.coordinatorId === context.caller.unit);
});

/** Another agency in the case team, with the person's consent to share. */
const sharedWith = (...agencies: Agency[]) => and(isAgency(...agencies), inCaseTeam, hasConsent);

const participantInCaseload = rule({ cache: "strict" })(async (_parent, args: { participantId: string }, context: CoordinationContext) => {
  const row = await context.loaders.participant.load(args.participantId);
  return row === null || isInCaseload(context, row); // an unknown id is the resolver's NOT_FOUND
});

/**
 * The journey stage follows recorded facts (ACCESS.md, Writing: "(the hub)"): a referral is the
 * coordinator's, for their own caseload; an enrolment or an exit is a provider's. The providers
 * service, which alone may send the event, has checked that the run is the provider's own.
 */
const journeyEventOfItsCause = rule({ cache: "strict" })(async (_parent, args: { participantId: string; event: string }, context: CoordinationContext) => {
  const row = await context.loaders.participant.load(args.participantId);
  if (!row) return false;
  return args.event === "REFERRED" ? isInCaseload(context, row) : context.caller.agency === PROVIDER;
});

const discussedInCaseload = rule({ cache: "strict" })(async (_parent, args: { input: { participantIds?: string[] | null } }, context: CoordinationContext) => {
  const rows = await context.loaders.participant.loadMany(args.input.participantIds ?? []);
  const checks = await Promise.all(rows.map((row) => (row && !(row instanceof Error) ? isInCaseload(context, row) : true)));
  return checks.every(Boolean);
});

/**
 * Team meetings: coordinators see every one; the Urad za delo and the CSD those their agency
 * attended; a provider those of its own runs.
 */
export async function canSeeMeeting(context: CoordinationContext, meeting: TeamMeetingEntity): Promise<boolean> {
  const { caller, loaders } = context;
  switch (caller.agency) {
    case COORDINATION:
      return true;
    case EMPLOYMENT:
    case CSD:
      return meeting.agencies.includes(caller.agency);
    case PROVIDER:
      return (await loaders.runProvider.load(meeting.runId)) === caller.unit;
    default:
      return false;
  }
}

const visibleMeeting = rule({ cache: "no_cache" })((parent, _args, context: CoordinationContext) => canSeeMeeting(context, parent as TeamMeetingEntity));

export const coordinationPermissions = {
  Query: {
    ...accessLogRules("coordination"),
    accessLog: canReadAccessLog,
    coordinators: isSignedIn,
    participant: isSignedIn,
    participants: isSignedIn,
    // The hub's machinery: only other hub services, for their callers (SERVICE_CALLS).
    caseTeams: isServiceCall,
    eligibilityForReferral: and(isServiceCall, participantInCaseload),
  },
  Mutation: {
    registerCandidate: isAgency(COORDINATION),
    recordConsent: and(isAgency(COORDINATION), participantInCaseload),
    recordTeamMeeting: and(isAgency(COORDINATION), discussedInCaseload),
    recordCaseNote: and(isAgency(COORDINATION), assignedCoordinatorOfArg),
    // The hub's machinery: sent by the providers service inside the write that made it true.
    recordJourneyEvent: and(isServiceCall, journeyEventOfItsCause),
  },
  Coordinator: isSignedIn,
  Participant: {
    id: isSignedIn,
    firstName: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    lastName: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    gender: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    stage: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    coordinator: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    birthYear: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    region: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    emso: or(ownTeam, sharedWith(EMPLOYMENT, CSD)),
    birthDate: or(ownTeam, sharedWith(EMPLOYMENT, CSD)),
    residenceStatus: or(ownTeam, sharedWith(EMPLOYMENT, CSD)),
    languageBarrier: ownTeam,
    romaCommunity: ownTeam,
    consent: inCaseTeam,
    eligibility: sharedWith(EMPLOYMENT, CSD, COORDINATION),
    teamMeetings: or(ownTeam, sharedWith(EMPLOYMENT, CSD, PROVIDER)),
    caseNotes: assignedCoordinator,
    // Resolved by the other agencies' subgraphs; named so the entity's key fields stay reachable.
    registeredUnemployed: allow,
    temporarilyUnemployable: allow,
    employed: allow,
    receivesSocialAssistance: allow,
    hasComplexSocialProblems: allow,
  },
  Consent: allow,
  Eligibility: allow,
  CaseTeam: allow,
  CaseNote: allow,
  ParticipantConnection: allow,
  ParticipantEdge: allow,
  PageInfo: allow,
  TeamMeeting: { "*": visibleMeeting },
  ProgrammeRun: { id: isSignedIn, teamMeetings: isAgency(COORDINATION, EMPLOYMENT, CSD, PROVIDER) },
  AccessRecord: allow,
};

