import { accessLogRules, indicatorFactsRules, allow, and, caseTeamRules, isAgency, isSignedIn, or, rule } from "../../shared/auth/rules";
import { Agency } from "../../shared/enums";
import { participantNamedInCaseTeam } from "../../shared/existence";
import type { EmploymentContext } from "./context";

/**
 * The Employment Service's part of ACCESS.md: the jobseeker register. Its own staff see the people
 * of their office; CSD and coordinators see the register facts of their case team with consent;
 * only coordinators also see the employment plan. Everything not named here is refused.
 */
const { EMPLOYMENT, CSD, COORDINATION } = Agency;

/** The participant a field belongs to: the Participant itself, or a record that names them. */
const participantIdOf = (parent: unknown) => {
  const { participantId, id } = parent as { participantId?: string; id: string };
  return participantId ?? id;
};

const { inCaseTeam, hasConsent } = caseTeamRules((parent, _args, { loaders }: EmploymentContext) => loaders.caseTeam.load(participantIdOf(parent)));

/** The person's record is kept at the caller's office. */
const recordAtOwnOffice = rule({ cache: "no_cache" })(async (parent, _args, { loaders, caller }: EmploymentContext) => {
  const record = await loaders.jobseeker.load(participantIdOf(parent));
  return record?.officeId === caller.unit;
});

/** Urad za delo staff of the office responsible for the person: their own data, no consent needed. */
const ownOffice = and(isAgency(EMPLOYMENT), or(recordAtOwnOffice, inCaseTeam));
const sharedWith = (...agencies: Agency[]) => and(isAgency(...agencies), inCaseTeam, hasConsent);

/** A write only at the caller's own office, and never over another office's record. */
const writesAtOwnOffice = rule({ cache: "strict" })(async (_parent, args: { input: { officeId: string; participantId: string } }, { caller, loaders }: EmploymentContext) => {
  if (args.input.officeId !== caller.unit) return false;
  const existing = await loaders.jobseeker.load(args.input.participantId);
  return !existing || existing.officeId === caller.unit;
});

const registerFacts = or(ownOffice, sharedWith(CSD, COORDINATION));

export const employmentPermissions = {
  Query: {
    ...accessLogRules("employment"),
    ...indicatorFactsRules("employment"),
    employmentOffices: isSignedIn,
    employmentOffice: isSignedIn,
  },
  Mutation: {
    // For a person of the office's case team: anyone else, and an id that names nobody, are refused alike (ACCESS.md: existence is personal data).
    registerJobseeker: and(isAgency(EMPLOYMENT), participantNamedInCaseTeam("input.participantId", [EMPLOYMENT]), writesAtOwnOffice),
  },
  EmploymentOffice: isSignedIn,
  Participant: {
    id: isSignedIn,
    jobseeker: registerFacts,
    registeredUnemployed: registerFacts,
    temporarilyUnemployable: registerFacts,
    employed: registerFacts,
  },
  JobseekerRecord: {
    status: allow,
    registeredOn: allow,
    office: allow,
    employmentPlan: or(ownOffice, sharedWith(COORDINATION)),
  },
  AccessRecord: allow,
  AccessRecordProof: allow,
  IndicatorFactTable: allow,
};

