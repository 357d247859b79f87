import { Agency } from "../enums";
import { rolesHeldBy } from "./roles";

/**
 * ACCESS.md as data: who may read and write which of a participant's data, under which relation to
 * the person, and whether the person's consent is needed. One entry per row of ACCESS.md's
 * "Reading" and "Writing" tables, in their order, each with the `Type.field`s of the supergraph
 * that carry it. The schema test checks that every PERSONAL or SENSITIVE field of
 * `schema/supergraph.graphql` is in exactly one entry; the access matrix
 * (test/access-matrix.e2e.test.ts) asks the hub every cell of it and compares the answer with
 * `decide`.
 *
 * Shape (../shared/STYLE.md, "Policy as data"): per data group, per agency (and role), the relation
 * that admits a row and whether consent is needed. A decision names the rule that made it.
 */

const { EMPLOYMENT, CSD, COORDINATION, PROVIDER, OVERSIGHT } = Agency;

/**
 * How the caller stands to the participant (ACCESS.md, "The case team").
 * - CASE_TEAM: the caller's unit is in the person's case team — the assigned coordinator (or, while
 *   nobody is assigned, a coordinator of the person's region), the responsible CSD and Urad za delo,
 *   every provider to whose run the person was referred or enrolled. Another unit of the same
 *   agency is outside it.
 * - ASSIGNED_COORDINATOR: the coordinator assigned to the person, not any coordinator of the region.
 * - ANY_PARTICIPANT: no relation needed (a role such as DPO, national in scope).
 */
export type Relation = "CASE_TEAM" | "ASSIGNED_COORDINATOR" | "ANY_PARTICIPANT";

/**
 * How the caller stands to one record about the person (a referral, an enrolment, a meeting).
 * - OWN_RUNS: the record belongs to a run of the caller's provider ("own runs only").
 * - OWN_UNIT: the record is kept at the caller's unit (a jobseeker record at its office, a DSP decision at its centre).
 * - ATTENDED_BY_UNIT: the caller's unit attended the meeting.
 * - DISCUSSED_CASELOAD: the meeting discussed a person of the caller's caseload.
 * - GENERAL_PROGRAMME_RUN: the record belongs to a run of a GENERAL programme. A referral to, or an
 *   enrolment in, a run for Roma women or women with language barriers says the person belongs to
 *   that target group: derived data carries the target group's rule (ACCESS.md, "What counts as reading").
 */
export type RecordRelation = "OWN_RUNS" | "OWN_UNIT" | "ATTENDED_BY_UNIT" | "DISCUSSED_CASELOAD" | "GENERAL_PROGRAMME_RUN";

/** The participant's consent to share data among the case team (ACCESS.md, "Consent"). */
export type ConsentState = "GIVEN" | "NEVER" | "WITHDRAWN";

/** One way in: an agency (optionally only with a role it holds), the relation, and whether consent is needed. */
export interface Grant {
  agency: Agency;
  /** A role the caller must hold — one its agency may hold (shared/policy/roles.ts); otherwise it grants nothing. */
  role?: string;
  relation: Relation;
  /** Any one of these must also hold for the record the field belongs to. */
  records?: readonly RecordRelation[];
  /**
   * Without consent each agency sees only the data it owns itself, and the coordinator identity and
   * journey only (ACCESS.md, "Consent"): true where the data is another agency's, and for the
   * coordinator also where it is neither identity nor journey — residence status and the target-group
   * attributes are coordination's own records, yet not identity; the coordinator keeps identity (name,
   * gender, EMŠO, birth date), consent, the journey (stage, referrals, enrolments, meetings, its case
   * notes) and loses the rest until the person consents.
   */
  needsConsent: boolean;
}

