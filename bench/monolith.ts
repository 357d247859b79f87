import http from "node:http";
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import pg from "pg";
import type { EntityManager } from "typeorm";
import { createAuthenticator } from "../gateway/authentication";
import { AccessRecorder, LogAppender } from "../shared/audit/recorder";
import { authSettings } from "../shared/auth/settings";
import { isValidIsoDate, todayInLjubljana, yearOf, type IsoDate } from "../shared/calendar";
import { ConfigError, hubSettings } from "../shared/config";
import type { Caller } from "../shared/context";
import { isUuid } from "../shared/identifiers";
import { operationLabel } from "../shared/operation-names";
import { primaryKey, startsWithSearch } from "../shared/collation";
import { Gender, JobseekerStatus, JourneyStage, ResidenceStatus } from "../shared/enums";
import { assessEligibility } from "../subgraphs/coordination/eligibility/eligibility";
import {
  cursorOf,
  cursorRefused,
  cursorRowListed,
  decodeCursor,
  keysetAfter,
  participantSortKey,
  type RowCondition,
} from "../subgraphs/coordination/participant/participant-cursor";
import { MAX_PAGE_SIZE } from "../subgraphs/coordination/participant/participant-page";
import { programmeTypesReadableBy } from "../subgraphs/coordination/permissions";
import { phaseOn, runSchedule } from "../subgraphs/providers/run/run-schedule";

/**
 * The benchmark's monolith baseline: one process that answers ParticipantView, Caseload, RunRoster
 * and Enrol (contract/operations.graphql, the contract's operations) straight from the agencies' own databases with
 * hand-written SQL — no GraphQL execution, no federation, no hops between services. It is the lower
 * bound `npm run bench` holds the hub against, so it gives the same `data` as the hub for the same
 * caller: the same JWT authentication, case teams, consent rules and FORBIDDEN nulls (ACCESS.md),
 * pagination, eligibility and enrolment rules. `bench/monolith-check.ts` compares the two.
 *
 * What it skips that the hub does: parsing and validating the query text (only the operation name
 * is read, the selection is the contract's); and the errors array matches the hub's in codes, not
 * in every path and message. Enrol writes the providers' rows in one transaction and moves the
 * journey stage in coordination's database before committing it, as the hub does across its two
 * subgraphs.
 *
 * The access log: by default it writes none, while the hub's subgraphs append a hash-chained
 * record for every read of personal data, served or refused, and for every write (with
 * ACCESS_LOG=off the hub skips them too): hub and monolith both without compare the cost of
 * federation alone. With MONOLITH_ACCESS_LOG=on the monolith writes the records the hub writes, so
 * that both with compare everything: per request, into each agency database whose data it served
 * or refused, one record per participant, action, outcome and refusing rule, with the hub's columns
 * (the caller's subject, agency and unit; the operation name as operationLabel writes it; the
 * subgraph's `owner` as data owner; the fields by the middleware's names, `firstName` of a
 * Participant, `Enrolment.status` of another type, and the served inputs of eligibility such as
 * `employed`), gathered by one AccessRecorder per database and appended by one LogAppender per pool
 * (group commit) before the answer leaves; a request whose records cannot be written gets no data.
 * Enrol writes its record inside the providers' transaction, and the stage's inside a transaction
 * of coordination's (the hub's recordJourneyEvent); a refused Enrol is recorded as a refused WRITE.
 * One difference remains, by design: the hub asks coordination twice for ParticipantView and
 * Caseload (the person, then the eligibility that needs the other agencies' facts), so there it
 * appends twice and a person served by both fetches has two records there; the monolith appends
 * once, one record per person (Caseload, first: 50, on 2 000 people: 100 rows in 2 INSERTs, 53 in 1).
 * `npx tsx bench/monolith-access-log-check.ts` compares the records of both, request by request.
 *
 * `node --import tsx bench/monolith.ts` with PORT, DATA_DIR and <NAME>_DATABASE_URL for employment,
 * csd, coordination and providers (and MONOLITH_ACCESS_LOG=on for the access log); prints
 * `monolith ready on <port>`.
 */

type Variables = Record<string, unknown>;
type Path = (string | number)[];

/** A refusal of the whole operation: `status` 400 for a request the hub would not execute. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}
const badInput = (field: string, reason: string) => new Refusal("BAD_USER_INPUT", `${field}: ${reason}`);
const forbiddenMessage = (what: string) => `Not allowed: ${what} is outside what your agency and unit may see or change (ACCESS.md)`;

/** The answer under construction: a field the caller may not see is null with FORBIDDEN, the rest still arrives. */
class Answer {
  readonly errors: { message: string; path: Path; extensions: { code: string } }[] = [];

  field<T>(allowed: boolean, name: string, path: Path, value: () => T): T | null {
    if (allowed) return value();
    this.errors.push({ message: forbiddenMessage(name), path, extensions: { code: "FORBIDDEN" } });
    return null;
  }
}

// --- Databases ------------------------------------------------------------------------------------

const DATE_OID = 1082;
/** Calendar days stay "YYYY-MM-DD" strings, as in the hub (a JS Date would be an instant). */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === DATE_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
function pool(agency: string): pg.Pool {
  const variable = `${agency.toUpperCase()}_DATABASE_URL`;
  const connectionString = process.env[variable];
  if (!connectionString) throw new ConfigError(`${variable} is required: the monolith reads the agencies' PostgreSQL databases`);
  return new pg.Pool({ connectionString, max: 10, types });
}
const connect = () => ({ employment: pool("employment"), csd: pool("csd"), coordination: pool("coordination"), providers: pool("providers") });
/** The four agencies' pools, opened once at start-up. */
let db: ReturnType<typeof connect>;
type Database = keyof typeof db;

// --- The access log (MONOLITH_ACCESS_LOG=on) --------------------------------------------------------

/** Whose data each database holds: what its subgraph passes as `owner` (subgraphs/<name>/index.ts). */
const OWNERS: Record<Database, string> = { employment: "EMPLOYMENT", csd: "CSD", coordination: "COORDINATION", providers: "PROVIDER" };

function accessLogSetting(): boolean {
  const value = process.env.MONOLITH_ACCESS_LOG;
  if (value !== undefined && value !== "" && value !== "on" && value !== "off") throw new ConfigError(`MONOLITH_ACCESS_LOG must be "on" or "off", got "${value}"`);
  return value === "on";
}

