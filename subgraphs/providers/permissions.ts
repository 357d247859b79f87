import { accessLogRules, indicatorFactsRules, allow, and, caseTeamRules, isAgency, isServiceCall, isSignedIn, or, rule } from "../../shared/auth/rules";
import { Agency } from "../../shared/enums";
import { notAmongYourPeople } from "../../shared/errors";
import { participantNamedInCaseTeam } from "../../shared/existence";
import { isUuid } from "../../shared/identifiers";
import { notAnId } from "../../shared/identifiers";
import { isOwnRun, participantsInRunsOf } from "./access";
import type { ProvidersContext } from "./context";

/**
 * The providers' part of ACCESS.md. The directory, programmes, runs and schedules are public to
 * signed-in users. Referrals and enrolments are filtered to those the caller may see (access.ts);
 * attendance only for the provider's own runs and the coordinators of the case team with consent.
 * Everything not named here is refused.
 */
const { PROVIDER, COORDINATION } = Agency;

const { inCaseTeam, hasConsent } = caseTeamRules((parent, _args, { loaders }: ProvidersContext) =>
  loaders.caseTeam.load((parent as { participantId: string }).participantId),
);

const enrolmentOfOwnRun = rule({ cache: "no_cache" })((parent, _args, context: ProvidersContext) => isOwnRun(context, (parent as { runId: string }).runId));

const ownProgramme = rule({ cache: "strict" })(async (_parent, args: { input: { programmeId: string } }, { loaders, caller }: ProvidersContext) => {
  const programme = await loaders.programme.load(args.input.programmeId);
  return !programme || programme.providerId === caller.unit; // an unknown id is the resolver's NOT_FOUND
});

const ownRunArg = rule({ cache: "strict" })(async (_parent, args: { runId: string }, context: ProvidersContext) => {
  const run = await context.loaders.run.load(args.runId);
  return !run || isOwnRun(context, run.id);
});

/**
 * An enrolment in one of the caller's runs. Another provider's enrolment and an id that names none
 * get the same answer (ACCESS.md: existence is personal data; an enrolment is a person's).
 */
const ownEnrolmentArg = rule({ cache: "strict" })(async (_parent, args: { enrolmentId: string }, context: ProvidersContext) => {
  if (context.caller.agency !== PROVIDER) return false;
  if (!isUuid(args.enrolmentId)) return notAnId("enrolmentId", args.enrolmentId);
  const enrolment = await context.loaders.enrolment.load(args.enrolmentId);
  return (enrolment !== null && (await isOwnRun(context, enrolment.runId))) || notAmongYourPeople("enrolment", args.enrolmentId);
});

/**
 * A person referred or enrolled to one of the caller's runs: a provider's case team. Anyone else,
 * and an id that names nobody, get the same answer.
 */
const participantArgInOwnRuns = rule({ cache: "strict" })(async (_parent, args: { participantId: string }, { caller, db }: ProvidersContext) => {
  if (caller.agency !== PROVIDER) return false;
  if (!isUuid(args.participantId)) return notAnId("participantId", args.participantId);
  return (await participantsInRunsOf(db, caller.unit, [args.participantId])).length > 0 || notAmongYourPeople("participant", args.participantId);
});

export const providersPermissions = {
  Query: {
    ...accessLogRules("providers"),
    ...indicatorFactsRules("providers"),
    providers: isSignedIn,
    programmeRun: isSignedIn,
    programmeRuns: isSignedIn,
    // The hub's machinery: coordination asks it for a provider's case teams (SERVICE_CALLS).
    participantsInMyRuns: and(isServiceCall, isAgency(PROVIDER)),
  },
  Mutation: {
    scheduleProgrammeRun: and(isAgency(PROVIDER), ownProgramme),
    // A coordinator refers people of their own caseload (or unassigned candidates of their region).
    referToProgramme: and(isAgency(COORDINATION), participantNamedInCaseTeam("participantId", [COORDINATION])),
    enrolParticipant: and(isAgency(PROVIDER), ownRunArg, participantArgInOwnRuns),
    recordAttendance: and(isAgency(PROVIDER), ownEnrolmentArg),
    recordExit: and(isAgency(PROVIDER), ownEnrolmentArg),
  },
  Provider: isSignedIn,
  Programme: isSignedIn,
  ProgrammeRun: isSignedIn,
  SchedulePhase: isSignedIn,
  Participant: {
    id: isSignedIn,
    referrals: isSignedIn,
    enrolments: isSignedIn,
  },
  Referral: allow,
  Enrolment: {
    "*": allow,
    attendanceRate: or(and(isAgency(PROVIDER), enrolmentOfOwnRun), and(isAgency(COORDINATION), inCaseTeam, hasConsent)),
  },
  AccessRecord: allow,
  AccessRecordProof: allow,
  IndicatorFactTable: allow,
};

