import { addDays, addMonths, todayInLjubljana, yearOf } from "../shared/calendar";
import { demoData, demoEligibilityFacts, demoIds } from "../shared/demo-data";
import type { DemoData, DemoParticipant } from "../shared/demo-data.types";
import { EligibilityGround, EnrolmentStatus, JourneyStage, ProgrammePhase, ProgrammeType, ResidenceStatus } from "../shared/enums";
import { assessEligibility } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn, runEndDate, runSchedule } from "../subgraphs/providers/run/run-schedule";
import { contractOperation } from "./support/contract";
import { startTestHub, type TestHub } from "./support/hub";

/**
 * The read operations of the front-end contract, sent to a running gateway over the four real
 * subgraphs and their databases loaded with the demo data. Expected values come from the demo
 * data set and the domain rules, never from the hub itself.
 */
let hub: TestHub;
let data: DemoData;
const today = todayInLjubljana();

beforeAll(async () => {
  hub = await startTestHub();
  data = demoData(today);
});
afterAll(() => hub?.stop());

const ok = async <T>(name: string, variables?: Record<string, unknown>): Promise<T> => {
  const answer = await hub.request<T>(contractOperation(name), variables);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
};

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
const sortedIds = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

describe("Directory", () => {
  it("lists every office, centre, coordinator and provider with their programmes", async () => {
    type Entry = { id: string; name: string; region: string };
    const answer = await ok<{
      employmentOffices: Entry[];
      socialWorkCentres: Entry[];
      coordinators: Entry[];
      providers: { id: string; name: string; programmes: (Entry & { type: ProgrammeType })[] }[];
    }>("Directory");
    expect(sortedIds(answer.employmentOffices)).toEqual(sortedIds(data.employmentOffices));
    expect(answer.socialWorkCentres).toHaveLength(16);
    expect(new Set(answer.socialWorkCentres.map((centre) => centre.region)).size).toBe(12);
    expect(answer.employmentOffices.map((office) => office.name)).toEqual(expect.arrayContaining(["Urad za delo Ptuj", "Urad za delo Ormož"]));
    expect(sortedIds(answer.coordinators)).toEqual(sortedIds(data.coordinators));
    const programmes = answer.providers.flatMap((provider) => provider.programmes.map((programme) => ({ ...programme, providerId: provider.id })));
    expect(programmes.map(({ id, name, type, region, providerId }) => ({ id, name, type, region, providerId })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      data.programmes.map(({ id, name, type, region, providerId }) => ({ id, name, type, region, providerId })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});

describe("ParticipantView", () => {
  type View = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  const expectedView = (person: DemoParticipant) => {
    const jobseeker = data.jobseekers.find((record) => record.participantId === person.id);
    const socialCase = data.socialCases.find((record) => record.participantId === person.id);
    const decisions = data.assistanceDecisions.filter((decision) => decision.participantId === person.id);
    const facts = demoEligibilityFacts(data, person, today);
    return {
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      gender: person.gender,
      birthYear: yearOf(person.birthDate),
      birthDate: person.birthDate,
      emso: person.emso,
      residenceStatus: person.residenceStatus,
      stage: person.stage,
      coordinator: person.coordinatorId ? { id: person.coordinatorId, name: data.coordinators.find((c) => c.id === person.coordinatorId)!.name } : null,
      registeredUnemployed: jobseeker?.status === "UNEMPLOYED",
      temporarilyUnemployable: jobseeker?.status === "TEMPORARILY_UNEMPLOYABLE",
      receivesSocialAssistance: facts.receivesSocialAssistance,
      hasComplexSocialProblems: facts.hasComplexSocialProblems,
      eligibility: assessEligibility(facts, today),
      jobseeker: jobseeker
        ? {
            status: jobseeker.status,
            registeredOn: jobseeker.registeredOn,
            office: { id: jobseeker.officeId, name: data.employmentOffices.find((office) => office.id === jobseeker.officeId)!.name },
          }
        : null,
      socialAssistance: {
        decisions: expect.arrayContaining(
          decisions.map(({ number, validFrom, validTo, monthlyAmount }) => ({ number, validFrom, validTo, monthlyAmount })),
        ),
      },
      socialCase: socialCase
        ? {
            centre: { id: socialCase.centreId, name: data.socialWorkCentres.find((centre) => centre.id === socialCase.centreId)!.name },
            caseWorker: socialCase.caseWorker,
            complexSocialProblemsNote: socialCase.note,
          }
        : null,
    };
  };

  it("combines the four agencies' facts about an enrolled person", async () => {
    const person = data.participants.find(
      (candidate) =>
        candidate.stage === JourneyStage.ENROLLED &&
        data.jobseekers.some((record) => record.participantId === candidate.id) &&
        data.socialCases.some((record) => record.participantId === candidate.id) &&
        data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
    );
    expect(person).toBeDefined();
    const { participant } = await ok<{ participant: View }>("ParticipantView", { id: person!.id });
    expect(participant).toMatchObject(expectedView(person!));
    expect(participant.socialAssistance.decisions).toHaveLength(data.assistanceDecisions.filter((d) => d.participantId === person!.id).length);

    const enrolment = data.enrolments.find((candidate) => candidate.participantId === person!.id && candidate.status === EnrolmentStatus.ENROLLED)!;
    const run = data.runs.find((candidate) => candidate.id === enrolment.runId)!;
    const programme = data.programmes.find((candidate) => candidate.id === run.programmeId)!;
    const days = data.attendance.filter((record) => record.enrolmentId === enrolment.id);
    expect(participant.enrolments).toContainEqual({
      id: enrolment.id,
      status: "ENROLLED",
      enrolledOn: enrolment.enrolledOn,
      exitedOn: null,
      exitOutcome: null,
      attendanceRate: days.length ? days.filter((day) => day.present).length / days.length : null,
      run: {
        id: run.id,
        startDate: run.startDate,
        endDate: runEndDate(run.startDate),
        phase: phaseOn(run.startDate, today),
        programme: {
          id: programme.id,
          name: programme.name,
          type: programme.type,
          provider: { id: programme.providerId, name: data.providers.find((provider) => provider.id === programme.providerId)!.name },
        },
      },
    });
    expect(sortedIds(participant.referrals)).toEqual(sortedIds(data.referrals.filter((referral) => referral.participantId === person!.id)));
    expect(participant.consent.granted).toBe(person!.consentGrantedAt !== null && person!.consentWithdrawnAt === null);
  });

  it("shows a person known only to the coordinator with empty facts from the other agencies", async () => {
    const person = data.participants.find(
      (candidate) =>
        !data.jobseekers.some((record) => record.participantId === candidate.id) &&
        !data.socialCases.some((record) => record.participantId === candidate.id) &&
        !data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
    );
    expect(person).toBeDefined();
    const { participant } = await ok<{ participant: View }>("ParticipantView", { id: person!.id });
    expect(participant).toMatchObject(expectedView(person!));
    expect(participant).toMatchObject({ jobseeker: null, socialCase: null, socialAssistance: { decisions: [] }, eligibility: { eligible: false, grounds: [], programmeTypes: [] } });
  });

  it("answers null for an id that does not exist or is not an id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expect(await ok("ParticipantView", { id })).toEqual({ participant: null });
    }
  });
});

describe("eligibility, computed at query time from the employment and CSD facts", () => {
  type Row = { id: string; eligibility: { eligible: boolean; grounds: EligibilityGround[]; programmeTypes: ProgrammeType[] } };
  let answers: Map<string, Row>;

  beforeAll(async () => {
    const query = `query Eligibility($after: String) { participants(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { id eligibility { eligible grounds programmeTypes } } } } }`;
    const rows: Row[] = [];
    let after: string | null = null;
    do {
      const answer: any = await hub.request(query, { after }); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(answer.errors).toBeUndefined();
      rows.push(...answer.data.participants.edges.map((edge: { node: Row }) => edge.node));
      after = answer.data.participants.pageInfo.hasNextPage ? answer.data.participants.pageInfo.endCursor : null;
    } while (after);
    answers = byId(rows);
  });

  it("agrees with the rules applied to the agencies' records for all 200 demo participants", () => {
    expect(answers.size).toBe(200);
    for (const person of data.participants) {
      expect({ id: person.id, ...answers.get(person.id)!.eligibility }).toEqual({ id: person.id, ...assessEligibility(demoEligibilityFacts(data, person, today), today) });
    }
  });

  const people = (predicate: (person: DemoParticipant, row: Row["eligibility"]) => boolean) =>
    data.participants.filter((person) => predicate(person, answers.get(person.id)!.eligibility));

  it.each(Object.values(EligibilityGround))("finds people eligible on the ground %s alone", (ground) => {
    expect(people((_, e) => e.eligible && e.grounds.length === 1 && e.grounds[0] === ground).length).toBeGreaterThan(0);
  });

  it("refuses people under 18 and people without citizenship or permanent residence, however many grounds", () => {
    const minors = people((person, e) => addMonths(person.birthDate, 18 * 12) > today && e.grounds.length > 0);
    expect(minors.length).toBeGreaterThan(0);
    for (const person of minors) expect(answers.get(person.id)!.eligibility).toMatchObject({ eligible: false, programmeTypes: [] });
    const nonResidents = people((person, e) => person.residenceStatus === ResidenceStatus.OTHER && e.grounds.length > 0);
    expect(nonResidents.length).toBeGreaterThan(0);
    for (const person of nonResidents) expect(answers.get(person.id)!.eligibility.eligible).toBe(false);
  });

  it("offers the women's programmes only to women of their target group", () => {
    const languageBarrier = people((_, e) => e.programmeTypes.includes(ProgrammeType.WOMEN_LANGUAGE_BARRIERS));
    const roma = people((_, e) => e.programmeTypes.includes(ProgrammeType.ROMA_WOMEN));
    expect(languageBarrier.length).toBeGreaterThan(0);
    expect(roma.length).toBeGreaterThan(0);
    for (const person of languageBarrier) expect(person).toMatchObject({ gender: "FEMALE", languageBarrier: true });
    for (const person of roma) expect(person).toMatchObject({ gender: "FEMALE", romaCommunity: true });
    for (const person of people((_, e) => e.eligible)) expect(answers.get(person.id)!.eligibility.programmeTypes[0]).toBe(ProgrammeType.GENERAL);
  });
});

describe("Caseload", () => {
  type Page = {
    participants: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { id: string; lastName: string; stage: JourneyStage; jobseeker: { status: string } | null; enrolments: unknown[] } }[];
    };
  };

  const walk = async (filter: Record<string, unknown> | undefined, first: number) => {
    const seen: Page["participants"]["edges"][number]["node"][] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const { participants }: Page = await ok<Page>("Caseload", { first, after, filter });
      totalCount = participants.totalCount;
      expect(participants.edges.length).toBeLessThanOrEqual(first);
      seen.push(...participants.edges.map((edge) => edge.node));
      if (!participants.pageInfo.hasNextPage) break;
      expect(participants.pageInfo.endCursor).toBe(participants.edges.at(-1)!.cursor);
      after = participants.pageInfo.endCursor;
    }
    return { seen, totalCount };
  };

  it("pages through every participant exactly once, by cursor", async () => {
    const { seen, totalCount } = await walk(undefined, 50);
    expect(totalCount).toBe(200);
    expect(sortedIds(seen)).toEqual(sortedIds(data.participants));
  });

  it.each([
    ["stage", (person: DemoParticipant) => ({ stage: person.stage }), (person: DemoParticipant, value: any) => person.stage === value.stage], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["coordinator", (person: DemoParticipant) => ({ coordinatorId: person.coordinatorId }), (person: DemoParticipant, value: any) => person.coordinatorId === value.coordinatorId], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["region", (person: DemoParticipant) => ({ region: person.region }), (person: DemoParticipant, value: any) => person.region === value.region], // eslint-disable-line @typescript-eslint/no-explicit-any
    [
      "name prefix",
      (person: DemoParticipant) => ({ search: person.lastName.slice(0, 3).toUpperCase() }),
      (person: DemoParticipant, value: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
        [person.firstName, person.lastName].some((name) => name.toLowerCase().startsWith(value.search.toLowerCase())),
    ],
  ])("filters by %s, with totalCount counting the matches", async (_, filterFor, matches) => {
    const sample = data.participants.find((person) => person.coordinatorId && person.stage === JourneyStage.ENROLLED)!;
    const filter = filterFor(sample);
    const expected = data.participants.filter((person) => matches(person, filter));
    const { seen, totalCount } = await walk(filter, 7);
    expect(totalCount).toBe(expected.length);
    expect(sortedIds(seen)).toEqual(sortedIds(expected));
  });

  it("costs the same number of SQL statements for a page of 5 as for a page of 50", async () => {
    const cost = async (first: number) => {
      const before = hub.statementCounts();
      await ok<Page>("Caseload", { first });
      const after = hub.statementCounts();
      return Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - before[name]]));
    };
    await cost(5); // warm-up: nothing cached across requests, but keep the comparison clean
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty).toEqual(five);
    expect(Object.values(five).every((count) => count > 0)).toBe(true);
  });

  it.each([
    [{ first: 0 }, "first"],
    [{ first: 101 }, "first"],
    [{ first: 5, after: "bm90IGEgY3Vyc29y" }, "after"],
    [{ first: 5, filter: { coordinatorId: "someone" } }, "filter.coordinatorId"],
  ])("refuses %j with BAD_USER_INPUT naming the field", async (variables, field) => {
    const answer = await hub.request(contractOperation("Caseload"), variables);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(answer.errors?.[0].message).toContain(field);
  });
});