/** What AccessRecorder and LogAppender need of a TypeORM manager (its `query`), over a pool or a transaction's client. */
const managerOf = (queryable: pg.Pool | pg.PoolClient) =>
  ({ query: async (text: string, parameters?: unknown[]) => (await queryable.query(text, parameters)).rows }) as unknown as EntityManager;

/** One LogAppender per pool, as each subgraph has one over its database; null while the access log is off. */
let appenders: Record<Database, LogAppender> | null = null;

/**
 * One request's access-log records: an AccessRecorder per agency database it served or refused a
 * participant's data from (each subgraph's recorder, shared/subgraph.ts), flushed before the answer
 * leaves. Fields are named as shared/audit/middleware.ts names them.
 */
class RequestAudit {
  private readonly recorders = new Map<Database, AccessRecorder>();

  constructor(
    private readonly caller: Caller,
    private readonly operationName: string,
  ) {}

  in(database: Database): AccessRecorder {
    let recorder = this.recorders.get(database);
    if (!recorder) this.recorders.set(database, (recorder = new AccessRecorder(this.caller, this.operationName, OWNERS[database])));
    return recorder;
  }

  /** A field served (`allowed`) or refused by `database`'s permissions: `firstName` of a Participant, `Type.field` of another type. */
  field(database: Database, participantId: string, allowed: boolean, field: string): void {
    if (allowed) this.in(database).read(participantId, field);
    else this.in(database).refusedRead(participantId, field, `permissions.ts ${field.includes(".") ? field : `Participant.${field}`}`);
  }

  /** Fields the hub fetches only as a plan's inputs (eligibility's facts): recorded when served, a refusal is not the caller's read. */
  planInputs(database: Database, participantId: string, allowed: boolean, fields: string[]): void {
    if (allowed) for (const field of fields) this.in(database).read(participantId, field);
  }

  /** A participant named at the root and refused as a whole (the middleware's recordRefusedRootRead). */
  refusedRoot(participantId: string, field: string): void {
    this.in("coordination").refusedRead(participantId, field, `permissions.ts Query.${field}`);
  }

  /** Appends every database's records, each through its pool's appender (group commit). */
  async flush(): Promise<void> {
    await Promise.all([...this.recorders].map(([database, recorder]) => recorder.flush(managerOf(db[database]), appenders![database])));
  }
}

// --- Case teams and what each agency sees (ACCESS.md; subgraphs/*/permissions.ts) ----------------

interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
  emso: string;
  gender: string;
  birth_date: IsoDate;
  residence_status: string;
  language_barrier: boolean;
  roma_community: boolean;
  region: string;
  coordinator_id: string | null;
  coordinator_name: string | null;
  centre_id: string;
  office_id: string;
  stage: string;
  consent_granted_at: Date | null;
  consent_withdrawn_at: Date | null;
}
const PERSON = `p.id, p.first_name, p.last_name, p.emso, p.gender, p.birth_date, p.residence_status, p.language_barrier,
  p.roma_community, p.region, p.coordinator_id, c.name AS coordinator_name, p.centre_id, p.office_id, p.stage,
  p.consent_granted_at, p.consent_withdrawn_at`;
const PERSON_FROM = `participants p LEFT JOIN coordinators c ON c.id = p.coordinator_id`;
/** The coordinator's region, for unassigned candidates; null for anyone but a coordinator. */
const callerRegion = (parameter: string) => `(SELECT region FROM coordinators WHERE id = ${parameter}::uuid)`;
const coordinatorUnit = (caller: Caller) => (caller.agency === "COORDINATION" && isUuid(caller.unit) ? caller.unit : null);

const hasConsent = (person: PersonRow) => person.consent_granted_at !== null && person.consent_withdrawn_at === null;

/** shared/auth/case-team's membership: the assigned coordinator (or the region's, while unassigned), the CSD, the office, the providers reached. */
function inCaseTeam(caller: Caller, person: PersonRow, scope: { region: string | null; reached: ReadonlySet<string> }): boolean {
  switch (caller.agency) {
    case "COORDINATION":
      return person.coordinator_id !== null ? person.coordinator_id === caller.unit : person.region === scope.region;
    case "CSD":
      return person.centre_id === caller.unit;
    case "EMPLOYMENT":
      return person.office_id === caller.unit;
    case "PROVIDER":
      return scope.reached.has(person.id);
    default:
      return false;
  }
}

/** What a case-team member of `agency` sees of a person, with or without their consent to share. */
function sight(agency: string, consent: boolean) {
  const [coordination, employment, csd, provider] = ["COORDINATION", "EMPLOYMENT", "CSD", "PROVIDER"].map((name) => agency === name);
  return {
    identity: coordination || ((employment || csd || provider) && consent),
    civil: coordination || ((employment || csd) && consent),
    // Without consent the coordinator sees identity and journey only: residence is neither.
    residence: (coordination || employment || csd) && consent,
    eligibility: (coordination || employment || csd) && consent,
    register: employment || ((csd || coordination) && consent),
    csdFacts: csd || ((employment || coordination) && consent),
    csdOwn: csd,
  };
}

/** providers/access.ts: who sees a referral or an enrolment (the Urad za delo and CSD: of GENERAL programmes only); and its attendance rate. */
function seesJourneyRecord(caller: Caller, record: { providerId: string; programmeType: string }, team: boolean, consent: boolean): boolean {
  if (caller.agency === "PROVIDER") return record.providerId === caller.unit;
  if (caller.agency === "COORDINATION") return team;
  return (caller.agency === "EMPLOYMENT" || caller.agency === "CSD") && team && consent && record.programmeType === "GENERAL";
}
const seesAttendance = (caller: Caller, providerId: string, team: boolean, consent: boolean) =>
  (caller.agency === "PROVIDER" && providerId === caller.unit) || (caller.agency === "COORDINATION" && team && consent);

// --- Eligibility (the contract's rules; the hub computes them in coordination) ----------------------

interface Facts {
  jobseekerStatus: string | null;
  receivesSocialAssistance: boolean;
  hasComplexSocialProblems: boolean;
}

