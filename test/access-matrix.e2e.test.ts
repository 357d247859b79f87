import fs from "node:fs";
import { Supergraph } from "@apollo/federation-internals";
import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from "graphql";
import { SUPERGRAPH_PATH } from "../gateway";
import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData, demoEligibilityFacts, demoUuid } from "../shared/demo-data";
import type { DemoParticipant } from "../shared/demo-data.types";
import { Agency, JobseekerStatus, ProgrammePhase, ProgrammeType, ReferralStatus } from "../shared/enums";
import { ACCESS_POLICY, decide, decideRecord, groupOf, readableDerivedValues, type ConsentState, type RecordRelation, type RelationFacts } from "../shared/policy/access-policy";
import { AGENCY_ROLES } from "../shared/policy/roles";
import { assessEligibility } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn } from "../subgraphs/providers/run/run-schedule";
import { classifiedFields } from "./support/classified-fields";
import { startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";


/** The start of a value for a failure message; the demo data's objects refer to each other (a meeting and its participants), so a circle is cut. */
function preview(value: unknown): string {
  const seen = new WeakSet<object>();
  return String(JSON.stringify(value, (_key, each: unknown) => (typeof each === "object" && each !== null ? (seen.has(each) ? "[…]" : (seen.add(each), each)) : each))).slice(0, 80);
}

/**
 * ACCESS.md's reading table as a generated matrix: every PERSONAL and SENSITIVE field the public
 * graph reaches from a participant (schema/supergraph.graphql and its classification) × every
 * agency with each of its roles, and with a role it must not hold × the caller's relation to the
 * person (its own unit, case team, another unit of the same agency, an outsider) × consent (given,
 * never, withdrawn) × the paths that reach the data (root `participant(id)`, the `participants`
 * list, a run's roster, the person's referrals and enrolments, the access log). One request per
 * (user, participant, path) selects every field of the path; each field of the answer is one cell,
 * checked against `decide` of shared/policy/access-policy.ts: allowed → the value of the demo data
 * (null only where the data has none), refused → null with FORBIDDEN at exactly that path. Lists
 * must hold exactly the records the policy admits.
 */

// ---------------------------------------------------------------------------------------------
// Open items other branches are fixing. A failing cell is accepted only when one of these explains
// it, and every one is printed; the lead empties this list after merging those branches.
// ---------------------------------------------------------------------------------------------
interface Failure {
  kind: "SERVED_BUT_REFUSED" | "REFUSED_BUT_ALLOWED" | "NO_FORBIDDEN_ERROR" | "WRONG_VALUE" | "MISSING_VALUE" | "EXTRA_RECORD" | "MISSING_RECORD" | "UNEXPECTED_ERROR" | "UNEXPLAINED_FORBIDDEN" | "NOT_LOGGED";
  path: PathKind;
  field: string;
  group: string;
  caller: string;
  agency: string;
  roles: string;
  relation: string;
  consent: ConsentState | "-";
  rule: string;
  at: string;
  detail: string;
}


// ---------------------------------------------------------------------------------------------
// The schema: what a path selects, generated from the public graph and its classification
// ---------------------------------------------------------------------------------------------
const api = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, "utf8")).apiSchema().toGraphQLJSSchema();
const levels = classifiedFields();
const isPersonal = (field: string) => levels.get(field) === "PERSONAL" || levels.get(field) === "SENSITIVE";

interface Selection {
  name: string;
  /** `Type.field` */
  field: string;
  type: string;
  list: boolean;
  children: Selection[] | null;
}

const unwrap = (type: GraphQLOutputType) => (isNonNullType(type) ? type.ofType : type);
const objectType = (name: string) => api.getType(name) as GraphQLObjectType;
/** A type all of whose fields are personal is selected in full; the directory and runs by id. */
const allPersonal = (type: GraphQLObjectType) => Object.values(type.getFields()).every((field) => isPersonal(`${type.name}.${field.name}`));

/** Every field of a type (no required arguments); a nested Participant in full `participants` levels deep, else by id. */
function selectionOf(typeName: string, participants = 0): Selection[] {
  return Object.values(objectType(typeName).getFields())
    .filter((field) => !field.args.some((argument) => isNonNullType(argument.type)))
    .map((field) => {
      const named = getNamedType(field.type);
      const selection = { name: field.name, field: `${typeName}.${field.name}`, type: named.name, list: isListType(unwrap(field.type)), children: null as Selection[] | null };
      if (!isObjectType(named)) return selection;
      const byId = [{ name: "id", field: `${named.name}.id`, type: "ID", list: false, children: null }];
      if (named.name === "Participant") selection.children = participants > 0 ? selectionOf("Participant", participants - 1) : byId;
      else if (allPersonal(named)) selection.children = selectionOf(named.name, participants);
      else selection.children = byId;
      return selection;
    });
}

const printSelection = (selections: Selection[]): string => selections.map((selection) => (selection.children ? `${selection.name} { ${printSelection(selection.children)} }` : selection.name)).join(" ");
/** A field of `parent` selected by hand, with the named type it returns. */
const field = (parent: string, name: string, type: string, children: Selection[] | null = null, list = false): Selection => ({ name, field: `${parent}.${name}`, type, list, children });

type PathKind = "root participant(id)" | "participants list" | "run roster" | "referrals and enrolments" | "access log";

const PARTICIPANT = selectionOf("Participant");
const JOURNEY = selectionOf("Participant", 1).filter((selection) => selection.name === "referrals" || selection.name === "enrolments");
const ROSTER_RUN = [field("ProgrammeRun", "id", "ID"), ...selectionOf("ProgrammeRun", 1).filter((selection) => isPersonal(selection.field))];
const EDGE = [field("ParticipantEdge", "cursor", "String"), field("ParticipantEdge", "node", "Participant", PARTICIPANT)];
const CONNECTION = [field("ParticipantConnection", "totalCount", "Int"), field("ParticipantConnection", "edges", "ParticipantEdge", EDGE, true)];
const ACCESS_RECORD = selectionOf("AccessRecord");

const QUERIES: Record<PathKind, string> = {
  "root participant(id)": `query MatrixRoot($id: ID!) { participant(id: $id) { ${printSelection(PARTICIPANT)} } }`,
  "participants list": `query MatrixList($after: String) { participants(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { ${printSelection(EDGE)} } } }`,
  "run roster": `query MatrixRoster($id: ID!) { programmeRun(id: $id) { ${printSelection(ROSTER_RUN)} } }`,
  "referrals and enrolments": `query MatrixJourney($id: ID!) { participant(id: $id) { id ${printSelection(JOURNEY)} } }`,
  "access log": `query MatrixAccessLog($id: ID!) { accessLog(participantId: $id, first: 20) { ${printSelection(ACCESS_RECORD)} } }`,
};

