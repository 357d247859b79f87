import { todayInLjubljana } from "../shared/calendar";
import { demoData, demoIds } from "../shared/demo-data";
import type { DemoData, DemoParticipant } from "../shared/demo-data.types";
import { EligibilityGround, EnrolmentStatus, JourneyStage, ProgrammePhase, ProgrammeType, ResidenceStatus } from "../shared/enums";
import type { Caller } from "../shared/context";
import { contractOperation } from "./support/contract";
import { contractEligibility, contractPhase, contractSchedule, plusDays, plusMonths, yearsOld } from "./support/contract-oracle";
import { allowedData, forbiddenPaths, startTestHub, type TestHub } from "./support/hub";
import { analyst, coordinatorOf, hasConsent, providerStaffOfRun, socialWorkerOf, user } from "./support/users";
import { Agency } from "../shared/enums";

/**
 * The read operations of the front-end contract, sent to a running gateway over the four real
 * subgraphs and their databases loaded with the demo data, each as a user who may see what is
 * asserted. Expected values come from the demo data set and the domain rules, never from the hub:
 * eligibility, phases and schedules from the contract's rules written again in
 * test/support/contract-oracle.ts, not from the hub's eligibility, run-schedule or calendar code.
 */
let hub: TestHub;
let data: DemoData;
const today = todayInLjubljana();

beforeAll(async () => {
  hub = await startTestHub();
  data = demoData(today);
});
afterAll(() => hub?.stop());

const ok = async <T>(as: Caller, name: string, variables?: Record<string, unknown>): Promise<T> => {
  const answer = await hub.requestAs<T>(as, contractOperation(name), variables);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
};

/** The coordinators who see a person: the assigned one, or those of the region while unassigned. */
const coordinatorsFor = (person: DemoParticipant) =>
  person.coordinatorId ? [person.coordinatorId] : data.coordinators.filter((c) => c.region === person.region).map((c) => c.id);
const caseloadOf = (coordinatorId: string) => data.participants.filter((person) => coordinatorsFor(person).includes(coordinatorId));

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
const sortedIds = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
const programmeTypeOfRun = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((run) => run.id === runId)!.programmeId)!.type;