const eligibilityOf = (person: PersonRow, facts: Facts, today: IsoDate) =>
  assessEligibility(
    {
      birthDate: person.birth_date,
      gender: person.gender as Gender,
      residenceStatus: person.residence_status as ResidenceStatus,
      languageBarrier: person.language_barrier,
      romaCommunity: person.roma_community,
      jobseekerStatus: facts.jobseekerStatus as JobseekerStatus | null,
      receivesSocialAssistance: facts.receivesSocialAssistance,
      hasComplexSocialProblems: facts.hasComplexSocialProblems,
    },
    today,
  );

// --- Variables ----------------------------------------------------------------------------------

const variableError = (name: string, type: string) => new Refusal("BAD_USER_INPUT", `Variable "$${name}" got an invalid value; expected ${type}`, 400);
function idVariable(variables: Variables, name: string): string {
  const value = variables[name];
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return String(value);
  throw variableError(name, "ID!");
}
function dateVariable(variables: Variables, name: string, required: boolean): IsoDate | null {
  const value = variables[name];
  if (value === undefined || value === null) {
    if (required) throw variableError(name, "Date!");
    return null;
  }
  if (typeof value !== "string" || !isValidIsoDate(value)) throw variableError(name, "Date");
  return value;
}
function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw variableError(name, "String");
  return value;
}

// --- ParticipantView ----------------------------------------------------------------------------

interface RecordJson {
  id: string;
  status: string;
  runId: string;
  providerId: string;
  programmeType: string;
}
interface ReferralJson extends RecordJson {
  createdAt: string;
}
interface EnrolmentJson extends RecordJson {
  participantId: string;
  enrolledOn: IsoDate;
  exitedOn: IsoDate | null;
  exitOutcome: string | null;
  recorded: number;
  present: number;
  startDate: IsoDate;
  endDate: IsoDate;
  programmeId: string;
  programmeName: string;
  programmeType: string;
  providerName: string | null;
}
const attendanceRate = (enrolment: { recorded: number; present: number }) => (enrolment.recorded > 0 ? enrolment.present / enrolment.recorded : null);

/** An enrolment with its run, programme, provider and attendance, as JSON (one row per person in the outer query). */
const ENROLMENT_JSON = `json_build_object('id', e.id, 'participantId', e.participant_id, 'status', e.status, 'enrolledOn', e.enrolled_on,
  'exitedOn', e.exited_on, 'exitOutcome', e.exit_outcome, 'runId', u.id, 'startDate', u.start_date, 'endDate', u.end_date,
  'programmeId', g.id, 'programmeName', g.name, 'programmeType', g.type, 'providerId', g.provider_id, 'providerName', v.name,
  'recorded', (SELECT count(*) FROM attendance a WHERE a.enrolment_id = e.id),
  'present', (SELECT count(*) FILTER (WHERE a.present) FROM attendance a WHERE a.enrolment_id = e.id))`;
const ENROLMENT_FROM = `enrolments e JOIN programme_runs u ON u.id = e.run_id JOIN programmes g ON g.id = u.programme_id LEFT JOIN providers v ON v.id = g.provider_id`;

/** What the hub's four subgraphs record of one ParticipantView whose participant the caller may see. */
function recordParticipantView(
  audit: RequestAudit,
  id: string,
  sees: ReturnType<typeof sight>,
  shown: { jobseeker: boolean; socialCase: boolean; decisions: boolean; referrals: boolean; attendance: boolean[] },
): void {
  for (const name of ["firstName", "lastName", "gender", "birthYear", "stage", "coordinator"]) audit.field("coordination", id, sees.identity, name);
  for (const name of ["birthDate", "emso"]) audit.field("coordination", id, sees.civil, name);
  audit.field("coordination", id, sees.residence, "residenceStatus");
  audit.field("coordination", id, true, "consent");
  audit.field("coordination", id, sees.eligibility, "eligibility");
  for (const name of ["registeredUnemployed", "temporarilyUnemployable", "jobseeker"]) audit.field("employment", id, sees.register, name);
  audit.planInputs("employment", id, sees.register, ["employed"]);
  if (sees.register && shown.jobseeker) for (const name of ["status", "registeredOn", "office"]) audit.field("employment", id, true, `JobseekerRecord.${name}`);
  for (const name of ["receivesSocialAssistance", "hasComplexSocialProblems"]) audit.field("csd", id, sees.csdFacts, name);
  for (const name of ["socialAssistance", "socialCase"]) audit.field("csd", id, sees.csdOwn, name);
  if (sees.csdOwn && shown.decisions) for (const name of ["number", "validFrom", "validTo", "monthlyAmount"]) audit.field("csd", id, true, `AssistanceDecision.${name}`);
  if (sees.csdOwn && shown.socialCase) for (const name of ["centre", "caseWorker", "complexSocialProblemsNote"]) audit.field("csd", id, true, `SocialCase.${name}`);
  for (const name of ["referrals", "enrolments"]) audit.field("providers", id, true, name);
  if (shown.referrals) for (const name of ["status", "createdAt", "run"]) audit.field("providers", id, true, `Referral.${name}`);
  if (shown.attendance.length) for (const name of ["status", "enrolledOn", "exitedOn", "exitOutcome", "run"]) audit.field("providers", id, true, `Enrolment.${name}`);
  for (const allowed of shown.attendance) audit.field("providers", id, allowed, "Enrolment.attendanceRate");
}