// ---------------------------------------------------------------------------------------------
// The demo data: who is who, and what each field must hold
// ---------------------------------------------------------------------------------------------
const today = todayInLjubljana();
const data = demoData(today);
const byId = new Map(data.participants.map((person) => [person.id, person]));
const runProvider = new Map(data.runs.map((run) => [run.id, data.programmes.find((programme) => programme.id === run.programmeId)!.providerId]));
const runType = new Map(data.runs.map((run) => [run.id, data.programmes.find((programme) => programme.id === run.programmeId)!.type]));
const coordinatorRegion = new Map(data.coordinators.map((coordinator) => [coordinator.id, coordinator.region]));
const journeyOf = (person: DemoParticipant) => [...data.referrals, ...data.enrolments].filter((record) => record.participantId === person.id);

const consentOf = (person: DemoParticipant): ConsentState =>
  person.consentGrantedAt === null ? "NEVER" : person.consentWithdrawnAt !== null ? "WITHDRAWN" : "GIVEN";

/** The case team from the demo data (ACCESS.md, "The case team"), independently of the hub's code. */
function inCaseTeam(caller: Caller, person: DemoParticipant): boolean {
  switch (caller.agency) {
    case Agency.COORDINATION:
      return person.coordinatorId === caller.unit || (person.coordinatorId === null && coordinatorRegion.get(caller.unit) === person.region);
    case Agency.CSD:
      return person.centreId === caller.unit;
    case Agency.EMPLOYMENT:
      return person.officeId === caller.unit;
    case Agency.PROVIDER:
      return journeyOf(person).some((record) => runProvider.get(record.runId) === caller.unit);
    default:
      return false;
  }
}

const factsOf = (caller: Caller, person: DemoParticipant, records?: RecordRelation[]): RelationFacts => ({
  caseTeam: inCaseTeam(caller, person),
  assignedCoordinator: caller.agency === Agency.COORDINATION && person.coordinatorId === caller.unit,
  ...(records ? { records } : {}),
});

/** Case notes written in beforeAll, by participant. */
const caseNotes = new Map<string, Record<string, unknown>[]>();

/** Where a record of the answer stands: whose it is, and (for a run's record) the run. */
const recordOwner = new WeakMap<object, RecordOwner>();

/** Whose a record is (none for a run's meeting, which names several people), and what it is about. */
interface RecordOwner {
  person: DemoParticipant | null;
  runId?: string;
  meeting?: DemoMeeting;
}

/**
 * Team meetings of the demo data, where it has them (the branch recording meetings by unit adds
 * them); otherwise none, and the matrix expects every meeting list empty.
 */
interface DemoMeeting {
  id: string;
  kind: string;
  runId: string;
  heldOn: string;
  units?: string[];
  agencies: string[];
  participantIds: string[];
  agreements: string | null;
}
const demoMeetings: DemoMeeting[] = [...((data as unknown as { teamMeetings?: DemoMeeting[] }).teamMeetings ?? [])];

function expectedMeeting(meeting: DemoMeeting, person: DemoParticipant | null): Record<string, unknown> {
  const { participantIds, runId, ...rest } = meeting;
  return owned({ ...rest, run: { id: runId }, participants: participantIds.map((id) => expectedParticipant(byId.get(id)!)) }, person, runId, meeting);
}

/** How the caller stands to one record: a run of its own, a meeting its unit attended or that discussed its caseload. */
function recordRelations(caller: Caller, owner: RecordOwner): RecordRelation[] | undefined {
  const runId = owner.runId ?? owner.meeting?.runId;
  if (!runId) return undefined;
  const relations: RecordRelation[] = [];
  if (caller.agency === Agency.PROVIDER && runProvider.get(runId) === caller.unit) relations.push("OWN_RUNS");
  if (!owner.meeting && runType.get(runId) === "GENERAL") relations.push("GENERAL_PROGRAMME_RUN");
  if (owner.meeting?.units?.map((unit) => unit.toLowerCase()).includes(caller.unit.toLowerCase())) relations.push("ATTENDED_BY_UNIT");
  if (caller.agency === Agency.COORDINATION && owner.meeting?.participantIds.some((id) => inCaseTeam(caller, byId.get(id)!))) relations.push("DISCUSSED_CASELOAD");
  return relations;
}
const expectedPeople = new Map<string, Record<string, unknown>>();
const communityReferred = data.participants.filter((person) => person.coordinatorId && person.consentGrantedAt && !person.consentWithdrawnAt).filter((_, index) => index % 10 === 0);
const COMMUNITY_KINDS = ["HEALTH_PROMOTION_CENTRE", "LIBRARY", "NGO"];

