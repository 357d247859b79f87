import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData } from "../shared/demo-data";
import { Agency, EnrolmentStatus } from "../shared/enums";
import { forbiddenPaths, startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { analyst, coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf, user } from "./support/users";

/**
 * ACCESS.md's reading table, cell by cell, through the gateway. Each row names a data item, the
 * fields that carry it, and who may read it; every agency asks about a participant inside its case
 * team (who consents to sharing) and about one outside it. Allowed data must arrive; refused data
 * must be null with FORBIDDEN.
 */
type Column = "EMPLOYMENT" | "CSD" | "COORDINATION" | "PROVIDER" | "OVERSIGHT";

interface Row {
  item: string;
  /** A selection on Participant (or a root query for the directory). */
  selection: string;
  /** Where a refusal shows: the paths that must be FORBIDDEN. */
  refusedAt: string[];
  allowed: Column[];
}

// The rows of ACCESS.md, "Reading", in its order.
const TABLE: Row[] = [
  { item: "name, gender, journey stage, coordinator", selection: "firstName lastName gender stage coordinator { id }", refusedAt: ["firstName", "lastName", "gender", "stage", "coordinator"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION", "PROVIDER"] },
  { item: "EMŠO, full birth date", selection: "emso birthDate", refusedAt: ["emso", "birthDate"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION"] },
  { item: "birth year (all a provider sees of the birth date)", selection: "birthYear", refusedAt: ["birthYear"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION", "PROVIDER"] },
  { item: "residence status", selection: "residenceStatus", refusedAt: ["residenceStatus"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION"] },
  { item: "target-group attributes", selection: "languageBarrier romaCommunity", refusedAt: ["languageBarrier", "romaCommunity"], allowed: ["COORDINATION"] },
  {
    item: "eligibility facts",
    selection: "registeredUnemployed temporarilyUnemployable receivesSocialAssistance hasComplexSocialProblems",
    refusedAt: ["registeredUnemployed", "temporarilyUnemployable", "receivesSocialAssistance", "hasComplexSocialProblems"],
    allowed: ["EMPLOYMENT", "CSD", "COORDINATION"],
  },
  { item: "eligibility result and its grounds", selection: "eligibility { eligible grounds }", refusedAt: ["eligibility"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION"] },
  { item: "jobseeker record", selection: "jobseeker { status registeredOn office { id } }", refusedAt: ["jobseeker"], allowed: ["EMPLOYMENT", "CSD", "COORDINATION"] },
  { item: "employment plan", selection: "jobseeker { employmentPlan }", refusedAt: ["jobseeker.employmentPlan"], allowed: ["EMPLOYMENT", "COORDINATION"] },
  { item: "DSP decisions", selection: "socialAssistance { decisions { number validFrom validTo monthlyAmount } }", refusedAt: ["socialAssistance"], allowed: ["CSD"] },
  { item: "social case", selection: "socialCase { caseWorker complexSocialProblemsNote }", refusedAt: ["socialCase"], allowed: ["CSD"] },
  { item: "referrals, enrolments, run phase, exit outcome", selection: "referrals { id status } enrolments { id status exitOutcome run { phase } }", refusedAt: [], allowed: ["EMPLOYMENT", "CSD", "COORDINATION", "PROVIDER"] },
  { item: "attendance", selection: "enrolments { attendanceRate }", refusedAt: ["enrolments.0.attendanceRate"], allowed: ["COORDINATION", "PROVIDER"] },
  { item: "coordinator's case notes", selection: "caseNotes { id text }", refusedAt: ["caseNotes"], allowed: ["COORDINATION"] },
  { item: "team meetings", selection: "teamMeetings { id kind }", refusedAt: [], allowed: ["EMPLOYMENT", "CSD", "COORDINATION", "PROVIDER"] },
];

const data = demoData(todayInLjubljana());
/** Inside: a consenting person with records at every agency, enrolled in a run, discussed at a meeting. */
const person = data.participants.find(
  (candidate) =>
    candidate.coordinatorId !== null &&
    hasConsent(candidate) &&
    candidate.stage === "ENROLLED" &&
    data.jobseekers.some((record) => record.participantId === candidate.id && record.employmentPlan) &&
    data.socialCases.some((record) => record.participantId === candidate.id) &&
    data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
)!;
const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id && candidate.status === EnrolmentStatus.ENROLLED)!;
/** Outside: a person of another coordinator, another centre, another office, and no run of the same provider. */
const provider = providerStaffOfRun(data, enrolment.runId);
const outsider = data.participants.find(
  (candidate) =>
    candidate.coordinatorId !== null &&
    candidate.coordinatorId !== person.coordinatorId &&
    candidate.centreId !== person.centreId &&
    candidate.officeId !== person.officeId &&
    ![...data.referrals, ...data.enrolments].some((record) => record.participantId === candidate.id && providerStaffOfRun(data, record.runId).unit === provider.unit),
)!;

const insiders: Record<Column, Caller> = {
  EMPLOYMENT: officerOf(person),
  CSD: socialWorkerOf(person),
  COORDINATION: coordinatorOf(person),
  PROVIDER: provider,
  OVERSIGHT: analyst(),
};

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
  const meeting = await hub.requestAs(coordinatorOf(person), `mutation { recordTeamMeeting(input: {
    kind: INTERIM, runId: "${enrolment.runId}", heldOn: "${todayInLjubljana()}",
    units: ${JSON.stringify([insiders.EMPLOYMENT.unit, insiders.CSD.unit, insiders.COORDINATION.unit, insiders.PROVIDER.unit])},
    participantIds: ["${person.id}"], agreements: "Vmesni pregled ciljev." }) { id } }`);
  expect(meeting.errors).toBeUndefined();
  const note = await hub.requestAs(coordinatorOf(person), `mutation Note($id: ID!) { recordCaseNote(participantId: $id, text: "Motivacijski razgovor opravljen.") { id } }`, { id: person.id });
  expect(note.errors).toBeUndefined();
});
afterAll(() => hub?.stop());

const ask = (as: Caller, id: string, selection: string) => hub.requestAs<{ participant: Record<string, unknown> | null }>(as, `query Cell($id: ID!) { participant(id: $id) { id ${selection} } }`, { id });

/** The values at a row's fields: all present (not null, lists not empty) means the data arrived. */
function arrived(participant: Record<string, unknown>, row: Row): boolean {
  const values = row.selection
    .replace(/\{[^{}]*\{[^{}]*\}[^{}]*\}|\{[^{}]*\}/g, "")
    .trim()
    .split(/\s+/)
    .map((field) => participant[field]);
  return values.every((value) => value !== null && value !== undefined && (!Array.isArray(value) || value.length > 0));
}

describe.each(Object.keys(insiders) as Column[])("as %s", (column) => {
  const as = insiders[column];

  it.each(TABLE.map((row) => [row.item, row] as const))("%s: inside the case team", async (_, row) => {
    const answer = await ask(as, person.id, row.selection);
    const allowed = row.allowed.includes(column);
    if (column === "OVERSIGHT") {
      // Oversight has no case teams: the person is not there for it at all.
      expect(answer.data?.participant).toBeNull();
      expect(forbiddenPaths(answer)).toEqual(["participant"]);
      return;
    }
    expect(answer.data?.participant).not.toBeNull();
    const participant = answer.data!.participant!;
    if (allowed) {
      expect({ item: row.item, refused: forbiddenPaths(answer) }).toEqual({ item: row.item, refused: [] });
      expect({ item: row.item, arrived: arrived(participant, row) }).toEqual({ item: row.item, arrived: true });
    } else if (row.refusedAt.length) {
      // Each refused field, or the object holding it, is FORBIDDEN and null. (Eligibility also
      // reports the facts the gateway fetched for it and the caller may not see.)
      const refused = forbiddenPaths(answer);
      for (const path of row.refusedAt) {
        const covered = refused.some((refusedPath) => `participant.${path}` === refusedPath || `participant.${path}`.startsWith(`${refusedPath}.`));
        expect({ item: row.item, path, covered }).toEqual({ item: row.item, path, covered: true });
        expect(path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key] ?? null, participant)).toBeNull();
      }
    } else {
      // Lists the caller may not see arrive empty: filtered, not only blanked.
      expect(arrived(participant, row)).toBe(false);
    }
  });

  it("outside the case team: nothing personal at all", async () => {
    const stranger: Caller =
      column === "COORDINATION" ? coordinatorOf(outsider) : column === "CSD" ? socialWorkerOf(outsider) : column === "EMPLOYMENT" ? officerOf(outsider) : as;
    // The insider's own unit asks about the outsider, and the outsider's unit about the insider.
    for (const [caller, id] of [[as, outsider.id], [stranger, person.id]] as const) {
      if (caller.unit === as.unit && id === person.id) continue;
      const answer = await ask(caller, id, TABLE.map((row) => row.selection).join(" "));
      expect(answer.data?.participant).toBeNull();
      expect(forbiddenPaths(answer)).toEqual(["participant"]);
    }
  });
});

it("shows the directory, programmes and runs to every agency, oversight included", async () => {
  for (const as of [...Object.values(insiders), user(Agency.PROVIDER, data.providers.at(-1)!.id)]) {
    const answer: GraphQLAnswer<Record<string, unknown[]>> = await hub.requestAs(as, `{ employmentOffices { id } socialWorkCentres { id } coordinators { id } providers { id programmes { id } } programmeRuns { id phase schedule { phase } } }`);
    expect(answer.errors).toBeUndefined();
    for (const list of Object.values(answer.data!)) expect(list.length).toBeGreaterThan(0);
  }
});