async function participantView(caller: Caller, variables: Variables, answer: Answer, audit: RequestAudit | null) {
  const id = idVariable(variables, "id");
  const today = todayInLjubljana();
  if (!isUuid(id)) {
    audit?.refusedRoot(id, "participant");
    return { participant: answer.field(false, `participant ${id}`, ["participant"], () => null) };
  }
  // One statement per agency's database, all at once: the id is all any of them needs.
  const [people, register, assistance, journey] = await Promise.all([
    db.coordination.query<PersonRow & { caller_region: string | null }>(
      `SELECT ${PERSON}, ${callerRegion("$2")} AS caller_region FROM ${PERSON_FROM} WHERE p.id = $1`,
      [id, coordinatorUnit(caller)],
    ),
    db.employment.query<{ status: string; registered_on: IsoDate; office_id: string; office_name: string | null }>(
      `SELECT j.status, j.registered_on, j.office_id, o.name AS office_name
         FROM jobseeker_records j LEFT JOIN employment_offices o ON o.id = j.office_id WHERE j.participant_id = $1`,
      [id],
    ),
    db.csd.query<{ case_worker: string | null; complex_social_problems: boolean | null; note: string | null; centre_id: string | null; centre_name: string | null; decisions: { number: string; validFrom: IsoDate; validTo: IsoDate; monthlyAmount: number }[] }>(
      `SELECT s.case_worker, s.complex_social_problems, s.note, s.centre_id, w.name AS centre_name,
              (SELECT coalesce(json_agg(json_build_object('number', d.number, 'validFrom', d.valid_from, 'validTo', d.valid_to, 'monthlyAmount', d.monthly_amount)
                                        ORDER BY d.valid_from DESC, d.number), '[]') FROM assistance_decisions d WHERE d.participant_id = $1) AS decisions
         FROM (SELECT 1) one LEFT JOIN social_cases s ON s.participant_id = $1 LEFT JOIN social_work_centres w ON w.id = s.centre_id`,
      [id],
    ),
    db.providers.query<{ referrals: ReferralJson[]; enrolments: EnrolmentJson[] }>(
      `SELECT (SELECT coalesce(json_agg(json_build_object('id', r.id, 'status', r.status, 'runId', r.run_id, 'providerId', g.provider_id, 'programmeType', g.type,
                        'createdAt', to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY r.created_at DESC, r.id), '[]')
                 FROM referrals r JOIN programme_runs u ON u.id = r.run_id JOIN programmes g ON g.id = u.programme_id WHERE r.participant_id = $1) AS referrals,
              (SELECT coalesce(json_agg(${ENROLMENT_JSON} ORDER BY e.enrolled_on DESC, e.id), '[]') FROM ${ENROLMENT_FROM} WHERE e.participant_id = $1) AS enrolments`,
      [id],
    ),
  ]);
  const person = people.rows[0];
  const { referrals, enrolments } = journey.rows[0];
  const reached = [...referrals, ...enrolments].some((record) => record.providerId === caller.unit) ? new Set([id]) : new Set<string>();
  if (!person || !inCaseTeam(caller, person, { region: person.caller_region, reached })) {
    audit?.refusedRoot(id, "participant");
    return { participant: answer.field(false, `participant ${id}`, ["participant"], () => null) };
  }
  const consent = hasConsent(person);
  const sees = sight(caller.agency, consent);
  const field = <T>(allowed: boolean, name: string, value: () => T) => answer.field(allowed, `Participant.${name}`, ["participant", name], value);
  const record = register.rows[0];
  const socialCase = assistance.rows[0];
  const facts: Facts = {
    jobseekerStatus: record?.status ?? null,
    receivesSocialAssistance: socialCase.decisions.some((decision) => decision.validFrom <= today && today <= decision.validTo),
    hasComplexSocialProblems: socialCase.complex_social_problems ?? false,
  };
  const shownReferrals = referrals.filter((referral) => seesJourneyRecord(caller, referral, true, consent));
  const shownEnrolments = enrolments.filter((enrolment) => seesJourneyRecord(caller, enrolment, true, consent));
  if (audit) {
    const attendance = shownEnrolments.map((enrolment) => seesAttendance(caller, enrolment.providerId, true, consent));
    recordParticipantView(audit, id, sees, { jobseeker: record !== undefined, socialCase: socialCase.case_worker !== null, decisions: socialCase.decisions.length > 0, referrals: shownReferrals.length > 0, attendance });
  }
  return {
    participant: {
      id: person.id,
      firstName: field(sees.identity, "firstName", () => person.first_name),
      lastName: field(sees.identity, "lastName", () => person.last_name),
      gender: field(sees.identity, "gender", () => person.gender),
      birthYear: field(sees.identity, "birthYear", () => yearOf(person.birth_date)),
      birthDate: field(sees.civil, "birthDate", () => person.birth_date),
      emso: field(sees.civil, "emso", () => person.emso),
      residenceStatus: field(sees.residence, "residenceStatus", () => person.residence_status),
      stage: field(sees.identity, "stage", () => person.stage),
      coordinator: field(sees.identity, "coordinator", () => (person.coordinator_id && person.coordinator_name !== null ? { id: person.coordinator_id, name: person.coordinator_name } : null)),
      consent: { granted: consent, grantedAt: person.consent_granted_at, withdrawnAt: person.consent_withdrawn_at },
      registeredUnemployed: field(sees.register, "registeredUnemployed", () => facts.jobseekerStatus === "UNEMPLOYED"),
      temporarilyUnemployable: field(sees.register, "temporarilyUnemployable", () => facts.jobseekerStatus === "TEMPORARILY_UNEMPLOYABLE"),
      receivesSocialAssistance: field(sees.csdFacts, "receivesSocialAssistance", () => facts.receivesSocialAssistance),
      hasComplexSocialProblems: field(sees.csdFacts, "hasComplexSocialProblems", () => facts.hasComplexSocialProblems),
      eligibility: field(sees.eligibility, "eligibility", () => {
        const assessment = eligibilityOf(person, facts, today);
        return { ...assessment, programmeTypes: programmeTypesReadableBy(caller, assessment.programmeTypes) };
      }),
      jobseeker: field(sees.register, "jobseeker", () =>
        record ? { status: record.status, registeredOn: record.registered_on, office: record.office_name === null ? null : { id: record.office_id, name: record.office_name } } : null,
      ),
      socialAssistance: field(sees.csdOwn, "socialAssistance", () => ({ decisions: socialCase.decisions })),
      socialCase: field(sees.csdOwn, "socialCase", () =>
        socialCase.case_worker === null
          ? null
          : { centre: socialCase.centre_name === null ? null : { id: socialCase.centre_id, name: socialCase.centre_name }, caseWorker: socialCase.case_worker, complexSocialProblemsNote: socialCase.note },
      ),
      referrals: shownReferrals.map((referral) => ({ id: referral.id, status: referral.status, createdAt: referral.createdAt, run: { id: referral.runId } })),
      enrolments: shownEnrolments.map((enrolment, index) => ({
        id: enrolment.id,
        status: enrolment.status,
        enrolledOn: enrolment.enrolledOn,
        exitedOn: enrolment.exitedOn,
        exitOutcome: enrolment.exitOutcome,
        attendanceRate: answer.field(seesAttendance(caller, enrolment.providerId, true, consent), "Enrolment.attendanceRate", ["participant", "enrolments", index, "attendanceRate"], () =>
          attendanceRate(enrolment),
        ),
        run: {
          id: enrolment.runId,
          startDate: enrolment.startDate,
          endDate: enrolment.endDate,
          phase: phaseOn(enrolment.startDate, today),
          programme: {
            id: enrolment.programmeId,
            name: enrolment.programmeName,
            type: enrolment.programmeType,
            provider: enrolment.providerName === null ? null : { id: enrolment.providerId, name: enrolment.providerName },
          },
        },
      })),
    },
  };
}