/** Everything the hub holds about a person, as the answer would show it to someone allowed all of it. */
function expectedParticipant(person: DemoParticipant): Record<string, unknown> {
  const known = expectedPeople.get(person.id);
  if (known) return known;
  const jobseeker = data.jobseekers.find((record) => record.participantId === person.id);
  const socialCase = data.socialCases.find((record) => record.participantId === person.id);
  const decisions = data.assistanceDecisions.filter((decision) => decision.participantId === person.id);
  const community = communityReferred.indexOf(person);
  const expected: Record<string, unknown> = {
    id: person.id,
    firstName: person.firstName,
    lastName: person.lastName,
    gender: person.gender,
    birthDate: person.birthDate,
    emso: person.emso,
    residenceStatus: person.residenceStatus,
    languageBarrier: person.languageBarrier,
    romaCommunity: person.romaCommunity,
    region: person.region,
    stage: person.stage,
    birthYear: Number(person.birthDate.slice(0, 4)),
    coordinator: person.coordinatorId ? { id: person.coordinatorId } : null,
    consent: { granted: consentOf(person) === "GIVEN", grantedAt: person.consentGrantedAt, withdrawnAt: person.consentWithdrawnAt },
    registeredUnemployed: jobseeker?.status === JobseekerStatus.UNEMPLOYED,
    temporarilyUnemployable: jobseeker?.status === JobseekerStatus.TEMPORARILY_UNEMPLOYABLE,
    employed: jobseeker?.status === JobseekerStatus.EMPLOYED,
    receivesSocialAssistance: decisions.some((decision) => decision.validFrom <= today && today <= decision.validTo),
    hasComplexSocialProblems: socialCase?.complexSocialProblems ?? false,
    eligibility: assessEligibility(demoEligibilityFacts(data, person, today), today),
    jobseeker: jobseeker ? { status: jobseeker.status, registeredOn: jobseeker.registeredOn, office: { id: jobseeker.officeId }, employmentPlan: jobseeker.employmentPlan } : null,
    socialAssistance: { decisions: decisions.map(({ number, validFrom, validTo, monthlyAmount }) => ({ number, validFrom, validTo, monthlyAmount })) },
    socialCase: socialCase ? { centre: { id: socialCase.centreId }, caseWorker: socialCase.caseWorker, complexSocialProblemsNote: socialCase.note } : null,
    caseNotes: caseNotes.get(person.id) ?? [],
    communityReferrals:
      community < 0
        ? []
        : [{ id: demoUuid(`community-referral:${person.id}`), offer: { id: demoUuid(`community-offer:${person.region}:${COMMUNITY_KINDS[community % 3]}`) }, referredOn: data.anchor, note: "Predstavitev na timskem sestanku." }],
  };
  expectedPeople.set(person.id, expected);
  // Records that name the person again (and meetings, other people) come after the cache knows the person.
  expected.teamMeetings = demoMeetings.filter((meeting) => meeting.participantIds.includes(person.id)).map((meeting) => expectedMeeting(meeting, person));
  expected.referrals = data.referrals
    .filter((referral) => referral.participantId === person.id)
    .map((referral) => owned({ id: referral.id, status: referral.status, createdAt: referral.createdAt, run: { id: referral.runId }, participant: expected }, person, referral.runId));
  expected.enrolments = data.enrolments.filter((enrolment) => enrolment.participantId === person.id).map((enrolment) => expectedEnrolment(enrolment.id));
  return expected;
}

function owned<Row extends object>(row: Row, person: DemoParticipant | null, runId?: string, meeting?: DemoMeeting): Row {
  recordOwner.set(row, { person, runId, meeting });
  return row;
}

function expectedEnrolment(id: string): Record<string, unknown> {
  const enrolment = data.enrolments.find((candidate) => candidate.id === id)!;
  const days = data.attendance.filter((day) => day.enrolmentId === id);
  const person = byId.get(enrolment.participantId)!;
  return owned(
    {
      id,
      status: enrolment.status,
      enrolledOn: enrolment.enrolledOn,
      exitedOn: enrolment.exitedOn,
      exitOutcome: enrolment.exitOutcome,
      attendanceRate: days.length ? days.filter((day) => day.present).length / days.length : null,
      run: { id: enrolment.runId },
      participant: expectedParticipant(person),
    },
    person,
    enrolment.runId,
  );
}

// ---------------------------------------------------------------------------------------------
// Who asks about whom: subjects by consent, callers by relation, found in the demo data
// ---------------------------------------------------------------------------------------------
interface Subject {
  label: string;
  person: DemoParticipant;
}

function richest(label: string, matches: (person: DemoParticipant) => boolean): Subject | null {
  const score = (person: DemoParticipant) => {
    const journey = journeyOf(person);
    return (
      4 * Number(data.enrolments.some((enrolment) => enrolment.participantId === person.id && data.attendance.some((day) => day.enrolmentId === enrolment.id))) +
      3 * Number(journey.length > 0) +
      2 * Number(data.jobseekers.some((record) => record.participantId === person.id && record.employmentPlan)) +
      2 * Number(data.socialCases.some((record) => record.participantId === person.id && record.note)) +
      2 * Number(data.assistanceDecisions.some((decision) => decision.participantId === person.id)) +
      2 * Number(communityReferred.includes(person)) +
      2 * Number(person.gender === "FEMALE" && (person.romaCommunity || person.languageBarrier) && expectedParticipant(person).eligibility !== null && (expectedParticipant(person).eligibility as { eligible: boolean }).eligible)
    );
  };
  const candidates = data.participants.filter(matches).sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id));
  return candidates[0] ? { label, person: candidates[0] } : null;
}

const enrolled = (person: DemoParticipant) => data.enrolments.some((enrolment) => enrolment.participantId === person.id);
const referredOnly = (person: DemoParticipant) => !enrolled(person) && data.referrals.some((referral) => referral.participantId === person.id);

const SUBJECTS: Subject[] = [
  richest("consent given, enrolled", (person) => consentOf(person) === "GIVEN" && person.coordinatorId !== null && enrolled(person)),
  richest("consent given, referred only", (person) => consentOf(person) === "GIVEN" && person.coordinatorId !== null && referredOnly(person)),
  richest("consent never given, assigned", (person) => consentOf(person) === "NEVER" && person.coordinatorId !== null),
  richest("consent never given, unassigned candidate", (person) => consentOf(person) === "NEVER" && person.coordinatorId === null),
  richest("consent withdrawn, enrolled", (person) => consentOf(person) === "WITHDRAWN" && enrolled(person)),
  richest("consent withdrawn, referred only", (person) => consentOf(person) === "WITHDRAWN" && referredOnly(person)),
].filter((subject): subject is Subject => subject !== null);

interface MatrixCaller extends Caller {
  relation: string;
}

const UNITS: Record<string, { id: string; region: string }[]> = {
  [Agency.EMPLOYMENT]: data.employmentOffices,
  [Agency.CSD]: data.socialWorkCentres,
  [Agency.COORDINATION]: data.coordinators,
  [Agency.PROVIDER]: data.providers,
};

/** Each role of the agency alone, and its first role with one it must not hold (which must add nothing). */
const roleSets = (agency: string): string[][] => [...AGENCY_ROLES[agency].map((role) => [role]), [AGENCY_ROLES[agency][0], agency === Agency.OVERSIGHT ? "COORDINATOR" : "DPO"]];

const callerOf = (agency: string, unit: string, roles: string[], relation: string): MatrixCaller => ({
  sub: `matrix:${agency}:${unit.slice(0, 8)}:${roles.join("+")}`,
  agency,
  unit,
  roles,
  relation,
});