export interface DataGroup {
  /** The row of ACCESS.md this group is, in its words. */
  data: string;
  /** Which table of ACCESS.md: what may be read, or what may be written. */
  action: "READ" | "WRITE";
  /** The agency that owns the data (a partner's own code for a partner's): the one that keeps it, and needs no consent to see it. */
  owner: Agency | "HUB" | (string & {});
  /** The fields of the supergraph that carry it, as `Type.field`. */
  fields: readonly string[];
  grants: readonly Grant[];
  /**
   * Lists of these records (the fields named, with their counts and paging) show only the records
   * the caller may read, possibly none: a list is filtered by the same rule as its records
   * (STYLE.md, "Policy as data"). To an agency the group grants nothing, such a list may also be
   * refused as a whole (`Decision.emptyOrRefused`). A list field not named here is refused when the
   * person-level grant fails, and otherwise shows the records whose record relation holds.
   */
  filteredLists?: readonly string[];
  /** Values of other fields computed from this data, which carry its rule (ACCESS.md, "What counts as reading"). */
  derived?: { field: string; values: readonly string[] };
  /** Not part of the public graph: only the hub's services use it, as services (ACCESS.md, "What counts as reading"). */
  servicesOnly?: true;
}

const team = (agency: Agency, needsConsent: boolean, records?: readonly RecordRelation[]): Grant => ({ agency, relation: "CASE_TEAM", needsConsent, ...(records ? { records } : {}) });
/** Another agency's data, shared within the case team when the person consents. */
const sharedWith = (...agencies: Agency[]) => agencies.map((agency) => team(agency, true));
/** The agency's own data about the people of its case teams: no consent needed. */
const own = (...agencies: Agency[]) => agencies.map((agency) => team(agency, false));

/**
 * ACCESS.md, "Reading", row by row. OVERSIGHT has no case teams: it is named only where a role
 * gives it something (the DPO and the access log).
 */