describe("RunRoster", () => {
  type Roster = {
    programmeRun: {
      id: string;
      startDate: string;
      endDate: string;
      capacity: number;
      phase: ProgrammePhase;
      schedule: { phase: ProgrammePhase; startsOn: string; endsOn: string }[];
      programme: { id: string; type: ProgrammeType; provider: { id: string } };
      enrolments: { id: string; status: string; enrolledOn: string; attendanceRate: number | null; participant: { id: string; firstName: string; lastName: string; birthYear: number } }[];
    };
  };

  it("lists the run's enrolments with each person's name and birth year from coordination", async () => {
    const run = data.runs.find((candidate) => data.enrolments.filter((enrolment) => enrolment.runId === candidate.id).length >= 3)!;
    const { programmeRun } = await ok<Roster>("RunRoster", { runId: run.id });
    const enrolments = data.enrolments.filter((enrolment) => enrolment.runId === run.id);
    expect(sortedIds(programmeRun.enrolments)).toEqual(sortedIds(enrolments));
    for (const row of programmeRun.enrolments) {
      const enrolment = enrolments.find((candidate) => candidate.id === row.id)!;
      const person = data.participants.find((candidate) => candidate.id === enrolment.participantId)!;
      const days = data.attendance.filter((record) => record.enrolmentId === enrolment.id);
      expect(row).toEqual({
        id: enrolment.id,
        status: enrolment.status,
        enrolledOn: enrolment.enrolledOn,
        attendanceRate: days.length ? days.filter((day) => day.present).length / days.length : null,
        participant: { id: person.id, firstName: person.firstName, lastName: person.lastName, birthYear: yearOf(person.birthDate) },
      });
    }
    expect(programmeRun).toMatchObject({ id: run.id, startDate: run.startDate, capacity: run.capacity, endDate: runEndDate(run.startDate) });
  });

  it("clamps the schedule of a run that starts on the 31st to the months' ends", async () => {
    const run = data.runs.find((candidate) => candidate.id === demoIds.runStartingOn31st)!;
    expect(run.startDate.endsWith("-31")).toBe(true);
    const { programmeRun } = await ok<Roster>("RunRoster", { runId: run.id });
    expect(programmeRun.schedule).toEqual(runSchedule(run.startDate));
    const [preparation, implementation, followUp] = programmeRun.schedule;
    expect(implementation.startsOn).toBe(addMonths(run.startDate, 1));
    expect(preparation.endsOn).toBe(addDays(implementation.startsOn, -1));
    expect(followUp.endsOn).toBe(programmeRun.endDate);
  });

  it("gives the phase on any day, each boundary included", async () => {
    const run = data.runs[0];
    const [preparation, implementation, followUp] = runSchedule(run.startDate);
    const cases: [string, ProgrammePhase][] = [
      [addDays(preparation.startsOn, -1), ProgrammePhase.NOT_STARTED],
      [preparation.startsOn, ProgrammePhase.PREPARATION],
      [preparation.endsOn, ProgrammePhase.PREPARATION],
      [implementation.startsOn, ProgrammePhase.IMPLEMENTATION],
      [implementation.endsOn, ProgrammePhase.IMPLEMENTATION],
      [followUp.startsOn, ProgrammePhase.FOLLOW_UP],
      [followUp.endsOn, ProgrammePhase.FOLLOW_UP],
      [addDays(followUp.endsOn, 1), ProgrammePhase.FINISHED],
    ];
    for (const [on, phase] of cases) {
      const { programmeRun } = await ok<Roster>("RunRoster", { runId: run.id, on });
      expect({ on, phase: programmeRun.phase }).toEqual({ on, phase });
    }
    const { programmeRun } = await ok<Roster>("RunRoster", { runId: run.id });
    expect(programmeRun.phase).toBe(phaseOn(run.startDate, today));
  });

  it("refuses an impossible day with BAD_USER_INPUT", async () => {
    const answer = await hub.request(contractOperation("RunRoster"), { runId: data.runs[0].id, on: "2026-02-30" });
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.errors?.[0].message).toContain("$on");
  });
});