function callersAbout(person: DemoParticipant): MatrixCaller[] {
  const callers: MatrixCaller[] = [];
  for (const agency of [Agency.EMPLOYMENT, Agency.CSD, Agency.COORDINATION, Agency.PROVIDER]) {
    const units = UNITS[agency];
    const inTeam = (unit: string) => inCaseTeam(callerOf(agency, unit, [], ""), person);
    // A provider: every provider of the person's runs, the enrolling one first.
    const journeyProviders = [...new Set([...data.enrolments, ...data.referrals].filter((record) => record.participantId === person.id).map((record) => runProvider.get(record.runId)!))];
    const own: [string, string | undefined][] =
      agency === Agency.EMPLOYMENT ? [["own office", person.officeId]]
      : agency === Agency.CSD ? [["own centre", person.centreId]]
      : agency === Agency.PROVIDER ? journeyProviders.map((provider) => [data.enrolments.some((record) => record.participantId === person.id && runProvider.get(record.runId) === provider) ? "own run (enrolled)" : "own run (referred)", provider])
      : person.coordinatorId ? [["assigned coordinator", person.coordinatorId]]
      : [["case team (coordinator of the region, unassigned person)", units.find((unit) => unit.region === person.region && inTeam(unit.id))?.id]];
    const otherUnit = units.find((unit) => unit.region === person.region && !inTeam(unit.id)) ?? units.find((unit) => !inTeam(unit.id));
    const outsider = units.find((unit) => unit.region !== person.region && !inTeam(unit.id) && unit.id !== otherUnit?.id);
    const relations: [string, string | undefined][] = [...own, ["same agency, other unit", otherUnit?.id], ["outsider (another region)", outsider?.id]];
    for (const [relation, unit] of relations) {
      if (!unit) continue;
      for (const roles of roleSets(agency)) callers.push(callerOf(agency, unit, roles, relation));
    }
  }
  for (const roles of roleSets(Agency.OVERSIGHT)) callers.push(callerOf(Agency.OVERSIGHT, "ministry", roles, "no case team (oversight)"));
  return callers;
}

// ---------------------------------------------------------------------------------------------
// Evaluating an answer cell by cell
// ---------------------------------------------------------------------------------------------
interface Tally {
  cells: number;
  /** Cells under a refused parent: null because the parent is, checked by the parent's cell. */
  underRefusedParent: number;
  allowed: number;
  refused: number;
  failures: Failure[];
}

const tally: Tally & { byPath: Record<string, number> } = { cells: 0, underRefusedParent: 0, allowed: 0, refused: 0, failures: [], byPath: {} };

/** One cell checked: a field of one answer, decided allowed or refused. */
function count(path: PathKind, allowed: boolean) {
  tally.cells += 1;
  if (allowed) tally.allowed += 1;
  else tally.refused += 1;
  tally.byPath[path] = (tally.byPath[path] ?? 0) + 1;
}

interface Walk {
  caller: MatrixCaller;
  path: PathKind;
  person: DemoParticipant | null;
  records?: RecordRelation[];
  forbidden: Set<string>;
  explained: Set<string>;
}

const sameInstant = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && Date.parse(a) === Date.parse(b);
const sorted = (values: unknown) => (values as string[]).map((value) => value.toLowerCase()).sort();

function sameLeaf(fieldName: string, got: unknown, expected: unknown, walk: Walk): boolean {
  switch (fieldName) {
    case "Referral.createdAt":
    case "Consent.grantedAt":
    case "Consent.withdrawnAt":
      return sameInstant(got, expected);
    case "Enrolment.attendanceRate":
      return typeof got === "number" && Math.abs(got - (expected as number)) < 1e-9;
    case "TeamMeeting.agencies":
    case "TeamMeeting.units":
    case "Eligibility.grounds":
      return JSON.stringify(sorted(got)) === JSON.stringify(sorted(expected));
    case "Eligibility.programmeTypes": {
      const readable = readableDerivedValues(walk.caller, factsOf(walk.caller, walk.person!), consentOf(walk.person!), fieldName, expected as string[]);
      return JSON.stringify(sorted(got)) === JSON.stringify(sorted(readable));
    }
    default:
      return JSON.stringify(got) === JSON.stringify(expected);
  }
}

/** Records of a list are matched by id (a DSP decision by its number). */
const keyOf = (row: Record<string, unknown>) => String(row.id ?? row.number ?? (row.node as { id?: string } | undefined)?.id ?? "");

function fail(walk: Walk, kind: Failure["kind"], fieldName: string, at: string, rule: string, detail: string, person = walk.person) {
  tally.failures.push({
    kind,
    path: walk.path,
    field: fieldName,
    group: groupOf(fieldName) ?? "-",
    caller: `${walk.caller.agency} [${walk.caller.roles.join(",")}] ${walk.caller.unit.slice(0, 8)}`,
    agency: walk.caller.agency,
    roles: walk.caller.roles.join(","),
    relation: person ? relationLabel(walk.caller, person) : walk.caller.relation,
    consent: person ? consentOf(person) : "-",
    rule,
    at,
    detail,
  });
}

function relationLabel(caller: MatrixCaller, person: DemoParticipant): string {
  const facts = factsOf(caller, person);
  return facts.assignedCoordinator ? "assigned coordinator" : facts.caseTeam ? (caller.relation.startsWith("own") || caller.relation.startsWith("case team") ? caller.relation : "case team") : caller.agency === Agency.OVERSIGHT ? caller.relation : "outside the case team";
}

/** Counts the personal cells below a refused or absent value (their values cannot be there). */
function countBelow(selections: Selection[] | null): number {
  return (selections ?? []).reduce((sum, selection) => sum + Number(isPersonal(selection.field)) + countBelow(selection.children), 0);
}

/** The cursor must not carry what the caller may not read of the person (ACCESS.md: cursors). */
function cursorProblem(cursor: unknown, walk: Walk): string | null {
  if (typeof cursor !== "string" || !walk.person) return "no cursor";
  let decoded = cursor;
  try {
    decoded = Buffer.from(cursor, "base64").toString("utf8");
  } catch {
    // not base64: the text itself is checked
  }
  const facts = factsOf(walk.caller, walk.person);
  const consent = consentOf(walk.person);
  for (const [name, value] of [["firstName", walk.person.firstName], ["lastName", walk.person.lastName], ["emso", walk.person.emso]] as const) {
    if (!decide(walk.caller, facts, consent, `Participant.${name}`).allowed && (decoded.includes(value) || cursor.includes(value))) return `the cursor carries the refused ${name}`;
  }
  return null;
}

/** The decision for a field where the walk stands: about a person, or about a record reached without one. */
const decisionAt = (walk: Walk, fieldName: string) =>
  walk.person ? decide(walk.caller, factsOf(walk.caller, walk.person, walk.records), consentOf(walk.person), fieldName) : decideRecord(walk.caller, walk.records ?? [], fieldName);

function walkObject(selections: Selection[], got: Record<string, unknown> | null | undefined, expected: Record<string, unknown>, at: (string | number)[], walk: Walk) {
  for (const selection of selections) walkField(selection, got?.[selection.name], expected[selection.name], [...at, selection.name], walk);
}