export const READING = {
  existence: {
    data: "that the person is in social activation at all (“existence is personal data”): the person's key and the lists that name them",
    action: "READ",
    owner: COORDINATION,
    fields: ["Query.participant", "Query.participants", "ParticipantConnection.totalCount", "ParticipantConnection.pageInfo", "ParticipantConnection.edges", "ParticipantEdge.cursor", "ParticipantEdge.node", "Participant.id"],
    grants: [...own(COORDINATION, EMPLOYMENT, CSD, PROVIDER)],
    // The list, its count and its paging are over the people of the caller's case teams only.
    filteredLists: ["Query.participants", "ParticipantConnection.totalCount", "ParticipantConnection.pageInfo", "ParticipantConnection.edges"],
  },
  identity: {
    data: "name, gender, journey stage, coordinator (and the region the person lives in)",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.firstName", "Participant.lastName", "Participant.gender", "Participant.stage", "Participant.coordinator", "Participant.region"],
    grants: [...own(COORDINATION), ...sharedWith(EMPLOYMENT, CSD, PROVIDER)],
  },
  emsoAndBirthDate: {
    data: "EMŠO, full birth date",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.emso", "Participant.birthDate"],
    grants: [...own(COORDINATION), ...sharedWith(EMPLOYMENT, CSD)],
  },
  birthYear: {
    data: "birth year (all a provider sees of the birth date: “no (birth year only)”)",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.birthYear"],
    grants: [...own(COORDINATION), ...sharedWith(EMPLOYMENT, CSD, PROVIDER)],
  },
  residence: {
    data: "residence status (citizen / permanent residence)",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.residenceStatus"],
    // Without consent the coordinator sees identity and journey only: residence is neither.
    grants: [...sharedWith(COORDINATION, EMPLOYMENT, CSD)],
  },
  targetGroup: {
    data: "target-group attributes (language barrier, Roma community)",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.languageBarrier", "Participant.romaCommunity"],
    // Without consent the coordinator sees identity and journey only: the target group is neither.
    grants: [...sharedWith(COORDINATION)],
    // “eligibility.programmeTypes beyond GENERAL follows from the target-group attributes”.
    derived: { field: "Eligibility.programmeTypes", values: ["WOMEN_LANGUAGE_BARRIERS", "ROMA_WOMEN"] },
  },
  employmentFacts: {
    data: "eligibility facts: registered unemployed, temporarily unemployable (and employed) — the Urad za delo's",
    action: "READ",
    owner: EMPLOYMENT,
    fields: ["Participant.registeredUnemployed", "Participant.temporarilyUnemployable", "Participant.employed"],
    grants: [...own(EMPLOYMENT), ...sharedWith(CSD, COORDINATION)],
  },
  socialFacts: {
    data: "eligibility facts: receives DSP, has complex social problems — the CSD's",
    action: "READ",
    owner: CSD,
    fields: ["Participant.receivesSocialAssistance", "Participant.hasComplexSocialProblems"],
    grants: [...own(CSD), ...sharedWith(EMPLOYMENT, COORDINATION)],
  },
  eligibility: {
    data: "eligibility result and its grounds (computed by coordination from the Urad za delo's and the CSD's facts, so shared data)",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.eligibility", "Eligibility.eligible", "Eligibility.grounds", "Eligibility.programmeTypes"],
    grants: [...sharedWith(EMPLOYMENT, CSD, COORDINATION)],
  },
  jobseekerRecord: {
    data: "jobseeker record: status, registration date, office",
    action: "READ",
    owner: EMPLOYMENT,
    fields: ["Participant.jobseeker", "JobseekerRecord.status", "JobseekerRecord.registeredOn", "JobseekerRecord.office"],
    grants: [...own(EMPLOYMENT), ...sharedWith(CSD, COORDINATION)],
  },
  employmentPlan: {
    data: "employment plan",
    action: "READ",
    owner: EMPLOYMENT,
    fields: ["JobseekerRecord.employmentPlan"],
    grants: [...own(EMPLOYMENT), ...sharedWith(COORDINATION)],
  },
  dspDecisions: {
    data: "DSP decisions: number, period, amount",
    action: "READ",
    owner: CSD,
    fields: ["Participant.socialAssistance", "SocialAssistance.decisions", "AssistanceDecision.number", "AssistanceDecision.validFrom", "AssistanceDecision.validTo", "AssistanceDecision.monthlyAmount"],
    grants: [...own(CSD)],
  },
  socialCase: {
    data: "social case: case worker, note on complex social problems",
    action: "READ",
    owner: CSD,
    fields: ["Participant.socialCase", "SocialCase.centre", "SocialCase.caseWorker", "SocialCase.complexSocialProblemsNote"],
    grants: [...own(CSD)],
  },
  journey: {
    data: "referrals, enrolments, run phase, exit outcome",
    action: "READ",
    owner: PROVIDER,
    fields: [
      "Participant.referrals", "Participant.enrolments", "ProgrammeRun.enrolments",
      "Referral.id", "Referral.status", "Referral.createdAt", "Referral.run", "Referral.participant",
      "Enrolment.id", "Enrolment.status", "Enrolment.enrolledOn", "Enrolment.exitedOn", "Enrolment.exitOutcome", "Enrolment.run", "Enrolment.participant",
    ],
    // The coordinator always sees the journey (“the coordinator sees identity and journey only”). The
    // Urad za delo and the CSD see the records of GENERAL programmes only: the others' type is the
    // target group (“only COORDINATION sees WOMEN_LANGUAGE_BARRIERS or ROMA_WOMEN”).
    grants: [
      team(COORDINATION, false),
      team(EMPLOYMENT, true, ["GENERAL_PROGRAMME_RUN"]),
      team(CSD, true, ["GENERAL_PROGRAMME_RUN"]),
      team(PROVIDER, false, ["OWN_RUNS"]),
    ],
    filteredLists: ["Participant.referrals", "Participant.enrolments", "ProgrammeRun.enrolments"],
  },
  communityReferrals: {
    // ACCESS.md's table has no row of its own for them; they are referrals, so its referrals row holds:
    // the coordinator (who makes them) always, the Urad za delo and the CSD of the case team with
    // consent, and a provider only referrals to its own runs — which these never are.
    data: "referrals to community offers (the partner's data; the referrals rule: the coordinator always, the Urad za delo and CSD of the case team with consent, no provider)",
    action: "READ",
    owner: "COMMUNITY",
    fields: ["Participant.communityReferrals", "CommunityReferral.id", "CommunityReferral.offer", "CommunityReferral.referredOn", "CommunityReferral.note"],
    grants: [team(COORDINATION, false), ...sharedWith(EMPLOYMENT, CSD)],
  },
  attendance: {
    data: "attendance",
    action: "READ",
    owner: PROVIDER,
    fields: ["Enrolment.attendanceRate"],
    grants: [team(COORDINATION, true), team(PROVIDER, false, ["OWN_RUNS"])],
  },
  caseNotes: {
    data: "coordinator's case notes",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.caseNotes", "CaseNote.id", "CaseNote.text", "CaseNote.coordinatorId", "CaseNote.writtenAt"],
    grants: [{ agency: COORDINATION, relation: "ASSIGNED_COORDINATOR", needsConsent: false }],
  },
  teamMeetings: {
    data: "team meetings (date, kind, run, who attended, agreements)",
    action: "READ",
    owner: COORDINATION,
    fields: [
      "Participant.teamMeetings", "ProgrammeRun.teamMeetings",
      "TeamMeeting.id", "TeamMeeting.kind", "TeamMeeting.heldOn", "TeamMeeting.agencies", "TeamMeeting.units", "TeamMeeting.agreements", "TeamMeeting.participants", "TeamMeeting.run",
    ],
    grants: [
      team(COORDINATION, false, ["ATTENDED_BY_UNIT", "DISCUSSED_CASELOAD"]),
      team(EMPLOYMENT, true, ["ATTENDED_BY_UNIT"]),
      team(CSD, true, ["ATTENDED_BY_UNIT"]),
      team(PROVIDER, true, ["OWN_RUNS"]),
    ],
    // A run's meetings are those the caller may read; a person's meetings need the person-level grant first.
    filteredLists: ["ProgrammeRun.teamMeetings"],
  },
  accessLog: {
    data: "the participant's access log",
    action: "READ",
    owner: "HUB",
    fields: [
      "Query.accessLog",
      "AccessRecord.at", "AccessRecord.subject", "AccessRecord.agency", "AccessRecord.unit", "AccessRecord.operationName",
      "AccessRecord.dataOwner", "AccessRecord.action", "AccessRecord.fields", "AccessRecord.outcome", "AccessRecord.refusedBy",
      // Its inclusion proof (issue 16): the record's own canonical text and hashes of the tree.
      "AccessRecord.proof", "AccessRecordProof.log", "AccessRecordProof.leafIndex", "AccessRecordProof.treeSize",
      "AccessRecordProof.record", "AccessRecordProof.auditPath", "AccessRecordProof.checkpoint",
    ],
    grants: [
      { agency: COORDINATION, relation: "ASSIGNED_COORDINATOR", needsConsent: false },
      { agency: OVERSIGHT, role: "DPO", relation: "ANY_PARTICIPANT", needsConsent: false },
    ],
  },
  consent: {
    data: "consent status and its dates",
    action: "READ",
    owner: COORDINATION,
    fields: ["Participant.consent", "Consent.granted", "Consent.grantedAt", "Consent.withdrawnAt"],
    grants: [...own(EMPLOYMENT, CSD, COORDINATION, PROVIDER)],
  },
} as const satisfies Record<string, DataGroup>;

