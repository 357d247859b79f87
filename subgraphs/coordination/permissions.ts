import { accessLogRules, allow, and, canReadAccessLog, caseTeamRules, isAgency, isSignedIn, or, rule } from "../../shared/auth/rules";
import type { Caller } from "../../shared/context";
import { Agency, ProgrammeType } from "../../shared/enums";
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

const discussedInCaseload = rule({ cache: "strict" })(async (_parent, args: { input: { participantIds?: string[] | null } }, context: CoordinationContext) => {
  const rows = await context.loaders.participant.loadMany(args.input.participantIds ?? []);
  const checks = await Promise.all(rows.map((row) => (row && !(row instanceof Error) ? isInCaseload(context, row) : true)));
  return checks.every(Boolean);
});

/**
 * Derived data carries the rule of what it is derived from (ACCESS.md, "What counts as reading"):
 * `eligibility.programmeTypes` beyond GENERAL follows from the target-group attributes (language
 * barrier, Roma community), which only COORDINATION reads. Every other caller gets at most GENERAL,
 * in every path that reaches `eligibility` (root, lists, references). Shape: the types the rules
 * found, in their order → the types this caller may read, in the same order.
 */
export const programmeTypesReadableBy = (caller: Caller, types: readonly ProgrammeType[]): ProgrammeType[] =>
  caller.agency === COORDINATION ? [...types] : types.filter((type) => type === ProgrammeType.GENERAL);

/**
 * Team meetings (ACCESS.md, "Reading", the team-meetings row), by the units that attended, not by
 * agency: the Urad za delo and the CSD read the meetings their unit attended; a coordinator those
 * its unit attended and those that discussed a person of its caseload; a provider those of its own
 * runs; oversight none. Which of the people discussed a reader then sees is the case team's rule
 * (team-meeting.resolver.ts, discussedVisibleTo). Shape: (request, meeting) → may read it.
 */
export async function canSeeMeeting(context: CoordinationContext, meeting: TeamMeetingEntity): Promise<boolean> {
  const { caller, loaders } = context;
  // Ids arrive in any letter case (contract, "Identifiers"); the database gives them in lower case.
  const attended = (meeting.units ?? []).includes(caller.unit.toLowerCase());
  switch (caller.agency) {
    case COORDINATION: {
      if (attended) return true;
      const discussed = await loaders.participant.loadMany((await loaders.discussedParticipants.load(meeting.id)).map((row) => row.participantId));
      const inCaseload = await Promise.all(discussed.map((row) => (row && !(row instanceof Error) ? isInCaseload(context, row) : false)));
      return inCaseload.some(Boolean);
    }
    case EMPLOYMENT:
    case CSD:
      return attended;
    case PROVIDER:
      return (await loaders.runProvider.load(meeting.runId)) === caller.unit.toLowerCase();
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
    caseTeams: isSignedIn,
  },
  Mutation: {
    registerCandidate: isAgency(COORDINATION),
    recordConsent: and(isAgency(COORDINATION), participantInCaseload),
    recordTeamMeeting: and(isAgency(COORDINATION), discussedInCaseload),
    recordCaseNote: and(isAgency(COORDINATION), assignedCoordinatorOfArg),
    // Sent by the providers subgraph inside a provider's referral, enrolment or exit.
    recordJourneyEvent: isAgency(PROVIDER, COORDINATION),
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