function walkField(selection: Selection, got: unknown, expected: unknown, at: (string | number)[], walk: Walk) {
  const where = at.join(".");
  if (!isPersonal(selection.field)) {
    // Public parts of personal data (an office's id, a run's id) are compared as part of their parent cell.
    if (expected !== undefined && got !== undefined && !sameLeaf(selection.field, got, expected, walk)) fail(walk, "WRONG_VALUE", selection.field, where, "-", `got ${JSON.stringify(got)}, demo data ${JSON.stringify(expected)}`);
    return;
  }
  const person = walk.person;
  const decision = decisionAt(walk, selection.field);
  count(walk.path, decision.allowed);
  if (!decision.allowed) {
    tally.underRefusedParent += countBelow(selection.children);
    if (got !== null && got !== undefined) fail(walk, "SERVED_BUT_REFUSED", selection.field, where, decision.rule, `served ${JSON.stringify(got).slice(0, 80)}`);
    else if (!walk.forbidden.has(where)) fail(walk, "NO_FORBIDDEN_ERROR", selection.field, where, decision.rule, "null without a FORBIDDEN error at this path");
    walk.explained.add(where);
    return;
  }
  if (walk.forbidden.has(where) && decision.emptyOrRefused && (got === null || got === undefined)) {
    walk.explained.add(where);
    return;
  }
  if (walk.forbidden.has(where)) {
    fail(walk, "REFUSED_BUT_ALLOWED", selection.field, where, decision.rule, "FORBIDDEN");
    walk.explained.add(where);
    tally.underRefusedParent += countBelow(selection.children);
    return;
  }
  if (selection.field === "ParticipantEdge.cursor") {
    const problem = cursorProblem(got, walk);
    if (problem) fail(walk, "WRONG_VALUE", selection.field, where, decision.rule, problem);
    return;
  }
  if (expected === null || expected === undefined) {
    if (got !== null && got !== undefined && expected === null) fail(walk, "WRONG_VALUE", selection.field, where, decision.rule, `got ${JSON.stringify(got).slice(0, 80)} where the demo data has none`);
    else if (expected === undefined && (got === null || got === undefined)) fail(walk, "MISSING_VALUE", selection.field, where, decision.rule, "null");
    tally.underRefusedParent += countBelow(selection.children);
    return;
  }
  if (got === null || got === undefined) {
    fail(walk, "MISSING_VALUE", selection.field, where, decision.rule, `null, the demo data has ${preview(expected)}`);
    tally.underRefusedParent += countBelow(selection.children);
    return;
  }
  if (!selection.children) {
    if (!sameLeaf(selection.field, got, expected, walk)) {
      const readable = selection.field === "Eligibility.programmeTypes" && person ? readableDerivedValues(walk.caller, factsOf(walk.caller, person), consentOf(person), selection.field, expected as string[]) : expected;
      fail(walk, "WRONG_VALUE", selection.field, where, decision.rule, `got ${JSON.stringify(got)}, the policy lets it see ${JSON.stringify(readable)}`);
    }
    return;
  }
  if (!selection.list) {
    const owner = recordOwner.get(expected as object);
    const nested = selection.type === "Participant" ? { ...walk, person: byId.get((expected as { id: string }).id)!, records: undefined } : owner ? { ...walk, person: owner.person } : walk;
    walkObject(selection.children, got as Record<string, unknown>, expected as Record<string, unknown>, at, nested);
    return;
  }
  walkRecords(selection, got as Record<string, unknown>[], expected as Record<string, unknown>[], at, walk);
}

/** A list: exactly the records the policy admits, each walked with its own owner and record relations. */
function walkRecords(selection: Selection, got: Record<string, unknown>[], expected: Record<string, unknown>[], at: (string | number)[], walk: Walk) {
  const keyField = selection.children!.find((child) => child.name === "id") ?? selection.children![0];
  const contextOf = (row: Record<string, unknown>): Walk => {
    const owner: RecordOwner | undefined =
      recordOwner.get(row) ??
      (selection.type === "ParticipantEdge" ? { person: byId.get((row.node as { id: string }).id)! } : selection.type === "Participant" ? { person: byId.get(row.id as string)! } : undefined);
    if (!owner) return walk;
    return { ...walk, person: owner.person, records: recordRelations(walk.caller, owner) };
  };
  const readable = (row: Record<string, unknown>) => decisionAt(contextOf(row), selection.type === "ParticipantEdge" ? "ParticipantEdge.node" : keyField.field).allowed;
  const admitted = new Map(expected.filter(readable).map((row) => [keyOf(row), row]));
  const everything = new Map(expected.map((row) => [keyOf(row), row]));
  got.forEach((row, index) => {
    const key = keyOf(row);
    const expectedRow = admitted.get(key);
    const where = [...at, index];
    if (!expectedRow) {
      const known = everything.get(key);
      fail(known ? contextOf(known) : walk, "EXTRA_RECORD", selection.field, where.join("."), "a record the policy does not admit, or not in the demo data", `record ${key}`);
      // Refusals inside a record that should not be there at all belong to that one failure.
      for (const path of walk.forbidden) if (path.startsWith(`${where.join(".")}.`)) walk.explained.add(path);
      count(walk.path, false);
      return;
    }
    admitted.delete(key);
    walkObject(selection.children!, row, expectedRow, where, contextOf(expectedRow));
  });
  for (const [key, row] of admitted) {
    count(walk.path, true);
    const context = contextOf(row);
    fail(context, "MISSING_RECORD", selection.field, at.join("."), "admitted by the policy", `record ${key} missing`);
  }
}

/** Checks one answer: its cells, then that every error is one the policy explains. */
function evaluate(answer: GraphQLAnswer<Record<string, unknown>>, walk: Omit<Walk, "forbidden" | "explained">, check: (walk: Walk) => void) {
  const forbidden = new Set((answer.errors ?? []).filter((error) => error.extensions?.code === "FORBIDDEN").map((error) => (error.path ?? []).join(".")));
  const full: Walk = { ...walk, forbidden, explained: new Set() };
  for (const error of answer.errors ?? []) {
    if (error.extensions?.code !== "FORBIDDEN") fail(full, "UNEXPECTED_ERROR", "-", (error.path ?? []).join("."), "-", `${error.extensions?.code}: ${error.message}`);
  }
  check(full);
  for (const where of forbidden) if (!full.explained.has(where)) fail(full, "UNEXPLAINED_FORBIDDEN", "-", where, "-", "FORBIDDEN at a path the policy allows or the client never asked for");
}