// --- Caseload -------------------------------------------------------------------------------------

const STAGES: readonly string[] = Object.values(JourneyStage);

async function reachedBy(provider: string): Promise<string[]> {
  const { rows } = await db.providers.query<{ participant_id: string }>(
    `SELECT participant_id FROM referrals WHERE run_id IN (SELECT u.id FROM programme_runs u JOIN programmes g ON g.id = u.programme_id WHERE g.provider_id = $1)
     UNION
     SELECT participant_id FROM enrolments WHERE run_id IN (SELECT u.id FROM programme_runs u JOIN programmes g ON g.id = u.programme_id WHERE g.provider_id = $1)`,
    [provider],
  );
  return rows.map((row) => row.participant_id);
}

/** What the hub's four subgraphs record of one person on a Caseload page (the served inputs of eligibility among them). */
function recordCaseloadRow(audit: RequestAudit, id: string, sees: ReturnType<typeof sight>, shown: { jobseeker: boolean; enrolments: boolean }): void {
  audit.field("coordination", id, true, "participants");
  for (const name of ["firstName", "lastName", "stage", "coordinator"]) audit.field("coordination", id, sees.identity, name);
  audit.field("coordination", id, sees.eligibility, "eligibility");
  audit.field("employment", id, sees.register, "jobseeker");
  audit.planInputs("employment", id, sees.register, ["employed", "registeredUnemployed", "temporarilyUnemployable"]);
  if (sees.register && shown.jobseeker) audit.field("employment", id, true, "JobseekerRecord.status");
  audit.field("csd", id, sees.csdFacts, "receivesSocialAssistance");
  audit.planInputs("csd", id, sees.csdFacts, ["hasComplexSocialProblems"]);
  audit.field("providers", id, true, "enrolments");
  if (shown.enrolments) for (const name of ["status", "run"]) audit.field("providers", id, true, `Enrolment.${name}`);
}