/**
 * ACCESS.md, "What counts as reading": “case-team look-ups, journey events and per-agency
 * access-log parts are not in the public graph; only the hub's services use them, as services.”
 * No user is granted them.
 */
export const MACHINERY = {
  hubMachinery: {
    data: "the hub's own machinery: case-team look-ups, journey events, provider reach, eligibility asked for a referral, per-agency access-log parts, the agencies' pseudonymous facts for indicators",
    action: "READ",
    owner: "HUB",
    fields: [
      "Query.caseTeams", "CaseTeam.participantId", "CaseTeam.assigned", "CaseTeam.consent",
      "Query.participantsInMyRuns", "Mutation.recordJourneyEvent", "Query.eligibilityForReferral",
      "Query.coordinationAccessLog", "Query.csdAccessLog", "Query.employmentAccessLog", "Query.providersAccessLog", "Query.communityAccessLog", "Query.statisticsAccessLog",
      "Query.coordinationIndicatorFacts", "Query.csdIndicatorFacts", "Query.employmentIndicatorFacts", "Query.providersIndicatorFacts",
      "IndicatorFactTable.columns", "IndicatorFactTable.rows",
    ],
    grants: [],
    servicesOnly: true,
  },
} as const satisfies Record<string, DataGroup>;

/** ACCESS.md, "Writing", row by row: a write that breaks a rule is refused with FORBIDDEN and stores nothing. */
export const WRITING = {
  jobseekerRecords: {
    data: "EMPLOYMENT: jobseeker records at its own office",
    action: "WRITE",
    owner: EMPLOYMENT,
    fields: ["Mutation.registerJobseeker"],
    grants: [{ agency: EMPLOYMENT, relation: "ANY_PARTICIPANT", records: ["OWN_UNIT"], needsConsent: false }],
  },
  socialAssistance: {
    data: "CSD: DSP decisions and social-case assessments at its own centre",
    action: "WRITE",
    owner: CSD,
    fields: ["Mutation.recordAssistanceDecision", "Mutation.assessSocialCase"],
    grants: [{ agency: CSD, relation: "ANY_PARTICIPANT", records: ["OWN_UNIT"], needsConsent: false }],
  },
  coordination: {
    data: "COORDINATION: new candidates, consent, journey stage, case notes, referrals, team meetings — for its own caseload, or unassigned candidates of its region",
    action: "WRITE",
    owner: COORDINATION,
    fields: ["Mutation.registerCandidate", "Mutation.recordConsent", "Mutation.recordCaseNote", "Mutation.recordTeamMeeting", "Mutation.referToProgramme", "Mutation.referToCommunityOffer"],
    grants: [team(COORDINATION, false)],
  },
  provider: {
    data: "PROVIDER: runs of its own programmes, enrolments of participants referred to them, attendance, exits",
    action: "WRITE",
    owner: PROVIDER,
    fields: ["Mutation.enrolParticipant", "Mutation.recordAttendance", "Mutation.recordExit"],
    grants: [team(PROVIDER, false, ["OWN_RUNS"])],
  },
} as const satisfies Record<string, DataGroup>;