function checkParticipantAt(name: string, selections: Selection[], person: DemoParticipant, answer: GraphQLAnswer<Record<string, unknown>>, walk: Walk) {
  const rootField = "Query.participant";
  const decision = decide(walk.caller, factsOf(walk.caller, person), consentOf(person), rootField);
  const got = answer.data?.[name] as Record<string, unknown> | null | undefined;
  count(walk.path, decision.allowed);
  if (!decision.allowed) {
    tally.underRefusedParent += countBelow(selections);
    if (got) fail(walk, "SERVED_BUT_REFUSED", rootField, name, decision.rule, "the person was served");
    else if (!walk.forbidden.has(name)) fail(walk, "NO_FORBIDDEN_ERROR", rootField, name, decision.rule, "null without FORBIDDEN");
    walk.explained.add(name);
    return;
  }
  if (!got) {
    fail(walk, "REFUSED_BUT_ALLOWED", rootField, name, decision.rule, "no person");
    walk.explained.add(name);
    return;
  }
  walkObject(selections, got, expectedParticipant(person), [name], walk);
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------
let hub: TestHub;
const tokens = new Map<string, Promise<string>>();

async function ask(caller: MatrixCaller, query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<Record<string, unknown>>> {
  if (!tokens.has(caller.sub)) tokens.set(caller.sub, hub.tokenFor(caller));
  const response = await fetch(hub.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await tokens.get(caller.sub)}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer<Record<string, unknown>>;
}

/** Runs the tasks a few at a time: the hub and the test share two cores. */
async function inParallel<Task>(tasks: Task[], run: (task: Task) => Promise<void>, width = 4) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) await run(tasks[next++]);
  }));
}

const requests: Record<PathKind, number> = { "root participant(id)": 0, "participants list": 0, "run roster": 0, "referrals and enrolments": 0, "access log": 0 };
const milliseconds: Record<PathKind, number> = { "root participant(id)": 0, "participants list": 0, "run roster": 0, "referrals and enrolments": 0, "access log": 0 };

async function timed<Answer>(path: PathKind, request: () => Promise<Answer>): Promise<Answer> {
  const started = Date.now();
  try {
    return await request();
  } finally {
    requests[path] += 1;
    milliseconds[path] += Date.now() - started;
  }
}

async function sweep(caller: MatrixCaller, path: PathKind, variables: Record<string, unknown>, person: DemoParticipant | null, check: (answer: GraphQLAnswer<Record<string, unknown>>, walk: Walk) => void) {
  const answer = await timed(path, () => ask(caller, QUERIES[path], variables));
  evaluate(answer, { caller, path, person }, (walk) => check(answer, walk));
}

async function sweepList(caller: MatrixCaller) {
  // Every page, merged into one answer whose error paths are renumbered to the merged list.
  const edges: unknown[] = [];
  const errors: NonNullable<GraphQLAnswer<unknown>["errors"]> = [];
  let totalCount: unknown = null;
  let after: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const answer = await timed("participants list", () => ask(caller, QUERIES["participants list"], { after }));
    const connection = answer.data?.participants as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } | undefined;
    for (const error of answer.errors ?? []) {
      const at = [...(error.path ?? [])];
      if (at[0] === "participants" && at[1] === "edges" && typeof at[2] === "number") at[2] += edges.length;
      errors.push({ ...error, path: at });
    }
    if (!connection) break;
    if (page === 0) totalCount = connection.totalCount;
    edges.push(...connection.edges);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  const visible = data.participants.filter((person) => inCaseTeam(caller, person));
  const merged = { data: { participants: { totalCount, edges } }, errors };
  evaluate(merged, { caller, path: "participants list", person: null }, (walk) => {
    count(walk.path, true);
    if (totalCount !== visible.length) fail(walk, "WRONG_VALUE", "ParticipantConnection.totalCount", "participants.totalCount", "the people of the caller's case teams", `got ${totalCount}, case teams hold ${visible.length}`);
    walkRecords(CONNECTION[1], edges as Record<string, unknown>[], visible.map((person) => ({ cursor: null, node: expectedParticipant(person) })), ["participants", "edges"], walk);
  });
}

/**
 * In the demo data nobody has records at two providers, so "own runs only" would never be put to
 * the test: the referred-only person with consent is referred to a run of a second provider too.
 * Each provider must then see its own referral and not the other's.
 */
async function referToSecondProvider() {
  const subject = SUBJECTS.find((candidate) => candidate.label === "consent given, referred only");
  const coordinatorId = subject?.person.coordinatorId;
  if (!subject || !coordinatorId) return;
  const { person } = subject;
  const first = runProvider.get(journeyOf(person)[0].runId);
  const run = data.runs.find((candidate) => {
    const programme = data.programmes.find((each) => each.id === candidate.programmeId)!;
    return programme.providerId !== first && programme.type === ProgrammeType.GENERAL && ![ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED].includes(phaseOn(candidate.startDate, today));
  })!;
  const coordinator = callerOf(Agency.COORDINATION, coordinatorId, ["COORDINATOR"], "assigned coordinator");
  const answer = await ask(coordinator, `mutation MatrixReferral($person: ID!, $run: ID!) { referToProgramme(participantId: $person, runId: $run) { id status createdAt } }`, { person: person.id, run: run.id });
  expect(answer.errors).toBeUndefined();
  const referral = answer.data!.referToProgramme as { id: string; status: ReferralStatus; createdAt: string };
  data.referrals.push({ ...referral, participantId: person.id, runId: run.id });
  // The referral is a journey event: the stage is whatever the hub made of it, as the coordinator sees it.
  const stage = await ask(coordinator, `query MatrixStage($id: ID!) { participant(id: $id) { stage } }`, { id: person.id });
  person.stage = (stage.data!.participant as { stage: DemoParticipant["stage"] }).stage;
}

/**
 * A team meeting about the enrolled person with consent, attended by the units of their case team,
 * discussing them and the other people of the same coordinator in the run: a meeting with data
 * behind it even where the demo data has none. The input is the one the schema takes (units that
 * attended, or agencies before meetings recorded units).
 */