async function caseload(caller: Caller, variables: Variables, answer: Answer, audit: RequestAudit | null) {
  const first = variables.first;
  if (!Number.isInteger(first)) throw variableError("first", "Int!");
  const size = first as number;
  if (size < 1 || size > MAX_PAGE_SIZE) throw badInput("first", `must be between 1 and ${MAX_PAGE_SIZE}`);
  const after = optionalString(variables.after, "after");
  const key = after ? decodeCursor(after) : null;
  const filter = (variables.filter ?? {}) as Record<string, unknown>;
  if (typeof filter !== "object") throw variableError("filter", "ParticipantFilter");

  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  const stage = optionalString(filter.stage, "filter.stage");
  if (stage !== null && !STAGES.includes(stage)) throw variableError("filter", "ParticipantFilter (stage is a JourneyStage)");
  if (stage) conditions.push(`p.stage = ${bind(stage)}`);
  const coordinatorId = optionalString(filter.coordinatorId, "filter.coordinatorId");
  if (coordinatorId) {
    if (!isUuid(coordinatorId)) throw badInput("filter.coordinatorId", "is not a coordinator id");
    conditions.push(`p.coordinator_id = ${bind(coordinatorId)}`);
  }
  const region = optionalString(filter.region, "filter.region");
  if (region) conditions.push(`p.region = ${bind(region)}`);
  const search = optionalString(filter.search, "filter.search");
  if (search) {
    const prefix = bind(primaryKey(search.trim()));
    conditions.push(`(${startsWithSearch("p.last_name", prefix)} OR ${startsWithSearch("p.first_name", prefix)})`);
  }

  const empty = { participants: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } };
  // coordination's case-team.ts visibleParticipants: who is listed, and whose identity is readable.
  let listed: RowCondition;
  const consentGiven: RowCondition = (alias) => `(${alias}.consent_granted_at IS NOT NULL AND ${alias}.consent_withdrawn_at IS NULL)`;
  let identityReadable: RowCondition | null = consentGiven;
  if (!isUuid(caller.unit)) {
    if (key) throw cursorRefused();
    return empty;
  }
  switch (caller.agency) {
    case "COORDINATION": {
      const unit = bind(caller.unit);
      listed = (alias) => `(${alias}.coordinator_id = ${unit} OR (${alias}.coordinator_id IS NULL AND ${alias}.region = ${callerRegion(unit)}))`;
      identityReadable = null;
      break;
    }
    case "CSD": {
      const unit = bind(caller.unit);
      listed = (alias) => `${alias}.centre_id = ${unit}`;
      break;
    }
    case "EMPLOYMENT": {
      const unit = bind(caller.unit);
      listed = (alias) => `${alias}.office_id = ${unit}`;
      break;
    }
    case "PROVIDER": {
      const reached = bind(await reachedBy(caller.unit));
      listed = (alias) => `${alias}.id = ANY(${reached}::uuid[])`;
      break;
    }
    default:
      if (key) throw cursorRefused();
      return empty;
  }
  // Filters match only rows whose identity the caller may read (participant-page.ts).
  if (conditions.length && identityReadable) conditions.push(identityReadable("p"));
  conditions.push(listed("p"));
  const where = conditions.join(" AND ");
  const keyParam = key ? `${bind(key)}::uuid` : null;
  const keyset = keyParam ? `AND ${keysetAfter("p", identityReadable, keyParam)}` : "";
  // The count and the page in one statement; the page joins a one-row count so an empty page still says how many.
  const { rows } = await db.coordination.query<Partial<PersonRow> & { total_count: number; cursor_listed: boolean }>(
    `SELECT total.count AS total_count, total.cursor_listed, page.* FROM (SELECT count(*)::int AS count, ${keyParam ? cursorRowListed(listed, keyParam) : "true"} AS cursor_listed FROM participants p WHERE ${where}) total
     LEFT JOIN LATERAL (SELECT ${PERSON} FROM ${PERSON_FROM} WHERE ${where} ${keyset} ORDER BY ${participantSortKey("p", identityReadable).join(", ")} LIMIT ${bind(size + 1)}) page ON true
     ORDER BY ${participantSortKey("page", identityReadable).join(", ")}`,
    params,
  );
  if (!rows[0].cursor_listed) throw cursorRefused();
  const people = rows.filter((row) => row.id !== null) as PersonRow[];
  const shown = people.slice(0, size);
  const ids = shown.map((person) => person.id);
  const today = todayInLjubljana();
  const readsFacts = ["COORDINATION", "EMPLOYMENT", "CSD"].includes(caller.agency);
  // Then one statement per other agency for the whole page, whatever its size.
  const [register, assistance, journey] = await Promise.all([
    readsFacts && ids.length
      ? db.employment.query<{ participant_id: string; status: string }>(`SELECT participant_id, status FROM jobseeker_records WHERE participant_id = ANY($1::uuid[])`, [ids])
      : { rows: [] },
    readsFacts && ids.length
      ? db.csd.query<{ id: string; dsp: boolean; complex: boolean }>(
          `SELECT person.id,
                  EXISTS (SELECT 1 FROM assistance_decisions d WHERE d.participant_id = person.id AND d.valid_from <= $2::date AND $2::date <= d.valid_to) AS dsp,
                  coalesce((SELECT s.complex_social_problems FROM social_cases s WHERE s.participant_id = person.id), false) AS complex
             FROM unnest($1::uuid[]) AS person(id)`,
          [ids, today],
        )
      : { rows: [] },
    ids.length
      ? db.providers.query<{ participant_id: string; status: string; run_id: string; start_date: IsoDate; type: string; provider_id: string }>(
          `SELECT e.participant_id, e.status, e.run_id, u.start_date, g.type, g.provider_id
             FROM enrolments e JOIN programme_runs u ON u.id = e.run_id JOIN programmes g ON g.id = u.programme_id
            WHERE e.participant_id = ANY($1::uuid[]) ORDER BY e.enrolled_on DESC, e.id`,
          [ids],
        )
      : { rows: [] },
  ]);
  const statusOf = new Map(register.rows.map((row) => [row.participant_id, row.status]));
  const csdOf = new Map(assistance.rows.map((row) => [row.id, row]));
  const enrolmentsOf = new Map<string, (typeof journey.rows)[number][]>();
  for (const row of journey.rows) enrolmentsOf.set(row.participant_id, [...(enrolmentsOf.get(row.participant_id) ?? []), row]);

  const edges = shown.map((person, index) => {
    const consent = hasConsent(person);
    const sees = sight(caller.agency, consent);
    const path = ["participants", "edges", index, "node"];
    const field = <T>(allowed: boolean, name: string, value: () => T) => answer.field(allowed, `Participant.${name}`, [...path, name], value);
    const facts: Facts = {
      jobseekerStatus: statusOf.get(person.id) ?? null,
      receivesSocialAssistance: csdOf.get(person.id)?.dsp ?? false,
      hasComplexSocialProblems: csdOf.get(person.id)?.complex ?? false,
    };
    // Everyone listed is in the caller's case team: the list is filtered by the same membership.
    const shownEnrolments = (enrolmentsOf.get(person.id) ?? []).filter((enrolment) =>
      seesJourneyRecord(caller, { providerId: enrolment.provider_id, programmeType: enrolment.type }, true, consent),
    );
    if (audit) recordCaseloadRow(audit, person.id, sees, { jobseeker: facts.jobseekerStatus !== null, enrolments: shownEnrolments.length > 0 });
    return {
      cursor: cursorOf(person.id),
      node: {
        id: person.id,
        firstName: field(sees.identity, "firstName", () => person.first_name),
        lastName: field(sees.identity, "lastName", () => person.last_name),
        stage: field(sees.identity, "stage", () => person.stage),
        coordinator: field(sees.identity, "coordinator", () => (person.coordinator_id && person.coordinator_name !== null ? { id: person.coordinator_id, name: person.coordinator_name } : null)),
        jobseeker: field(sees.register, "jobseeker", () => (facts.jobseekerStatus === null ? null : { status: facts.jobseekerStatus })),
        receivesSocialAssistance: field(sees.csdFacts, "receivesSocialAssistance", () => facts.receivesSocialAssistance),
        eligibility: field(sees.eligibility, "eligibility", () => {
          const { eligible, grounds } = eligibilityOf(person, facts, today);
          return { eligible, grounds };
        }),
        enrolments: shownEnrolments.map((enrolment) => ({ status: enrolment.status, run: { id: enrolment.run_id, phase: phaseOn(enrolment.start_date, today), programme: { type: enrolment.type } } })),
      },
    };
  });
  return {
    participants: {
      totalCount: rows[0].total_count,
      pageInfo: { hasNextPage: people.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      edges,
    },
  };
}

// --- RunRoster ------------------------------------------------------------------------------------