export const ACCESS_POLICY: Readonly<Record<string, DataGroup>> = { ...READING, ...MACHINERY, ...WRITING };
export type DataGroupName = keyof typeof READING | keyof typeof MACHINERY | keyof typeof WRITING;

const GROUP_OF_FIELD = new Map<string, DataGroupName>();
for (const [name, group] of Object.entries(ACCESS_POLICY)) for (const field of group.fields) GROUP_OF_FIELD.set(field, name as DataGroupName);

/** The group a `Type.field` belongs to; undefined for a field the policy does not name. */
export const groupOf = (field: string): DataGroupName | undefined => GROUP_OF_FIELD.get(field);

/** Who asks: the verified claims of ACCESS.md, "The caller". */
export interface PolicyCaller {
  agency: string;
  unit: string;
  roles: readonly string[];
}

/** What is known of the caller's relation to the person (and, for a record's field, to the record). */
export interface RelationFacts {
  /** The caller's unit is in the person's case team. */
  caseTeam: boolean;
  /** The caller is the coordinator assigned to the person. */
  assignedCoordinator: boolean;
  /** For a field of one record (referral, enrolment, meeting, jobseeker record …): which record relations hold. */
  records?: readonly RecordRelation[];
}

export interface Decision {
  allowed: boolean;
  /** Why: the group (as ACCESS.md words it) and the grant that decided, or why none did. */
  rule: string;
  /**
   * A filtered list of records the caller's agency may read none of: answering it empty and
   * refusing it as a whole (FORBIDDEN) both disclose nothing, and ACCESS.md words both (“lists are
   * filtered”; “a field the caller may not see resolves to null with FORBIDDEN”).
   */
  emptyOrRefused?: true;
}

const RELATION_WORDS: Record<Relation, string> = {
  CASE_TEAM: "in the case team",
  ASSIGNED_COORDINATOR: "the assigned coordinator",
  ANY_PARTICIPANT: "any participant",
};

const grantWords = (grant: Grant) =>
  `${grant.agency}${grant.role ? ` with role ${grant.role}` : ""}, ${RELATION_WORDS[grant.relation]}` +
  `${grant.records ? ` (${grant.records.join(" or ")})` : ""}${grant.needsConsent ? ", with consent" : ", no consent needed"}`;

const relationHolds = (relation: Relation, facts: RelationFacts) =>
  relation === "ANY_PARTICIPANT" || (relation === "CASE_TEAM" ? facts.caseTeam : facts.assignedCoordinator);