async function recordMeeting() {
  const person = SUBJECTS.find((candidate) => candidate.label === "consent given, enrolled")?.person;
  const enrolment = person && data.enrolments.find((candidate) => candidate.participantId === person.id);
  if (!person?.coordinatorId || !enrolment) return;
  const provider = runProvider.get(enrolment.runId)!;
  const units = [person.officeId, person.centreId, person.coordinatorId, provider];
  const agencies = [Agency.EMPLOYMENT, Agency.CSD, Agency.COORDINATION, Agency.PROVIDER];
  const discussed = data.enrolments.filter((candidate) => candidate.runId === enrolment.runId && byId.get(candidate.participantId)!.coordinatorId === person.coordinatorId).map((candidate) => candidate.participantId);
  const byUnits = "units" in (api.getType("TeamMeetingInput") as unknown as { getFields(): Record<string, unknown> }).getFields();
  const started = phaseOn(data.runs.find((run) => run.id === enrolment.runId)!.startDate, today) !== ProgrammePhase.NOT_STARTED;
  const input = { kind: started ? "INTERIM" : "RECRUITMENT", runId: enrolment.runId, heldOn: today, ...(byUnits ? { units } : { agencies }), participantIds: discussed, agreements: "Vmesni pregled ciljev." };
  const coordinator = callerOf(Agency.COORDINATION, person.coordinatorId, ["COORDINATOR"], "assigned coordinator");
  const answer = await ask(coordinator, `mutation MatrixMeeting($input: TeamMeetingInput!) { recordTeamMeeting(input: $input) { id } }`, { input });
  expect(answer.errors).toBeUndefined();
  const { id } = answer.data!.recordTeamMeeting as { id: string };
  demoMeetings.push({ id, kind: input.kind, runId: enrolment.runId, heldOn: today, units, agencies, participantIds: discussed, agreements: input.agreements });
}

/** The callers of every subject, once each for the list (it covers everyone they may see). */
const planOf = () => SUBJECTS.flatMap((subject) => callersAbout(subject.person).map((caller) => ({ subject, caller })));

beforeAll(async () => {
  hub = await startTestHub();
  // A case note for every subject with a coordinator, written by that coordinator.
  for (const { person } of SUBJECTS) {
    if (!person.coordinatorId) continue;
    const coordinator = callerOf(Agency.COORDINATION, person.coordinatorId, ["COORDINATOR"], "assigned coordinator");
    const answer = await ask(coordinator, `mutation MatrixNote($id: ID!) { recordCaseNote(participantId: $id, text: "Motivacijski razgovor opravljen.") { id text coordinatorId writtenAt } }`, { id: person.id });
    expect(answer.errors).toBeUndefined();
    const note = answer.data!.recordCaseNote as Record<string, unknown>;
    caseNotes.set(person.id, [{ ...note, writtenAt: undefined }]);
  }
  await referToSecondProvider();
  await recordMeeting();
  expectedPeople.clear();
}, 180_000);
afterAll(async () => {
  await hub?.stop();
});

const describeFailures = (failures: Failure[]) => {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    const key = `${failure.kind} ${failure.field} as ${failure.agency} [${failure.roles}] (${failure.relation}, consent ${failure.consent}) via ${failure.path}: ${failure.detail.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "…").slice(0, 120)} — ${failure.rule}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${String(count).padStart(5)} × ${key}`);
};

it("answers every cell of ACCESS.md's reading table as the policy decides", async () => {
  const started = Date.now();
  expect(SUBJECTS.map((subject) => consentOf(subject.person))).toEqual(expect.arrayContaining(["GIVEN", "NEVER", "WITHDRAWN"]));
  const plan = planOf();

  await inParallel(plan, async ({ subject, caller }) => {
    const { person } = subject;
    await sweep(caller, "root participant(id)", { id: person.id }, person, (answer, walk) => checkParticipantAt("participant", PARTICIPANT, person, answer, walk));
    if (journeyOf(person).length > 0) {
      await sweep(caller, "referrals and enrolments", { id: person.id }, person, (answer, walk) => checkParticipantAt("participant", [field("Participant", "id", "ID"), ...JOURNEY], person, answer, walk));
      const runId = journeyOf(person)[0].runId;
      await sweep(caller, "run roster", { id: runId }, person, (answer, walk) => {
        const run = answer.data?.programmeRun as Record<string, unknown> | null;
        if (!run) return fail(walk, "MISSING_VALUE", "Query.programmeRun", "programmeRun", "runs are public", "no run");
        const expectedRun = { id: runId, teamMeetings: demoMeetings.filter((meeting) => meeting.runId === runId).map((meeting) => expectedMeeting(meeting, null)), enrolments: data.enrolments.filter((enrolment) => enrolment.runId === runId).map((enrolment) => expectedEnrolment(enrolment.id)) };
        walkObject(ROSTER_RUN, run, expectedRun, ["programmeRun"], walk);
      });
    }
  });

  const listed = new Map(plan.map(({ caller }) => [`${caller.sub}`, caller]));
  await inParallel([...listed.values()], sweepList);

  // The access log last, so that every person has records by now; each agency's log sealed first,
  // so that every record but those of this very sweep carries its inclusion proof (issue 16).
  for (const subgraph of hub.subgraphs) await subgraph.checkpoints.sealNow();
  const sealedAt = Date.now();
  await inParallel(plan, async ({ subject, caller }) => {
    const { person } = subject;
    await sweep(caller, "access log", { id: person.id }, person, (answer, walk) => {
      const decision = decide(caller, factsOf(caller, person), consentOf(person), "Query.accessLog");
      const log = answer.data?.accessLog as Record<string, unknown>[] | null | undefined;
      count(walk.path, decision.allowed);
      if (!decision.allowed) {
        tally.underRefusedParent += countBelow(ACCESS_RECORD);
        if (log) fail(walk, "SERVED_BUT_REFUSED", "Query.accessLog", "accessLog", decision.rule, "the log was served");
        else if (!walk.forbidden.has("accessLog")) fail(walk, "NO_FORBIDDEN_ERROR", "Query.accessLog", "accessLog", decision.rule, "null without FORBIDDEN");
        walk.explained.add("accessLog");
        return;
      }
      if (!log?.length) return fail(walk, "MISSING_VALUE", "Query.accessLog", "accessLog", decision.rule, "no records, though the matrix read the person");
      // One cell per field of a record, each checked in every record of the log.
      for (const selection of ACCESS_RECORD) {
        count(walk.path, true);
        log.forEach((record, index) => {
          const value = record[selection.name];
          const present =
            selection.name === "refusedBy"
              ? (record.outcome === "REFUSED") === (typeof value === "string")
              : selection.name === "proof"
                ? (value !== null && value !== undefined) || Date.parse(String(record.at)) >= sealedAt - 1000
                : value !== null && value !== undefined;
          if (!present) fail(walk, "MISSING_VALUE", selection.field, `accessLog.${index}.${selection.name}`, decision.rule, `${JSON.stringify(value)} (outcome ${record.outcome})`);
        });
      }
    });
  });

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const total = Object.values(requests).reduce((sum, count) => sum + count, 0);
  console.log(
    [
      `Access matrix: ${tally.cells} cells checked (${tally.allowed} allowed, ${tally.refused} refused; by path: ${Object.entries(tally.byPath).map(([path, cells]) => `${path} ${cells}`).join(", ")}), and ${tally.underRefusedParent} more under a refused or empty parent, not counted`,
      `  ${SUBJECTS.length} people (${SUBJECTS.map((subject) => subject.label).join("; ")}), ${new Set(plan.map(({ caller }) => caller.sub)).size} users, ${total} requests (${Object.entries(requests).map(([path, count]) => `${path} ${count}, ${Math.round(milliseconds[path as PathKind] / Math.max(count, 1))} ms each`).join("; ")}) in ${seconds} s`,
      `  failing cells: ${tally.failures.length}`,
      ...describeFailures(tally.failures).slice(0, 60).map((line) => `    ${line}`),
    ].join("\n"),
  );
  expect(tally.cells).toBeGreaterThan(5000);
  expect(describeFailures(tally.failures)).toEqual([]);
}, 600_000);