async function runRoster(caller: Caller, variables: Variables, answer: Answer, audit: RequestAudit | null) {
  const runId = idVariable(variables, "runId");
  const today = todayInLjubljana();
  const on = dateVariable(variables, "on", false) ?? today;
  if (!isUuid(runId)) return { programmeRun: null };
  const { rows } = await db.providers.query<{
    id: string; start_date: IsoDate; end_date: IsoDate; capacity: number; programme_id: string | null; programme_name: string; programme_type: string;
    provider_id: string; provider_name: string | null; enrolments: EnrolmentJson[];
  }>(
    `SELECT run.id, run.start_date, run.end_date, run.capacity, g.id AS programme_id, g.name AS programme_name, g.type AS programme_type,
            g.provider_id, v.name AS provider_name,
            (SELECT coalesce(json_agg(${ENROLMENT_JSON} ORDER BY e.enrolled_on, e.id), '[]') FROM ${ENROLMENT_FROM} WHERE e.run_id = run.id) AS enrolments
       FROM programme_runs run LEFT JOIN programmes g ON g.id = run.programme_id LEFT JOIN providers v ON v.id = g.provider_id
      WHERE run.id = $1`,
    [runId],
  );
  const run = rows[0];
  if (!run) return { programmeRun: null };
  const ownRun = caller.agency === "PROVIDER" && run.provider_id === caller.unit;
  // A provider sees its own runs' rosters; a case-team member of another agency, the people of their teams.
  const candidates = caller.agency === "PROVIDER" ? (ownRun ? run.enrolments : []) : ["COORDINATION", "EMPLOYMENT", "CSD"].includes(caller.agency) ? run.enrolments : [];
  const people = candidates.length
    ? (
        await db.coordination.query<PersonRow & { caller_region: string | null }>(
          `SELECT ${PERSON}, ${callerRegion("$2")} AS caller_region FROM ${PERSON_FROM} WHERE p.id = ANY($1::uuid[])`,
          [candidates.map((enrolment) => enrolment.participantId), coordinatorUnit(caller)],
        )
      ).rows
    : [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const reached = new Set(ownRun ? candidates.map((enrolment) => enrolment.participantId) : []);
  const visible = candidates.flatMap((enrolment) => {
    const person = byId.get(enrolment.participantId);
    const team = person !== undefined && inCaseTeam(caller, person, { region: person.caller_region, reached });
    const consent = person !== undefined && hasConsent(person);
    return seesJourneyRecord(caller, { providerId: run.provider_id, programmeType: run.programme_type }, team, consent) ? [{ enrolment, person, team, consent }] : [];
  });
  return {
    programmeRun: {
      id: run.id,
      startDate: run.start_date,
      endDate: run.end_date,
      capacity: run.capacity,
      phase: phaseOn(run.start_date, on),
      schedule: runSchedule(run.start_date),
      programme: run.programme_id === null ? null : {
        id: run.programme_id,
        name: run.programme_name,
        type: run.programme_type,
        provider: run.provider_name === null ? null : { id: run.provider_id, name: run.provider_name },
      },
      enrolments: visible.map(({ enrolment, person, team, consent }, index) => {
        const path = ["programmeRun", "enrolments", index];
        const identity = team && sight(caller.agency, consent).identity;
        const field = <T>(name: string, value: () => T) => answer.field(identity, `Participant.${name}`, [...path, "participant", name], value);
        const attendance = seesAttendance(caller, run.provider_id, team, consent);
        if (audit) {
          for (const name of ["status", "enrolledOn", "participant"]) audit.field("providers", enrolment.participantId, true, `Enrolment.${name}`);
          audit.field("providers", enrolment.participantId, attendance, "Enrolment.attendanceRate");
          for (const name of ["firstName", "lastName", "birthYear"]) audit.field("coordination", enrolment.participantId, identity, name);
        }
        return {
          id: enrolment.id,
          status: enrolment.status,
          enrolledOn: enrolment.enrolledOn,
          attendanceRate: answer.field(attendance, "Enrolment.attendanceRate", [...path, "attendanceRate"], () => attendanceRate(enrolment)),
          participant: {
            id: enrolment.participantId,
            firstName: field("firstName", () => person!.first_name),
            lastName: field("lastName", () => person!.last_name),
            birthYear: field("birthYear", () => yearOf(person!.birth_date)),
          },
        };
      }),
    },
  };
}

// --- Enrol ----------------------------------------------------------------------------------------

/**
 * providers/enrolment: the run's row lock, then the person's advisory lock (the hub's order, so
 * that no two enrolments deadlock), the contract's rules, the enrolment and its referral, and the
 * journey stage in coordination's database before the providers' transaction commits.
 */
async function enrol(caller: Caller, variables: Variables, audit: RequestAudit | null) {
  const runId = idVariable(variables, "runId");
  const participantId = idVariable(variables, "participantId");
  const enrolledOn = dateVariable(variables, "enrolledOn", true)!;
  if (!audit) return enrolChecked(caller, runId, participantId, enrolledOn, null);
  try {
    return await enrolChecked(caller, runId, participantId, enrolledOn, audit);
  } catch (error) {
    // The middleware's refused write, appended with the request's other records (the transaction rolled back).
    audit.in("providers").refusedWrite(participantId, "enrolParticipant", error instanceof Refusal ? error.code : "ERROR");
    throw error;
  }
}

/**
 * coordination's recordJourneyEvent: the stage moves to ENROLLED; with the access log on, in a
 * transaction of its own that holds its record too. Whether the person is known.
 */
async function moveJourneyStage(participantId: string, audit: RequestAudit | null): Promise<boolean> {
  const statement = `WITH moved AS (UPDATE participants SET stage = 'ENROLLED' WHERE id = $1 AND stage <> 'ENROLLED') SELECT EXISTS (SELECT 1 FROM participants WHERE id = $1) AS known`;
  if (!audit) return (await db.coordination.query<{ known: boolean }>(statement, [participantId])).rows[0].known;
  const client = await db.coordination.connect();
  try {
    await client.query("BEGIN");
    const { known } = (await client.query<{ known: boolean }>(statement, [participantId])).rows[0];
    if (!known) {
      await client.query("ROLLBACK");
      audit.in("coordination").refusedWrite(participantId, "recordJourneyEvent", "NOT_FOUND");
      return false;
    }
    audit.in("coordination").wrote(participantId, ["stage"]);
    await audit.in("coordination").flush(managerOf(client));
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

async function enrolChecked(caller: Caller, runId: string, participantId: string, enrolledOn: IsoDate, audit: RequestAudit | null) {
  if (caller.agency !== "PROVIDER") throw new Refusal("FORBIDDEN", forbiddenMessage("Mutation.enrolParticipant"));
  const client = await db.providers.connect();
  try {
    await client.query("BEGIN");
    const run = isUuid(runId)
      ? (
          await client.query<{ id: string; start_date: IsoDate; capacity: number; provider_id: string | null }>(
            `SELECT run.id, run.start_date, run.capacity, g.provider_id FROM programme_runs run LEFT JOIN programmes g ON g.id = run.programme_id
              WHERE run.id = $1 FOR UPDATE OF run`,
            [runId],
          )
        ).rows[0]
      : undefined;
    if (run && run.provider_id !== caller.unit) throw new Refusal("FORBIDDEN", forbiddenMessage("Mutation.enrolParticipant"));
    if (!isUuid(participantId)) throw badInput("participantId", `"${participantId}" is not an id the hub gives out`);
    if (enrolledOn > todayInLjubljana()) throw badInput("enrolledOn", `${enrolledOn} is in the future`);
    if (!isUuid(runId)) throw badInput("runId", `"${runId}" is not an id the hub gives out`);
    if (!run) throw new Refusal("NOT_FOUND", `No programme run has id ${runId}`);
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [participantId]);
    const phase = phaseOn(run.start_date, enrolledOn);
    if (phase === "FOLLOW_UP" || phase === "FINISHED") {
      throw new Refusal("RUN_CLOSED", `The run is in ${phase} on ${enrolledOn}; enrolment closes when implementation ends`);
    }
    const { rows } = await client.query<{ referral_id: string | null; active: { runId: string; endDate: IsoDate } | null; taken: number }>(
      `WITH locked AS (SELECT id, status FROM referrals WHERE participant_id = $1 AND run_id = $2 FOR UPDATE)
       SELECT (SELECT id FROM locked WHERE status = 'PENDING' LIMIT 1) AS referral_id,
              (SELECT json_build_object('runId', e.run_id, 'endDate', u.end_date) FROM enrolments e JOIN programme_runs u ON u.id = e.run_id
                WHERE e.participant_id = $1 AND e.status = 'ENROLLED' AND u.end_date >= $3::date LIMIT 1) AS active,
              (SELECT count(*)::int FROM enrolments WHERE run_id = $2 AND status <> 'LEFT_EARLY') AS taken`,
      [participantId, run.id, enrolledOn],
    );
    const { referral_id: referralId, active, taken } = rows[0];
    if (!referralId) throw new Refusal("NO_REFERRAL", "The person has no pending referral to this run; a coordinator refers them first");
    if (active) throw new Refusal("ALREADY_ENROLLED", `The person is already enrolled in a run that lasts until ${active.endDate}; record the exit first`);
    if (taken >= run.capacity) throw new Refusal("RUN_FULL", `The run is full: all ${run.capacity} places are taken`);
    const id = randomUUID();
    await client.query(
      `WITH enrolment AS (INSERT INTO enrolments (id, participant_id, run_id, status, enrolled_on) VALUES ($1, $2, $3, 'ENROLLED', $4))
       UPDATE referrals SET status = 'ENROLLED' WHERE id = $5`,
      [id, participantId, run.id, enrolledOn, referralId],
    );
    if (!(await moveJourneyStage(participantId, audit))) throw new Refusal("NOT_FOUND", `No participant has id ${participantId}`);
    if (audit) {
      // Inside the providers' transaction: the enrolment and its record commit together.
      audit.in("providers").wrote(participantId, ["enrolments", "referrals"]);
      await audit.in("providers").flush(managerOf(client));
    }
    await client.query("COMMIT");
    return { enrolParticipant: { id, status: "ENROLLED" } };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

// --- HTTP -----------------------------------------------------------------------------------------

const OPERATIONS: Record<string, (caller: Caller, variables: Variables, answer: Answer, audit: RequestAudit | null) => Promise<object>> = {
  ParticipantView: participantView,
  Caseload: caseload,
  RunRoster: runRoster,
  Enrol: (caller, variables, _answer, audit) => enrol(caller, variables, audit),
};

const reply = (response: http.ServerResponse, status: number, body: object) => {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
};
const failure = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs an operation: the status and body to answer with. */
async function execute(operation: (typeof OPERATIONS)[string], caller: Caller, variables: Variables, answer: Answer, audit: RequestAudit | null): Promise<[number, object]> {
  try {
    const data = await operation(caller, variables, answer, audit);
    return [200, answer.errors.length ? { errors: answer.errors, data } : { data }];
  } catch (error) {
    if (error instanceof Refusal) return [error.status, { ...failure(error.code, error.message), ...(error.status === 200 ? { data: null } : {}) }];
    // The hub's own helpers (the cursor) refuse bad input as the hub does.
    if (error instanceof GraphQLError && error.extensions.code === "BAD_USER_INPUT") return [200, { ...failure("BAD_USER_INPUT", error.message), data: null }];
    console.error("internal error", error);
    return [500, failure("INTERNAL_SERVER_ERROR", "Internal server error")];
  }
}

async function main() {
  const settings = hubSettings();
  const accessLog = accessLogSetting();
  db = connect();
  if (accessLog) appenders = { employment: new LogAppender(managerOf(db.employment)), csd: new LogAppender(managerOf(db.csd)), coordination: new LogAppender(managerOf(db.coordination)), providers: new LogAppender(managerOf(db.providers)) };
  const authenticator = await createAuthenticator(authSettings(), settings.dataDir);

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    if (request.method !== "POST" || request.url?.split("?")[0] !== "/graphql") return reply(response, 404, failure("NOT_FOUND", "POST /graphql"));
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return reply(response, 400, failure("BAD_REQUEST", "The body is not JSON"));
    }
    let caller: Caller;
    try {
      caller = await authenticator.authenticate(request.headers.authorization);
    } catch (error) {
      return reply(response, 401, failure("UNAUTHENTICATED", (error as Error).message));
    }
    const name = typeof body.operationName === "string" ? body.operationName : /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(String(body.query ?? ""))?.[1];
    const operation = name ? OPERATIONS[name] : undefined;
    if (!operation) return reply(response, 400, failure("BAD_REQUEST", `The monolith answers only ${Object.keys(OPERATIONS).join(", ")}; got ${name ?? "no operation name"}`));
    const answer = new Answer();
    const audit = accessLog ? new RequestAudit(caller, operationLabel(name)) : null;
    const [status, result] = await execute(operation, caller, (body.variables ?? {}) as Variables, answer, audit);
    if (audit) {
      // As the hub's subgraphs do: the records are committed before the answer leaves, or it carries no data.
      try {
        await audit.flush();
      } catch (error) {
        console.error("access log write failed", error);
        return reply(response, 500, failure("INTERNAL_SERVER_ERROR", "Internal server error"));
      }
    }
    reply(response, status, result);
  }

  const server = http.createServer((request, response) => void handle(request, response));
  const port = Number(process.env.PORT ?? 4900);
  await new Promise<void>((resolve) => server.listen(port, settings.host, resolve));
  console.log(`monolith ready on ${(server.address() as { port: number }).port}${accessLog ? " (access log on)" : ""}`);
  process.on("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    void Promise.all(Object.values(db).map((connections) => connections.end())).then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