/**
 * Whether `caller` may read (or write) `field` of a participant, given the relation and the
 * consent, and the rule that decided: “why can they see this?”. A field of a record (`Referral.status`)
 * is decided with that record's relations in `facts.records`; a list of records in `filteredLists`
 * is always answered, with the records the caller may read. A role counts only if the caller's
 * agency may hold it (shared/policy/roles.ts). Throws for a field the policy does not name: the
 * schema test keeps that from happening.
 */
export function decide(caller: PolicyCaller, facts: RelationFacts, consent: ConsentState, field: string): Decision {
  const name = groupOf(field);
  if (!name) throw new Error(`${field} is in no group of shared/policy/access-policy.ts`);
  const group = ACCESS_POLICY[name];
  const where = `${name} (ACCESS.md: “${group.data}”)`;
  if (group.servicesOnly) return { allowed: false, rule: `${where}: the hub's services only, never a user` };
  const ofAgency = group.grants.filter((grant) => grant.agency === caller.agency);
  if (group.filteredLists?.includes(field)) {
    return ofAgency.length
      ? { allowed: true, rule: `${where}: a list that shows only the records the caller may read` }
      : { allowed: true, rule: `${where}: a list of which ${caller.agency} may read nothing: empty, or refused as a whole`, emptyOrRefused: true };
  }
  const roles = rolesHeldBy(caller.agency, caller.roles);
  if (ofAgency.length === 0) return { allowed: false, rule: `${where}: nothing for ${caller.agency}` };
  const reasons: string[] = [];
  for (const grant of ofAgency) {
    if (grant.role && !roles.includes(grant.role)) reasons.push(`${grantWords(grant)}: role not held`);
    else if (!relationHolds(grant.relation, facts)) reasons.push(`${grantWords(grant)}: not ${RELATION_WORDS[grant.relation]}`);
    else if (grant.records && facts.records && !grant.records.some((relation) => facts.records!.includes(relation))) reasons.push(`${grantWords(grant)}: not ${grant.records.join(" or ")}`);
    else if (grant.needsConsent && consent !== "GIVEN") reasons.push(`${grantWords(grant)}: consent ${consent.toLowerCase()}`);
    else return { allowed: true, rule: `${where}: ${grantWords(grant)}` };
  }
  return { allowed: false, rule: `${where}: ${reasons.join("; ")}` };
}

/**
 * Whether `caller` may read `field` of a record reached without a person — a run's team meetings
 * (ACCESS.md: “those its unit attended … those of its own runs”): only the agency, the role and the
 * record relation count. The people such a record names are decided one by one, as people
 * (“of the people discussed, a reader sees only those in its own case teams”).
 */
export function decideRecord(caller: PolicyCaller, records: readonly RecordRelation[], field: string): Decision {
  const name = groupOf(field);
  if (!name) throw new Error(`${field} is in no group of shared/policy/access-policy.ts`);
  const group = ACCESS_POLICY[name];
  const where = `${name} (ACCESS.md: “${group.data}”)`;
  const roles = rolesHeldBy(caller.agency, caller.roles);
  const grant = group.grants.find(
    (candidate) => !group.servicesOnly && candidate.agency === caller.agency && (!candidate.role || roles.includes(candidate.role)) && candidate.records?.some((relation) => records.includes(relation)),
  );
  return grant
    ? { allowed: true, rule: `${where}: ${caller.agency}, a record that is ${grant.records!.filter((relation) => records.includes(relation)).join(" and ")}` }
    : { allowed: false, rule: `${where}: no record relation of ${caller.agency} holds (${records.join(", ") || "none"})` };
}

/**
 * The values of a derived field the caller may see: a value derived from a group's data carries
 * that group's rule (ACCESS.md: “only COORDINATION sees WOMEN_LANGUAGE_BARRIERS or ROMA_WOMEN there”).
 */
export function readableDerivedValues<Value extends string>(caller: PolicyCaller, facts: RelationFacts, consent: ConsentState, field: string, values: readonly Value[]): Value[] {
  return values.filter((value) =>
    Object.values(ACCESS_POLICY).every((group) => {
      if (!group.derived || group.derived.field !== field || !group.derived.values.includes(value)) return true;
      return decide(caller, facts, consent, group.fields[0]).allowed;
    }),
  );
}