describe("Directory", () => {
  it("lists every office, centre, coordinator and provider with their programmes", async () => {
    type Entry = { id: string; name: string; region: string };
    const answer = await ok<{
      employmentOffices: Entry[];
      socialWorkCentres: Entry[];
      coordinators: Entry[];
      providers: { id: string; name: string; programmes: (Entry & { type: ProgrammeType })[] }[];
    }>(analyst(), "Directory");
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
    return {
      id: person.id,
      firstName: person.firstName,
      lastName: person.lastName,
      gender: person.gender,
      birthYear: Number(person.birthDate.slice(0, 4)),
      birthDate: person.birthDate,
      emso: person.emso,
      residenceStatus: person.residenceStatus,
      stage: person.stage,
      coordinator: person.coordinatorId ? { id: person.coordinatorId, name: data.coordinators.find((c) => c.id === person.coordinatorId)!.name } : null,
      registeredUnemployed: jobseeker?.status === "UNEMPLOYED",
      temporarilyUnemployable: jobseeker?.status === "TEMPORARILY_UNEMPLOYABLE",
      receivesSocialAssistance: decisions.some((decision) => decision.validFrom <= today && today <= decision.validTo),
      hasComplexSocialProblems: socialCase?.complexSocialProblems === true,
      eligibility: contractEligibility(data, person, today),
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

  const viewAs = async (as: Caller, id: string) => {
    const answer = await hub.requestAs<{ participant: View }>(as, contractOperation("ParticipantView"), { id });
    return { participant: allowedData(answer).participant, forbidden: forbiddenPaths(answer) };
  };
  it("combines the four agencies' facts about an enrolled person: the coordinator's view, and the CSD's", async () => {
    const person = data.participants.find(
      (candidate) =>
        candidate.stage === JourneyStage.ENROLLED &&
        candidate.coordinatorId !== null &&
        hasConsent(candidate) &&
        data.jobseekers.some((record) => record.participantId === candidate.id) &&
        data.socialCases.some((record) => record.participantId === candidate.id) &&
        data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
    );
    expect(person).toBeDefined();
    const { socialAssistance, socialCase, ...coordinatorPart } = expectedView(person!);

    // The coordinator sees identity, journey, every agency's shared facts — but not the CSD's case file.
    const asCoordinator = await viewAs(coordinatorOf(person!), person!.id);
    expect(asCoordinator.participant).toMatchObject({ ...coordinatorPart, socialAssistance: null, socialCase: null });
    expect(asCoordinator.forbidden.sort()).toEqual(["participant.socialAssistance", "participant.socialCase"]);

    const enrolment = data.enrolments.find((candidate) => candidate.participantId === person!.id && candidate.status === EnrolmentStatus.ENROLLED)!;
    const run = data.runs.find((candidate) => candidate.id === enrolment.runId)!;
    const programme = data.programmes.find((candidate) => candidate.id === run.programmeId)!;
    const days = data.attendance.filter((record) => record.enrolmentId === enrolment.id);
    expect(asCoordinator.participant.enrolments).toContainEqual({
      id: enrolment.id,
      status: "ENROLLED",
      enrolledOn: enrolment.enrolledOn,
      exitedOn: null,
      exitOutcome: null,
      attendanceRate: days.length ? days.filter((day) => day.present).length / days.length : null,
      run: {
        id: run.id,
        startDate: run.startDate,
        endDate: contractSchedule(run.startDate).endDate,
        phase: contractPhase(run.startDate, today),
        programme: {
          id: programme.id,
          name: programme.name,
          type: programme.type,
          provider: { id: programme.providerId, name: data.providers.find((provider) => provider.id === programme.providerId)!.name },
        },
      },
    });
    expect(sortedIds(asCoordinator.participant.referrals)).toEqual(sortedIds(data.referrals.filter((referral) => referral.participantId === person!.id)));
    expect(asCoordinator.participant.consent.granted).toBe(true);

    // The CSD responsible for the person sees its own case file as well; of the programme types only
    // GENERAL, since the others follow from target-group attributes only coordination reads (ACCESS.md).
    const asCsd = await viewAs(socialWorkerOf(person!), person!.id);
    const eligibility = coordinatorPart.eligibility && { ...coordinatorPart.eligibility, programmeTypes: coordinatorPart.eligibility.programmeTypes.filter((type) => type === ProgrammeType.GENERAL) };
    expect(asCsd.participant).toMatchObject({ ...coordinatorPart, eligibility, socialAssistance, socialCase });
    expect(asCsd.participant.socialAssistance.decisions).toHaveLength(data.assistanceDecisions.filter((d) => d.participantId === person!.id).length);
    // Of the journey, the CSD sees the records of GENERAL programmes only (a women's programme names the
    // target group), and of those no attendance.
    const generalEnrolments = data.enrolments.filter((candidate) => candidate.participantId === person!.id && programmeTypeOfRun(candidate.runId) === ProgrammeType.GENERAL);
    expect(sortedIds(asCsd.participant.enrolments)).toEqual(sortedIds(generalEnrolments));
    expect(asCsd.forbidden).toEqual(generalEnrolments.map((_, index) => `participant.enrolments.${index}.attendanceRate`));
  });

  it("shows a person known only to the coordinator with empty facts from the other agencies", async () => {
    const person = data.participants.find(
      (candidate) =>
        candidate.coordinatorId !== null &&
        hasConsent(candidate) &&
        !data.jobseekers.some((record) => record.participantId === candidate.id) &&
        !data.socialCases.some((record) => record.participantId === candidate.id) &&
        !data.assistanceDecisions.some((decision) => decision.participantId === candidate.id),
    );
    expect(person).toBeDefined();
    const { participant } = await viewAs(coordinatorOf(person!), person!.id);
    const { socialAssistance: _sa, socialCase: _sc, ...coordinatorPart } = expectedView(person!);
    expect(participant).toMatchObject(coordinatorPart);
    expect(participant).toMatchObject({ jobseeker: null, eligibility: { eligible: false, grounds: [], programmeTypes: [] } });
  });

  it("answers an id that does not exist exactly as one outside the case team: null, FORBIDDEN; one that cannot be an id is BAD_USER_INPUT", async () => {
    const coordinator = user(Agency.COORDINATION, data.coordinators[0].id);
    const outsider = data.participants.find((person) => person.coordinatorId !== null && person.coordinatorId !== coordinator.unit)!;
    // The form of an id is public: refusing it says nothing about anyone (contract README, Identifiers).
    const malformed = await hub.requestAs(coordinator, contractOperation("ParticipantView"), { id: "not-an-id" });
    expect(malformed.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    for (const id of ["00000000-0000-4000-8000-000000000000", outsider.id]) {
      const answer = await hub.requestAs(coordinator, contractOperation("ParticipantView"), { id });
      expect(answer.data).toEqual({ participant: null });
      expect(forbiddenPaths(answer)).toEqual(["participant"]);
      expect(answer.errors![0].message).not.toContain(outsider.lastName);
    }
  });
});

describe("eligibility, computed at query time from the employment and CSD facts", () => {
  type Row = { id: string; eligibility: { eligible: boolean; grounds: EligibilityGround[]; programmeTypes: ProgrammeType[] } | null };
  let answers: Map<string, Row>;

  // Every coordinator walks their caseload; together they reach every demo participant.
  beforeAll(async () => {
    const query = `query Eligibility($after: String) { participants(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { id eligibility { eligible grounds programmeTypes } } } } }`;
    const rows: Row[] = [];
    for (const coordinator of data.coordinators) {
      let after: string | null = null;
      do {
        const answer: any = allowedData(await hub.requestAs(user(Agency.COORDINATION, coordinator.id), query, { after })); // eslint-disable-line @typescript-eslint/no-explicit-any
        rows.push(...answer.participants.edges.map((edge: { node: Row }) => edge.node));
        after = answer.participants.pageInfo.hasNextPage ? answer.participants.pageInfo.endCursor : null;
      } while (after);
    }
    answers = byId(rows);
  });

  it("agrees with the rules applied to the agencies' records for every consenting demo participant", () => {
    expect(answers.size).toBe(200);
    for (const person of data.participants) {
      const expected = hasConsent(person) ? contractEligibility(data, person, today) : null;
      expect({ id: person.id, eligibility: answers.get(person.id)!.eligibility }).toEqual({ id: person.id, eligibility: expected });
    }
  });

  const people = (predicate: (person: DemoParticipant, row: NonNullable<Row["eligibility"]>) => boolean) =>
    data.participants.filter((person) => hasConsent(person) && predicate(person, answers.get(person.id)!.eligibility!));

  it.each(Object.values(EligibilityGround))("finds people eligible on the ground %s alone", (ground) => {
    expect(people((_, e) => e.eligible && e.grounds.length === 1 && e.grounds[0] === ground).length).toBeGreaterThan(0);
  });

  it("refuses people under 18 and people without citizenship or permanent residence, however many grounds", () => {
    const minors = people((person, e) => yearsOld(person.birthDate, today) < 18 && e.grounds.length > 0);
    expect(minors.length).toBeGreaterThan(0);
    for (const person of minors) expect(answers.get(person.id)!.eligibility).toMatchObject({ eligible: false, programmeTypes: [] });
    const nonResidents = people((person, e) => person.residenceStatus === ResidenceStatus.OTHER && e.grounds.length > 0);
    expect(nonResidents.length).toBeGreaterThan(0);
    for (const person of nonResidents) expect(answers.get(person.id)!.eligibility!.eligible).toBe(false);
  });

  it("offers the women's programmes only to women of their target group", () => {
    const languageBarrier = people((_, e) => e.programmeTypes.includes(ProgrammeType.WOMEN_LANGUAGE_BARRIERS));
    const roma = people((_, e) => e.programmeTypes.includes(ProgrammeType.ROMA_WOMEN));
    expect(languageBarrier.length).toBeGreaterThan(0);
    expect(roma.length).toBeGreaterThan(0);
    for (const person of languageBarrier) expect(person).toMatchObject({ gender: "FEMALE", languageBarrier: true });
    for (const person of roma) expect(person).toMatchObject({ gender: "FEMALE", romaCommunity: true });
    for (const person of people((_, e) => e.eligible)) expect(answers.get(person.id)!.eligibility!.programmeTypes[0]).toBe(ProgrammeType.GENERAL);
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

  const walk = async (as: Caller, filter: Record<string, unknown> | undefined, first: number) => {
    const seen: Page["participants"]["edges"][number]["node"][] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const { participants }: Page = allowedData(await hub.requestAs<Page>(as, contractOperation("Caseload"), { first, after, filter }));
      totalCount = participants.totalCount;
      expect(participants.edges.length).toBeLessThanOrEqual(first);
      seen.push(...participants.edges.map((edge) => edge.node));
      if (!participants.pageInfo.hasNextPage) break;
      expect(participants.pageInfo.endCursor).toBe(participants.edges.at(-1)!.cursor);
      after = participants.pageInfo.endCursor;
    }
    return { seen, totalCount };
  };

  const busiest = () => [...data.coordinators].sort((a, b) => caseloadOf(b.id).length - caseloadOf(a.id).length)[0];

  it("pages through each coordinator's caseload exactly once, by cursor, and counts only it", async () => {
    for (const coordinator of data.coordinators) {
      const { seen, totalCount } = await walk(user(Agency.COORDINATION, coordinator.id), undefined, 3);
      const caseload = caseloadOf(coordinator.id);
      expect({ coordinator: coordinator.name, totalCount }).toEqual({ coordinator: coordinator.name, totalCount: caseload.length });
      expect(sortedIds(seen)).toEqual(sortedIds(caseload));
    }
  });

  it("lists for a CSD, an office and a provider only the people of their case teams; for oversight nobody", async () => {
    const person = data.participants.find((candidate) => candidate.stage === JourneyStage.ENROLLED)!;
    const centre = await walk(socialWorkerOf(person), undefined, 50);
    expect(sortedIds(centre.seen)).toEqual(sortedIds(data.participants.filter((candidate) => candidate.centreId === person.centreId)));
    const office = await walk(user(Agency.EMPLOYMENT, person.officeId), undefined, 50);
    expect(sortedIds(office.seen)).toEqual(sortedIds(data.participants.filter((candidate) => candidate.officeId === person.officeId)));
    const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id)!;
    const provider = providerStaffOfRun(data, enrolment.runId);
    const reached = new Set(
      [...data.referrals, ...data.enrolments]
        .filter((record) => providerStaffOfRun(data, record.runId).unit === provider.unit)
        .map((record) => record.participantId),
    );
    expect(sortedIds((await walk(provider, undefined, 50)).seen)).toEqual([...reached].sort());
    expect(await walk(analyst(), undefined, 50)).toEqual({ seen: [], totalCount: 0 });
  });

  it.each([
    ["stage", (person: DemoParticipant) => ({ stage: person.stage }), (person: DemoParticipant, value: any) => person.stage === value.stage], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["coordinator", (person: DemoParticipant) => ({ coordinatorId: person.coordinatorId }), (person: DemoParticipant, value: any) => person.coordinatorId === value.coordinatorId], // eslint-disable-line @typescript-eslint/no-explicit-any
    ["region", (person: DemoParticipant) => ({ region: person.region }), (person: DemoParticipant, value: any) => person.region === value.region], // eslint-disable-line @typescript-eslint/no-explicit-any
    [
      "name prefix",
      (person: DemoParticipant) => ({ search: person.lastName.slice(0, 2).toUpperCase() }),
      (person: DemoParticipant, value: any) => // eslint-disable-line @typescript-eslint/no-explicit-any
        [person.firstName, person.lastName].some((name) => name.toLowerCase().startsWith(value.search.toLowerCase())),
    ],
  ])("filters by %s, with totalCount counting the matches", async (_, filterFor, matches) => {
    const coordinator = busiest();
    const caseload = caseloadOf(coordinator.id);
    const sample = caseload.find((person) => person.coordinatorId === coordinator.id)!;
    const filter = filterFor(sample);
    const expected = caseload.filter((person) => matches(person, filter));
    expect(expected.length).toBeGreaterThan(0);
    const { seen, totalCount } = await walk(user(Agency.COORDINATION, coordinator.id), filter, 2);
    expect(totalCount).toBe(expected.length);
    expect(sortedIds(seen)).toEqual(sortedIds(expected));
  });

  it.each([
    [{ first: 0 }, "first"],
    [{ first: 101 }, "first"],
    [{ first: 5, after: "bm90IGEgY3Vyc29y" }, "after"],
    [{ first: 5, filter: { coordinatorId: "someone" } }, "filter.coordinatorId"],
  ])("refuses %j with BAD_USER_INPUT naming the field", async (variables, field) => {
    const answer = await hub.requestAs(user(Agency.COORDINATION, busiest().id), contractOperation("Caseload"), variables);
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

  it("lists the run's enrolments for its provider, with each consenting person's name and birth year from coordination", async () => {
    const run = data.runs.find((candidate) => {
      const people = data.enrolments.filter((enrolment) => enrolment.runId === candidate.id).map((e) => data.participants.find((p) => p.id === e.participantId)!);
      return people.length >= 3 && people.some(hasConsent) && people.some((person) => !hasConsent(person));
    }) ?? data.runs.find((candidate) => data.enrolments.filter((enrolment) => enrolment.runId === candidate.id).length >= 3)!;
    const answer = await hub.requestAs<Roster>(providerStaffOfRun(data, run.id), contractOperation("RunRoster"), { runId: run.id });
    const { programmeRun } = allowedData(answer);
    const enrolments = data.enrolments.filter((enrolment) => enrolment.runId === run.id);
    expect(sortedIds(programmeRun.enrolments)).toEqual(sortedIds(enrolments));
    const refused: string[] = [];
    programmeRun.enrolments.forEach((row, index) => {
      const enrolment = enrolments.find((candidate) => candidate.id === row.id)!;
      const person = data.participants.find((candidate) => candidate.id === enrolment.participantId)!;
      const days = data.attendance.filter((record) => record.enrolmentId === enrolment.id);
      // Without consent the provider keeps its own enrolment data but sees nothing of coordination's.
      const identity = hasConsent(person)
        ? { id: person.id, firstName: person.firstName, lastName: person.lastName, birthYear: Number(person.birthDate.slice(0, 4)) }
        : { id: person.id, firstName: null, lastName: null, birthYear: null };
      if (!hasConsent(person)) refused.push(...["firstName", "lastName", "birthYear"].map((field) => `programmeRun.enrolments.${index}.participant.${field}`));
      expect(row).toEqual({
        id: enrolment.id,
        status: enrolment.status,
        enrolledOn: enrolment.enrolledOn,
        attendanceRate: days.length ? days.filter((day) => day.present).length / days.length : null,
        participant: identity,
      });
    });
    expect(forbiddenPaths(answer).sort()).toEqual(refused.sort());
    expect(programmeRun).toMatchObject({ id: run.id, startDate: run.startDate, capacity: run.capacity, endDate: contractSchedule(run.startDate).endDate });
  });

  it("clamps the schedule of a run that starts on the 31st to the months' ends", async () => {
    const run = data.runs.find((candidate) => candidate.id === demoIds.runStartingOn31st)!;
    expect(run.startDate.endsWith("-31")).toBe(true);
    const { programmeRun } = allowedData(await hub.requestAs<Roster>(providerStaffOfRun(data, run.id), contractOperation("RunRoster"), { runId: run.id }));
    expect(programmeRun.schedule).toEqual(contractSchedule(run.startDate).schedule);
    const [preparation, implementation, followUp] = programmeRun.schedule;
    // By hand: a start on the 31st begins implementation on the next month's last day when that month
    // is shorter, and follow-up seven months on, counted from the start, not from the clamped day.
    const nextMonth = plusMonths(`${run.startDate.slice(0, 7)}-01`, 1);
    const daysOfNextMonth = Number(plusDays(plusMonths(nextMonth, 1), -1).slice(8, 10));
    expect(implementation.startsOn).toBe(`${nextMonth.slice(0, 7)}-${daysOfNextMonth}`);
    expect(preparation.endsOn).toBe(plusDays(implementation.startsOn, -1));
    const seventhMonth = plusMonths(`${run.startDate.slice(0, 7)}-01`, 7);
    expect(followUp.startsOn).toBe(`${seventhMonth.slice(0, 7)}-${plusDays(plusMonths(seventhMonth, 1), -1).slice(8, 10)}`);
    expect(followUp.endsOn).toBe(programmeRun.endDate);
  });

  it("gives the phase on any day, each boundary included", async () => {
    const run = data.runs[0];
    const [preparation, implementation, followUp] = contractSchedule(run.startDate).schedule;
    const cases: [string, ProgrammePhase][] = [
      [plusDays(preparation.startsOn, -1), ProgrammePhase.NOT_STARTED],
      [preparation.startsOn, ProgrammePhase.PREPARATION],
      [preparation.endsOn, ProgrammePhase.PREPARATION],
      [implementation.startsOn, ProgrammePhase.IMPLEMENTATION],
      [implementation.endsOn, ProgrammePhase.IMPLEMENTATION],
      [followUp.startsOn, ProgrammePhase.FOLLOW_UP],
      [followUp.endsOn, ProgrammePhase.FOLLOW_UP],
      [plusDays(followUp.endsOn, 1), ProgrammePhase.FINISHED],
    ];
    for (const [on, phase] of cases) {
      const { programmeRun } = allowedData(await hub.requestAs<Roster>(analyst(), contractOperation("RunRoster"), { runId: run.id, on }));
      expect({ on, phase: programmeRun.phase }).toEqual({ on, phase });
    }
    const { programmeRun } = allowedData(await hub.requestAs<Roster>(providerStaffOfRun(data, run.id), contractOperation("RunRoster"), { runId: run.id }));
    expect(programmeRun.phase).toBe(contractPhase(run.startDate, today));
  });

  it.each(["2026-02-30", "2100-01-01", "1899-12-31"])("refuses the day %s (impossible, or outside 1900–2099) with BAD_USER_INPUT", async (on) => {
    const answer = await hub.requestAs(analyst(), contractOperation("RunRoster"), { runId: data.runs[0].id, on });
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(answer.errors?.[0].message).toContain("$on");
  });
});

describe("OpenRuns", () => {
  type Open = { programmeRuns: { id: string; startDate: string; capacity: number; freePlaces: number; programme: { type: ProgrammeType; region: string } }[] };

  it("lists the runs not yet in follow-up, with free places, filtered by type, region and start", async () => {
    const { programmeRuns } = await ok<Open>(analyst(), "OpenRuns", {});
    const open = data.runs.filter((run) => [ProgrammePhase.NOT_STARTED, ProgrammePhase.PREPARATION, ProgrammePhase.IMPLEMENTATION].includes(contractPhase(run.startDate, today)));
    expect(sortedIds(programmeRuns)).toEqual(sortedIds(open));
    for (const row of programmeRuns) {
      const taken = data.enrolments.filter((enrolment) => enrolment.runId === row.id && enrolment.status !== EnrolmentStatus.LEFT_EARLY).length;
      expect({ id: row.id, freePlaces: row.freePlaces }).toEqual({ id: row.id, freePlaces: row.capacity - taken });
    }
    const empty = programmeRuns.find((run) => run.id === demoIds.emptyNotStartedRun)!;
    expect(empty.freePlaces).toBe(empty.capacity);

    const roma = await ok<Open>(analyst(), "OpenRuns", { type: "ROMA_WOMEN" });
    expect(roma.programmeRuns.length).toBeGreaterThan(0);
    expect(roma.programmeRuns.every((run) => run.programme.type === "ROMA_WOMEN")).toBe(true);

    const region = programmeRuns[0].programme.region;
    const inRegion = await ok<Open>(analyst(), "OpenRuns", { region, startsAfter: today });
    expect(sortedIds(inRegion.programmeRuns)).toEqual(
      sortedIds(programmeRuns.filter((run) => run.programme.region === region && run.startDate > today)),
    );
  });
});

describe("Slovenian alphabetical order (contract README, Text: C < Č < D, S < Š < T, Z < Ž)", () => {
  // The oracle is ICU's Slovenian collation in Node, independent of shared/collation.ts.
  const sl = new Intl.Collator("sl");
  const idOrder = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const byName = (a: DemoParticipant, b: DemoParticipant) => sl.compare(a.lastName, b.lastName) || sl.compare(a.firstName, b.firstName) || idOrder(a, b);
  const byRegionAndName = (a: { id: string; region: string; name: string }, b: { id: string; region: string; name: string }) =>
    sl.compare(a.region, b.region) || sl.compare(a.name, b.name) || idOrder(a, b);

  type Page = { participants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; lastName: string | null } }[] } };
  const walk = async (as: Caller, first: number) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { participants }: Page = allowedData(await hub.requestAs<Page>(as, contractOperation("Caseload"), { first, after }));
      ids.push(...participants.edges.map((edge) => edge.node.id));
      if (!participants.pageInfo.hasNextPage) return ids;
      after = participants.pageInfo.endCursor;
    }
  };

  it("lists a coordinator's caseload by surname and name, with Š and Ž in their places, walking by cursor three at a time, each once", async () => {
    const busiest = [...data.coordinators].sort((a, b) => caseloadOf(b.id).length - caseloadOf(a.id).length)[0];
    const withCaronSurnames = data.coordinators.filter((coordinator) => caseloadOf(coordinator.id).some((person) => /^[ČŠŽ]/.test(person.lastName)));
    const coordinators = [busiest, ...withCaronSurnames.filter((coordinator) => coordinator.id !== busiest.id)];
    const surnames = coordinators.flatMap((coordinator) => caseloadOf(coordinator.id).map((person) => person.lastName));
    expect(surnames.some((name) => name.startsWith("Š")) && surnames.some((name) => name.startsWith("Ž"))).toBe(true);
    for (const coordinator of coordinators) {
      const expected = [...caseloadOf(coordinator.id)].sort(byName);
      const ids = await walk(user(Agency.COORDINATION, coordinator.id), 3);
      const surnamesOf = (list: string[]) => list.map((id) => data.participants.find((person) => person.id === id)?.lastName);
      expect({ coordinator: coordinator.name, surnames: surnamesOf(ids), ids }).toEqual({
        coordinator: coordinator.name,
        surnames: expected.map((person) => person.lastName),
        ids: expected.map((person) => person.id),
      });
    }
  });

  it("lists an office's people whose names it may read in Slovenian order, walking by cursor, then the others by id alone", async () => {
    const peopleOf = (officeId: string) => data.participants.filter((person) => person.officeId === officeId);
    const readableOf = (officeId: string) => peopleOf(officeId).filter(hasConsent);
    // An office where Slovenian order and code-unit order of the readable names differ, so that the test tells them apart.
    const codeUnitOrder = (a: DemoParticipant, b: DemoParticipant) => (a.lastName + " " + a.firstName < b.lastName + " " + b.firstName ? -1 : 1);
    const telling = data.employmentOffices.filter((office) => {
      const readable = readableOf(office.id);
      return [...readable].sort(byName).some((person, i) => person.id !== [...readable].sort(codeUnitOrder)[i].id);
    });
    const office = telling.sort((a, b) => peopleOf(b.id).length - peopleOf(a.id).length)[0];
    expect(office).toBeDefined();
    const readable = readableOf(office.id).sort(byName);
    const hidden = peopleOf(office.id).filter((person) => !hasConsent(person)).sort(idOrder);
    expect(hidden.length).toBeGreaterThan(0);
    expect(await walk(user(Agency.EMPLOYMENT, office.id), 3)).toEqual([...readable, ...hidden].map((person) => person.id));
  });

  it("lists the directory's offices, centres, coordinators and providers by region and name, and each provider's programmes by name", async () => {
    type Entry = { id: string; name: string };
    const answer = await ok<{ employmentOffices: Entry[]; socialWorkCentres: Entry[]; coordinators: Entry[]; providers: (Entry & { programmes: Entry[] })[] }>(analyst(), "Directory");
    const names = (rows: Entry[]) => rows.map((row) => row.name);
    const expected = {
      employmentOffices: names([...data.employmentOffices].sort(byRegionAndName)),
      socialWorkCentres: names([...data.socialWorkCentres].sort(byRegionAndName)),
      coordinators: names([...data.coordinators].sort(byRegionAndName)),
      providers: names([...data.providers].sort(byRegionAndName)),
    };
    expect({
      employmentOffices: names(answer.employmentOffices),
      socialWorkCentres: names(answer.socialWorkCentres),
      coordinators: names(answer.coordinators),
      providers: names(answer.providers),
    }).toEqual(expected);
    const crnomelj = expected.employmentOffices.indexOf("Urad za delo Črnomelj");
    expect(crnomelj).toBeGreaterThanOrEqual(0);
    expect(crnomelj).toBeLessThan(expected.employmentOffices.indexOf("Urad za delo Novo mesto"));
    for (const provider of answer.providers) {
      const programmes = data.programmes.filter((programme) => programme.providerId === provider.id).sort((a, b) => sl.compare(a.name, b.name) || idOrder(a, b));
      expect({ provider: provider.name, programmes: names(provider.programmes) }).toEqual({ provider: provider.name, programmes: names(programmes) });
    }
  });
});
