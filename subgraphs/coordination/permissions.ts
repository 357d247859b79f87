import { accessLogRules, indicatorFactsRules, allow, and, canReadAccessLog, caseTeamRules, isAgency, isServiceCall, isSignedIn, or, rule } from "../../shared/auth/rules";
import type { Caller } from "../../shared/context";
import { Agency, ProgrammeType } from "../../shared/enums";
import { notAmongYourPeople } from "../../shared/errors";
import { isUuid } from "../../shared/identifiers";
import { notAnId } from "../../shared/identifiers";
import { participantNamedInCaseTeam } from "../../shared/existence";
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
/**
 * The assigned coordinator of the person named in the arguments. Someone outside the caller's
 * caseload and an unknown id get the same answer (ACCESS.md: existence is personal data); a
 * candidate of the caseload who is not yet assigned is refused by the fallback.
 */
const assignedCoordinatorOfArg = rule({ cache: "strict" })(async (_parent, args: { participantId: string }, context: CoordinationContext) => {
  if (context.caller.agency !== COORDINATION) return false;
  if (!isUuid(args.participantId)) return notAnId("participantId", args.participantId);
  const row = await context.loaders.participant.load(args.participantId);
  if (!row || !(await isInCaseload(context, row))) return notAmongYourPeople("participant", args.participantId);
  return row.coordinatorId === context.caller.unit;
});

/** Another agency in the case team, with the person's consent to share. */
const sharedWith = (...agencies: Agency[]) => and(isAgency(...agencies), inCaseTeam, hasConsent);

/** A write about a person of the caller's own caseload; anyone else, or nobody, is answered alike. */
const participantInCaseload = participantNamedInCaseTeam("participantId", [COORDINATION]);

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

/** Every person a meeting discussed is of the caller's caseload; the first who is not (or does not exist) is named, as the caller sent it. */
const discussedInCaseload = rule({ cache: "strict" })(async (_parent, args: { input: { participantIds?: string[] | null } }, context: CoordinationContext) => {
  if (context.caller.agency !== COORDINATION) return false;
  const ids = args.input.participantIds ?? [];
  const malformed = ids.findIndex((id) => !isUuid(id));
  if (malformed !== -1) return notAnId(`input.participantIds[${malformed}]`, ids[malformed]);
  const rows = await context.loaders.participant.loadMany(ids);
  const checks = await Promise.all(rows.map((row) => (row && !(row instanceof Error) ? isInCaseload(context, row) : false)));
  const first = checks.indexOf(false);
  return first === -1 || notAmongYourPeople("participant", ids[first]);
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
    ...indicatorFactsRules("coordination"),
    accessLog: canReadAccessLog,
    coordinators: isSignedIn,
    // A person outside the caller's case teams and an id that names nobody are refused alike.
    participant: participantNamedInCaseTeam("id"),
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
    // Without consent the coordinator sees identity and journey only (ACCESS.md, "Consent"): neither residence nor the target group.
    residenceStatus: sharedWith(COORDINATION, EMPLOYMENT, CSD),
    languageBarrier: sharedWith(COORDINATION),
    romaCommunity: sharedWith(COORDINATION),
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
  AccessRecordProof: allow,
  IndicatorFactTable: allow,
};