describe("OpenRuns", () => {
  type Open = { programmeRuns: { id: string; startDate: string; capacity: number; freePlaces: number; programme: { type: ProgrammeType; region: string } }[] };

  it("lists the runs not yet in follow-up, with free places, filtered by type, region and start", async () => {
    const { programmeRuns } = await ok<Open>("OpenRuns", {});
    const open = data.runs.filter((run) => [ProgrammePhase.NOT_STARTED, ProgrammePhase.PREPARATION, ProgrammePhase.IMPLEMENTATION].includes(phaseOn(run.startDate, today)));
    expect(sortedIds(programmeRuns)).toEqual(sortedIds(open));
    for (const row of programmeRuns) {
      const taken = data.enrolments.filter((enrolment) => enrolment.runId === row.id && enrolment.status !== EnrolmentStatus.LEFT_EARLY).length;
      expect({ id: row.id, freePlaces: row.freePlaces }).toEqual({ id: row.id, freePlaces: row.capacity - taken });
    }
    const empty = programmeRuns.find((run) => run.id === demoIds.emptyNotStartedRun)!;
    expect(empty.freePlaces).toBe(empty.capacity);

    const roma = await ok<Open>("OpenRuns", { type: "ROMA_WOMEN" });
    expect(roma.programmeRuns.length).toBeGreaterThan(0);
    expect(roma.programmeRuns.every((run) => run.programme.type === "ROMA_WOMEN")).toBe(true);

    const region = programmeRuns[0].programme.region;
    const inRegion = await ok<Open>("OpenRuns", { region, startsAfter: today });
    expect(sortedIds(inRegion.programmeRuns)).toEqual(
      sortedIds(programmeRuns.filter((run) => run.programme.region === region && run.startDate > today)),
    );
  });
});