it("records served and refused reads in the person's access log, by the data's owner (one representative sweep)", async () => {
  const subject = SUBJECTS[0];
  const person = subject.person;
  const owners = ownerSubgraphs();
  const failures: Failure[] = [];
  let logCells = 0;
  for (const caller of callersAbout(person).filter((candidate) => candidate.roles.length === 1)) {
    const sub = `${caller.sub}:log`;
    const asked = { ...caller, sub };
    const answer = await ask(asked, QUERIES["root participant(id)"], { id: person.id });
    const facts = factsOf(caller, person);
    const consent = consentOf(person);
    const walk: Walk = { caller: asked, path: "root participant(id)", person, forbidden: new Set(), explained: new Set() };
    const rows = new Map<string, { fields: string[]; outcome: string }[]>();
    for (const subgraph of hub.subgraphs) {
      rows.set(subgraph.name, await subgraph.database.dataSource.query(`SELECT fields, outcome FROM access_log WHERE subject = $1 AND participant_id = $2`, [sub, person.id]));
    }
    if (!decide(caller, facts, consent, "Query.participant").allowed) {
      const refused = [...rows.values()].flat().some((row) => row.outcome === "REFUSED");
      logCells += 1;
      if (!refused) failures.push({ ...failureOf(walk, "Query.participant"), detail: "no REFUSED record of the refused participant(id)" });
      continue;
    }
    const participant = answer.data?.participant as Record<string, unknown> | null;
    for (const selection of PARTICIPANT) {
      if (selection.name === "id") continue;
      const owner = owners.get(selection.name)!;
      const decision = decide(caller, facts, consent, selection.field);
      const outcome = decision.allowed ? "SERVED" : "REFUSED";
      const recorded = (rows.get(owner) ?? []).some((row) => row.outcome === outcome && row.fields.includes(selection.name));
      logCells += 1;
      if (!recorded && (outcome === "REFUSED" || participant?.[selection.name] !== undefined)) {
        failures.push({ ...failureOf(walk, selection.field), rule: decision.rule, detail: `no ${outcome} record in ${owner}'s log naming ${selection.name}` });
      }
    }
  }
  console.log(`Access log sweep (${subject.label}, root participant(id)): ${logCells} cells, ${failures.length} without their record\n${describeFailures(failures).slice(0, 20).map((line) => `    ${line}`).join("\n")}`);
  expect(describeFailures(failures)).toEqual([]);
});

function failureOf(walk: Walk, fieldName: string): Failure {
  return {
    kind: "NOT_LOGGED",
    path: walk.path,
    field: fieldName,
    group: groupOf(fieldName) ?? "-",
    caller: `${walk.caller.agency} [${walk.caller.roles.join(",")}]`,
    agency: walk.caller.agency,
    roles: walk.caller.roles.join(","),
    relation: relationLabel(walk.caller as MatrixCaller, walk.person!),
    consent: consentOf(walk.person!),
    rule: "-",
    at: "participant",
    detail: "",
  };
}

/** Which subgraph resolves each field of Participant (the owner of the data, whose log records it). */
function ownerSubgraphs(): Map<string, string> {
  const owners = new Map<string, string>();
  const sdl = fs.readFileSync(SUPERGRAPH_PATH, "utf8");
  const start = sdl.search(/^type Participant\b/m);
  const block = sdl.slice(start, sdl.indexOf("\n}", start));
  for (const match of block.matchAll(/^\s+(\w+)(?:\([^)]*\))?: [^\n]*?@join__field\(graph: (\w+)(?![^)]*external)/gm)) {
    if (!owners.has(match[1])) owners.set(match[1], match[2].toLowerCase());
  }
  return owners;
}

it("enumerates every group of the policy that a participant's paths reach", () => {
  const reached = new Set<string>();
  const visit = (selections: Selection[]) => selections.forEach((selection) => {
    if (isPersonal(selection.field)) reached.add(groupOf(selection.field)!);
    if (selection.children) visit(selection.children);
  });
  [PARTICIPANT, JOURNEY, ROSTER_RUN, CONNECTION, ACCESS_RECORD].forEach(visit);
  const readable = Object.entries(ACCESS_POLICY).filter(([, group]) => group.action === "READ" && !group.servicesOnly).map(([name]) => name);
  expect(readable.filter((name) => !reached.has(name))).toEqual([]);
});

it("shows the directory, programmes and open runs (no personal data) to every agency and role, oversight included", async () => {
  const callers = [...new Map(planOf().map(({ caller }) => [`${caller.agency}:${caller.roles.join("+")}`, caller])).values()];
  for (const caller of callers) {
    const answer = await ask(caller, `query MatrixDirectory { employmentOffices { id } socialWorkCentres { id } coordinators { id } providers { id programmes { id } } programmeRuns { id phase schedule { phase } } }`, {});
    expect({ caller: caller.sub, errors: answer.errors }).toEqual({ caller: caller.sub, errors: undefined });
    const open = data.runs.filter((run) => ![ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED].includes(phaseOn(run.startDate, today)));
    expect(Object.values(answer.data!).map((list) => (list as unknown[]).length)).toEqual([data.employmentOffices.length, data.socialWorkCentres.length, data.coordinators.length, data.providers.length, open.length]);
  }
});
