import { todayInLjubljana } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import type { DemoData, DemoParticipant } from "../shared/demo-data.types";
import { Gender, JourneyStage, ProgrammePhase, ProgrammeType } from "../shared/enums";
import type { Caller } from "../shared/context";
import { Agency } from "../shared/enums";
import { contractOperation } from "./support/contract";
import { contractEligibility, contractEligibleFor, contractEmso, contractPhase, contractSchedule, plusDays, plusMonths } from "./support/contract-oracle";
import { allowedData, startTestHub, type TestHub } from "./support/hub";
import { coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf, user } from "./support/users";
import { expectRefused, rowCounts } from "./support/writes";

/**
 * The write operations of the contract through the gateway: one person's whole journey, every
 * refusal (with nothing stored), and enrolments racing for the last places of a run. Expected
 * eligibility and schedules come from the contract's rules written again in
 * test/support/contract-oracle.ts, not from the hub's own code.
 */
let hub: TestHub;
let data: DemoData;
const today = todayInLjubljana();

beforeAll(async () => {
  hub = await startTestHub();
  data = demoData(today);
});
afterAll(() => hub?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

async function send(as: Caller, name: string, variables: Record<string, unknown>): Promise<Any> {
  const answer = await hub.requestAs<Any>(as, contractOperation(name), variables);
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

/** The participant as this user sees it; fields they may not see are null. */
const view = async (as: Caller, id: string) => allowedData(await hub.requestAs<Any>(as, contractOperation("ParticipantView"), { id })).participant;

const REGION = "Pomurska";
const coordinatorOfRegion = (region: string) => user(Agency.COORDINATION, data.coordinators.find((coordinator) => coordinator.region === region)!.id);
/** The coordinator whose caseload holds the person: the assigned one, or one of the region while unassigned. */
const caseloadCoordinator = (person: DemoParticipant) => (person.coordinatorId ? coordinatorOf(person) : coordinatorOfRegion(person.region));
const providerOfProgramme = (programmeId: string) => user(Agency.PROVIDER, data.programmes.find((programme) => programme.id === programmeId)!.providerId);
const providerOfRun = (runId: string) => providerStaffOfRun(data, runId);
const refuse = (as: Caller, name: string, variables: Record<string, unknown>, expected: { code: string; field?: string }) =>
  expectRefused(hub, as, name, variables, expected);

const centreOf = (region: string) => data.socialWorkCentres.find((centre) => centre.region === region)!;
const officeOf = (region: string) => data.employmentOffices.find((office) => office.region === region)!;
const programmeOf = (type: ProgrammeType) => data.programmes.find((programme) => programme.type === type)!;
const assessmentOf = (person: DemoParticipant) => contractEligibility(data, person, today);
const isEnrolled = (person: DemoParticipant) => data.enrolments.some((enrolment) => enrolment.participantId === person.id && enrolment.status === "ENROLLED");
const runIn = (phase: ProgrammePhase, type?: ProgrammeType) =>
  data.runs.find(
    (run) => contractPhase(run.startDate, today) === phase && (!type || data.programmes.find((programme) => programme.id === run.programmeId)!.type === type),
  )!;

let serial = 100;
const candidateInput = (overrides: Record<string, unknown> = {}) => {
  const region = REGION;
  serial += 7;
  return {
    firstName: "Mojca",
    lastName: "Horvat",
    emso: contractEmso("1985-04-12", Gender.FEMALE, serial),
    gender: "FEMALE",
    residenceStatus: "CITIZEN",
    centreId: centreOf(region).id,
    officeId: officeOf(region).id,
    languageBarrier: false,
    romaCommunity: true,
    ...overrides,
  };
};

async function scheduleRun(type: ProgrammeType, capacity: number, startDate = today): Promise<string> {
  const programme = programmeOf(type);
  const { scheduleProgrammeRun } = await send(providerOfProgramme(programme.id), "ScheduleRun", { input: { programmeId: programme.id, startDate, capacity } });
  return scheduleProgrammeRun.id;
}

describe("one person's journey, from candidate to exit, acting as each agency in turn", () => {
  it("moves the participant view along with every step", async () => {
    const region = REGION;
    const coordinator = coordinatorOfRegion(region);
    const officer = user(Agency.EMPLOYMENT, officeOf(region).id);
    const socialWorker = user(Agency.CSD, centreOf(region).id);
    // Coordinator: registers the candidate, who joins their caseload; the birth date comes from the EMŠO.
    const input = candidateInput();
    const { registerCandidate } = await send(coordinator, "RegisterCandidate", { input });
    expect(registerCandidate).toEqual({ id: expect.any(String), stage: "CANDIDATE", birthDate: "1985-04-12" });
    const id = registerCandidate.id;
    expect(await view(coordinator, id)).toMatchObject({
      coordinator: { id: coordinator.unit },
      firstName: "Mojca",
      emso: input.emso,
      gender: "FEMALE",
      birthYear: 1985,
      stage: "CANDIDATE",
      consent: { granted: false, grantedAt: null },
      // Before consent the coordinator sees identity and journey only.
      jobseeker: null,
      receivesSocialAssistance: null,
      eligibility: null,
      referrals: [],
      enrolments: [],
    });

    // Coordinator: records consent.
    const { recordConsent } = await send(coordinator, "RecordConsent", { participantId: id, granted: true });
    expect(recordConsent).toMatchObject({ granted: true, grantedAt: expect.any(String), withdrawnAt: null });

    // Urad za delo: registers the person as unemployed — eligibility follows at once.
    const office = officeOf(region);
    const { registerJobseeker } = await send(officer, "RegisterJobseeker", {
      input: { participantId: id, officeId: office.id, status: "UNEMPLOYED", registeredOn: plusDays(today, -30) },
    });
    expect(registerJobseeker).toEqual({ status: "UNEMPLOYED", registeredOn: plusDays(today, -30), office: { id: office.id } });
    expect(await view(coordinator, id)).toMatchObject({
      registeredUnemployed: true,
      jobseeker: { status: "UNEMPLOYED", office: { id: office.id, name: office.name } },
      eligibility: { eligible: true, grounds: ["REGISTERED_UNEMPLOYED"], programmeTypes: ["GENERAL", "ROMA_WOMEN"] },
    });

    // CSD: a DSP decision valid today, and the social-case assessment.
    const centre = centreOf(region);
    const decision = { number: `1224-${serial}/2026`, validFrom: plusDays(today, -10), validTo: plusDays(today, 170), monthlyAmount: 421.89 };
    const { recordAssistanceDecision } = await send(socialWorker, "RecordAssistanceDecision", { input: { participantId: id, centreId: centre.id, ...decision } });
    expect(recordAssistanceDecision).toEqual(decision);
    const { assessSocialCase } = await send(socialWorker, "AssessSocialCase", {
      input: { participantId: id, centreId: centre.id, caseWorker: "Darja Mlinar", complexSocialProblems: true, note: "Prezadolženost." },
    });
    expect(assessSocialCase).toEqual({ caseWorker: "Darja Mlinar", complexSocialProblemsNote: "Prezadolženost." });
    expect(await view(socialWorker, id)).toMatchObject({
      receivesSocialAssistance: true,
      hasComplexSocialProblems: true,
      socialAssistance: { decisions: [decision] },
      socialCase: { centre: { id: centre.id }, caseWorker: "Darja Mlinar" },
      // Complex problems do not add the inactive-person ground while the person is registered unemployed.
      eligibility: { eligible: true, grounds: ["FINANCIAL_SOCIAL_ASSISTANCE", "REGISTERED_UNEMPLOYED"] },
    });

    // Provider: schedules a run of a Roma women's programme starting today.
    const romaProgramme = programmeOf(ProgrammeType.ROMA_WOMEN);
    const provider = providerOfProgramme(romaProgramme.id);
    const { scheduleProgrammeRun } = await send(provider, "ScheduleRun", {
      input: { programmeId: romaProgramme.id, startDate: today, capacity: 8 },
    });
    expect(scheduleProgrammeRun.schedule).toEqual(contractSchedule(today).schedule);
    const runId = scheduleProgrammeRun.id;

    // Coordinator: refers her; the stage follows.
    const { referToProgramme } = await send(coordinator, "ReferToProgramme", { participantId: id, runId });
    expect(referToProgramme).toEqual({ id: expect.any(String), status: "PENDING", run: { id: runId } });
    expect(await view(coordinator, id)).toMatchObject({ stage: "REFERRED", referrals: [{ id: referToProgramme.id, status: "PENDING", run: { id: runId } }] });

    // Provider: enrols her today.
    const { enrolParticipant } = await send(provider, "Enrol", { runId, participantId: id, enrolledOn: today });
    expect(enrolParticipant).toEqual({ id: expect.any(String), status: "ENROLLED" });
    const enrolled = await view(coordinator, id);
    expect(enrolled).toMatchObject({
      stage: "ENROLLED",
      referrals: [{ status: "ENROLLED" }],
      enrolments: [{ id: enrolParticipant.id, status: "ENROLLED", enrolledOn: today, exitedOn: null, attendanceRate: null, run: { id: runId, phase: "PREPARATION", programme: { type: "ROMA_WOMEN" } } }],
    });

    // Provider: attendance; a repeat for the same day replaces the first record.
    const attendance = { enrolmentId: enrolParticipant.id, on: today };
    expect((await send(provider, "RecordAttendance", { ...attendance, present: true })).recordAttendance).toEqual({ id: enrolParticipant.id, attendanceRate: 1 });
    const before = await rowCounts(hub);
    expect((await send(provider, "RecordAttendance", { ...attendance, present: false })).recordAttendance).toEqual({ id: enrolParticipant.id, attendanceRate: 0 });
    expect(await rowCounts(hub)).toEqual(before);

    // Coordinator: the opening team meeting, readable from the run and from the participant.
    const { recordTeamMeeting } = await send(coordinator, "RecordTeamMeeting", {
      input: { kind: "OPENING", runId, heldOn: today, agencies: ["CSD", "EMPLOYMENT", "COORDINATION", "PROVIDER"], participantIds: [id], agreements: "Cilji: jezik, zaposlitev." },
    });
    expect(recordTeamMeeting).toEqual({ id: expect.any(String), kind: "OPENING", heldOn: today, agencies: ["CSD", "EMPLOYMENT", "COORDINATION", "PROVIDER"] });
    const meetings = await hub.requestAs<Any>(
      coordinator,
      `query Meetings($id: ID!, $runId: ID!) {
        participant(id: $id) { teamMeetings { id kind agreements participants { id } } }
        programmeRun(id: $runId) { teamMeetings { id kind } }
      }`,
      { id, runId },
    );
    expect(meetings.errors).toBeUndefined();
    expect(meetings.data.participant.teamMeetings).toEqual([{ id: recordTeamMeeting.id, kind: "OPENING", agreements: "Cilji: jezik, zaposlitev.", participants: [{ id }] }]);
    expect(meetings.data.programmeRun.teamMeetings).toEqual([{ id: recordTeamMeeting.id, kind: "OPENING" }]);

    // Provider: the exit; she leaves during preparation, so it is an early exit, and the stage follows.
    const { recordExit } = await send(provider, "RecordExit", { enrolmentId: enrolParticipant.id, exitedOn: today, outcome: "EMPLOYMENT" });
    expect(recordExit).toEqual({ id: enrolParticipant.id, status: "LEFT_EARLY", exitedOn: today, exitOutcome: "EMPLOYMENT" });
    expect(await view(coordinator, id)).toMatchObject({
      stage: "FOLLOW_UP",
      enrolments: [{ id: enrolParticipant.id, status: "LEFT_EARLY", exitedOn: today, exitOutcome: "EMPLOYMENT", attendanceRate: 0 }],
    });
  });
});

describe("a run's schedule, by hand from the contract's example", () => {
  it("schedules a run from the next 31 January: implementation from 28 or 29 February, follow-up from 31 August, end 29 September", async () => {
    const year = Number(today.slice(0, 4)) + 1;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const programme = programmeOf(ProgrammeType.GENERAL);
    const { scheduleProgrammeRun } = await send(providerOfProgramme(programme.id), "ScheduleRun", { input: { programmeId: programme.id, startDate: `${year}-01-31`, capacity: 5 } });
    expect(scheduleProgrammeRun).toEqual({
      id: expect.any(String),
      startDate: `${year}-01-31`,
      endDate: `${year}-09-29`,
      schedule: [
        { phase: "PREPARATION", startsOn: `${year}-01-31`, endsOn: `${year}-02-${leap ? 28 : 27}` },
        { phase: "IMPLEMENTATION", startsOn: `${year}-02-${leap ? 29 : 28}`, endsOn: `${year}-08-30` },
        { phase: "FOLLOW_UP", startsOn: `${year}-08-31`, endsOn: `${year}-09-29` },
      ],
    });
  });
});

describe("EMŠO", () => {
  it.each([
    ["a man born in 2001", "2001-09-30", Gender.MALE],
    ["a woman born in 1968", "1968-02-29", Gender.FEMALE],
  ])("gives the birth date and checks the gender of %s", async (_, birthDate, gender) => {
    const emso = contractEmso(birthDate, gender, 321);
    const coordinator = coordinatorOfRegion(REGION);
    const { registerCandidate } = await send(coordinator, "RegisterCandidate", { input: candidateInput({ emso, gender, romaCommunity: false }) });
    expect(registerCandidate.birthDate).toBe(birthDate);
    expect((await view(coordinator, registerCandidate.id)).gender).toBe(gender);
  });

  const valid = contractEmso("1985-04-12", Gender.FEMALE, 600);
  const withCheck = (first12: string, check: number) => `${first12}${check}`;
  const checkValue = (first12: string) => {
    const weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const m = [...first12].reduce((sum, digit, index) => sum + Number(digit) * weights[index], 0) % 11;
    return m === 0 ? 0 : 11 - m;
  };
  const checkTen = (() => {
    for (let serial = 500; serial < 1000; serial += 1) {
      const first12 = `120498550${serial}`.slice(0, 12);
      if (checkValue(first12) === 10) return `${first12}0`;
    }
    throw new Error("no EMŠO with check value 10 on that day");
  })();

  it.each([
    ["a wrong check digit", withCheck(valid.slice(0, 12), (Number(valid[12]) + 1) % 10)],
    ["an impossible date (31 February)", (() => { const first12 = "310298550012"; return withCheck(first12, checkValue(first12) % 10); })()],
    ["check value 10", checkTen],
    ["12 digits", valid.slice(0, 12)],
    ["14 digits", `${valid}1`],
    ["letters", `${valid.slice(0, 6)}AB${valid.slice(8)}`],
  ])("refuses %s with INVALID_EMSO and stores nothing", async (_, emso) => {
    await refuse(coordinatorOfRegion(REGION), "RegisterCandidate", { input: candidateInput({ emso }) }, { code: "INVALID_EMSO", field: "input.emso" });
  });

  it("refuses a gender that contradicts the EMŠO, and an EMŠO registered before", async () => {
    await refuse(coordinatorOfRegion(REGION), "RegisterCandidate", { input: candidateInput({ emso: contractEmso("1990-01-01", Gender.MALE, 9), gender: "FEMALE" }) }, { code: "BAD_USER_INPUT", field: "input.gender" });
    await refuse(coordinatorOfRegion(REGION), "RegisterCandidate", { input: candidateInput({ emso: data.participants[0].emso, gender: data.participants[0].gender }) }, { code: "ALREADY_REGISTERED", field: "input.emso" });
  });
});

describe("refusals: each with its code, and nothing stored", () => {
  const eligibleFor = (type: ProgrammeType, exclude: string[] = []) =>
    data.participants.find((person) => contractEligibleFor(assessmentOf(person), type) && !isEnrolled(person) && !exclude.includes(person.id))!;
  const refer = (person: DemoParticipant, runId: string) => send(caseloadCoordinator(person), "ReferToProgramme", { participantId: person.id, runId });

  it("NOT_ELIGIBLE: no ground today, or outside the programme's target group", async () => {
    const openGeneral = runIn(ProgrammePhase.NOT_STARTED, ProgrammeType.GENERAL);
    const noGround = data.participants.find((person) => assessmentOf(person).grounds.length === 0 && hasConsent(person))!;
    await refuse(caseloadCoordinator(noGround), "ReferToProgramme", { participantId: noGround.id, runId: openGeneral.id }, { code: "NOT_ELIGIBLE" });
    const man = data.participants.find((person) => person.gender === "MALE" && assessmentOf(person).eligible && hasConsent(person))!;
    const romaRun = runIn(ProgrammePhase.IMPLEMENTATION, ProgrammeType.ROMA_WOMEN) ?? runIn(ProgrammePhase.NOT_STARTED, ProgrammeType.ROMA_WOMEN);
    await refuse(caseloadCoordinator(man), "ReferToProgramme", { participantId: man.id, runId: romaRun.id }, { code: "NOT_ELIGIBLE" });
  });

  it("RUN_CLOSED: a referral to a run in follow-up, and an enrolment on a day the run is closed", async () => {
    const person = eligibleFor(ProgrammeType.GENERAL);
    const followUp = runIn(ProgrammePhase.FOLLOW_UP, ProgrammeType.GENERAL) ?? runIn(ProgrammePhase.FOLLOW_UP);
    await refuse(caseloadCoordinator(person), "ReferToProgramme", { participantId: person.id, runId: followUp.id }, { code: "RUN_CLOSED" });

    const finished = runIn(ProgrammePhase.FINISHED, ProgrammeType.GENERAL);
    const providers = hub.subgraphs.find((subgraph) => subgraph.name === "providers")!.database.dataSource;
    // Fixture: a pending referral to a finished run (the API refuses to create one, as asserted above).
    await providers.query(`INSERT INTO referrals (id, participant_id, run_id, status, created_at) VALUES (gen_random_uuid(), $1, $2, 'PENDING', now())`, [person.id, finished.id]);
    await refuse(providerOfRun(finished.id), "Enrol", { runId: finished.id, participantId: person.id, enrolledOn: today }, { code: "RUN_CLOSED", field: "enrolledOn" });
  });

  it("NO_REFERRAL: an enrolment without a pending referral to that run, of a person the provider knows from another run", async () => {
    const provider = user(Agency.PROVIDER, programmeOf(ProgrammeType.GENERAL).providerId);
    const known = [...data.referrals, ...data.enrolments].find((record) => providerOfRun(record.runId).unit === provider.unit)!;
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    await refuse(provider, "Enrol", { runId, participantId: known.participantId, enrolledOn: today }, { code: "NO_REFERRAL" });
  });

  it("RUN_FULL: an enrolment when every place is taken", async () => {
    const first = eligibleFor(ProgrammeType.GENERAL);
    const second = eligibleFor(ProgrammeType.GENERAL, [first.id]);
    const runId = await scheduleRun(ProgrammeType.GENERAL, 1);
    const provider = user(Agency.PROVIDER, programmeOf(ProgrammeType.GENERAL).providerId);
    for (const person of [first, second]) await refer(person, runId);
    await send(provider, "Enrol", { runId, participantId: first.id, enrolledOn: today });
    await refuse(provider, "Enrol", { runId, participantId: second.id, enrolledOn: today }, { code: "RUN_FULL" });
  });

  it("ALREADY_ENROLLED: an enrolment while enrolled in a run that has not ended", async () => {
    const person = data.participants.find((candidate) => isEnrolled(candidate) && hasConsent(candidate) && contractEligibleFor(assessmentOf(candidate), ProgrammeType.GENERAL))!;
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    await refer(person, runId);
    expect((await view(caseloadCoordinator(person), person.id)).stage).toBe(JourneyStage.ENROLLED);
    await refuse(user(Agency.PROVIDER, programmeOf(ProgrammeType.GENERAL).providerId), "Enrol", { runId, participantId: person.id, enrolledOn: today }, { code: "ALREADY_ENROLLED" });
  });

  it("ALREADY_EXITED: a second exit", async () => {
    const exited = data.enrolments.find((enrolment) => enrolment.exitedOn !== null)!;
    await refuse(providerOfRun(exited.runId), "RecordExit", { enrolmentId: exited.id, exitedOn: today, outcome: "EDUCATION" }, { code: "ALREADY_EXITED" });
  });

  it("NOT_FOUND: unknown run, programme, centre; an unknown participant or enrolment is FORBIDDEN like an outsider's", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    const person = data.participants[0];
    const provider = user(Agency.PROVIDER, data.providers[0].id);
    const coordinator = coordinatorOfRegion(REGION);
    await refuse(provider, "Enrol", { runId: nobody, participantId: person.id, enrolledOn: today }, { code: "NOT_FOUND", field: "runId" });
    await refuse(provider, "RecordAttendance", { enrolmentId: nobody, on: today, present: true }, { code: "FORBIDDEN" });
    await refuse(provider, "ScheduleRun", { input: { programmeId: nobody, startDate: today, capacity: 5 } }, { code: "NOT_FOUND", field: "input.programmeId" });
    await refuse(coordinator, "RegisterCandidate", { input: candidateInput({ centreId: nobody }) }, { code: "NOT_FOUND", field: "input.centreId" });
    const office = data.employmentOffices[0];
    // A person outside the caller's case teams and one that does not exist are refused alike.
    await refuse(user(Agency.EMPLOYMENT, office.id), "RegisterJobseeker", { input: { participantId: nobody, officeId: office.id, status: "UNEMPLOYED", registeredOn: today } }, { code: "FORBIDDEN" });
    await refuse(coordinator, "RecordConsent", { participantId: nobody, granted: true }, { code: "FORBIDDEN" });
    // A referral names a person through the coordinator's caseload: an unknown id is simply not theirs.
    await refuse(coordinator, "ReferToProgramme", { participantId: nobody, runId: data.runs[0].id }, { code: "FORBIDDEN" });
  });

  const person = () => data.participants.find((candidate) => candidate.coordinatorId !== null && hasConsent(candidate))!;
  const activeEnrolment = () => data.enrolments.find((enrolment) => enrolment.status === "ENROLLED")!;
  it.each([
    ["a candidate without a first name", () => coordinatorOfRegion(REGION), "RegisterCandidate", () => ({ input: candidateInput({ firstName: "  " }) }), "input.firstName"],
    ["a DSP decision ending before it starts", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => ({ input: { participantId: person().id, centreId: person().centreId, number: "X-1", validFrom: today, validTo: plusDays(today, -1), monthlyAmount: 100 } }), "input.validTo"],
    ["a negative DSP amount", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => ({ input: { participantId: person().id, centreId: person().centreId, number: "X-2", validFrom: today, validTo: today, monthlyAmount: -5 } }), "input.monthlyAmount"],
    ["a DSP amount in fractions of a cent", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => ({ input: { participantId: person().id, centreId: person().centreId, number: "X-3", validFrom: today, validTo: today, monthlyAmount: 100.001 } }), "input.monthlyAmount"],
    ["a run without places", () => providerOfProgramme(data.programmes[0].id), "ScheduleRun", () => ({ input: { programmeId: data.programmes[0].id, startDate: today, capacity: 0 } }), "input.capacity"],
    ["a run starting in the past", () => providerOfProgramme(data.programmes[0].id), "ScheduleRun", () => ({ input: { programmeId: data.programmes[0].id, startDate: plusDays(today, -1), capacity: 5 } }), "input.startDate"],
    ["a jobseeker registered in the future", () => officerOf(person()), "RegisterJobseeker", () => ({ input: { participantId: person().id, officeId: person().officeId, status: "UNEMPLOYED", registeredOn: plusDays(today, 1) } }), "input.registeredOn"],
    ["attendance before the enrolment", () => providerOfRun(activeEnrolment().runId), "RecordAttendance", () => ({ enrolmentId: activeEnrolment().id, on: plusDays(activeEnrolment().enrolledOn, -1), present: true }), "on"],
    ["an exit before the enrolment", () => providerOfRun(activeEnrolment().runId), "RecordExit", () => ({ enrolmentId: activeEnrolment().id, exitedOn: plusDays(activeEnrolment().enrolledOn, -1), outcome: "NO_EXIT" }), "exitedOn"],
    ["a recruitment meeting during the run", () => coordinatorOfRegion(REGION), "RecordTeamMeeting", () => ({ input: { kind: "RECRUITMENT", runId: runIn(ProgrammePhase.IMPLEMENTATION).id, heldOn: today, agencies: ["CSD"], participantIds: [], agreements: "" } }), "input.heldOn"],
    ["a meeting with nobody present", () => coordinatorOfRegion(REGION), "RecordTeamMeeting", () => ({ input: { kind: "INTERIM", runId: runIn(ProgrammePhase.IMPLEMENTATION).id, heldOn: today, agencies: [], participantIds: [], agreements: "" } }), "input.agencies"],
    ["an enrolment id that is not an id", () => user(Agency.PROVIDER, data.providers[0].id), "RecordExit", () => ({ enrolmentId: "42", exitedOn: today, outcome: "NO_EXIT" }), "enrolmentId"],
  ])("BAD_USER_INPUT: %s", async (_, as, operation, variables, field) => {
    await refuse(as(), operation, variables(), { code: "BAD_USER_INPUT", field });
  });

  // Issue 13, input 4: every day the hub accepts has a plausible bound (shared/plausibility.ts); a day
  // outside it is refused naming the field and the bound, and nothing is stored.
  const pendingReferral = () => data.referrals.find((referral) => referral.status === "PENDING")!;
  const decisionInput = (number: string, validFrom: string, validTo: string) => ({
    input: { participantId: person().id, centreId: person().centreId, number, validFrom, validTo, monthlyAmount: 100 },
  });
  const runInput = (startDate: string) => ({ input: { programmeId: data.programmes[0].id, startDate, capacity: 5 } });
  const firstOfMonthAfterNext = () => `${plusMonths(`${today.slice(0, 7)}-01`, 2).slice(0, 7)}-01`;
  const meeting = (heldOn: string) => ({ input: { kind: "INTERIM", runId: runIn(ProgrammePhase.IMPLEMENTATION).id, heldOn, agencies: ["CSD"], participantIds: [], agreements: "" } });
  it.each([
    ["a run starting a day beyond 2 years ahead", () => providerOfProgramme(data.programmes[0].id), "ScheduleRun", () => runInput(plusDays(plusMonths(today, 24), 1)), "input.startDate", "at most 2 years ahead"],
    ["a candidate whose EMŠO gives a birth in 2700", () => coordinatorOfRegion(REGION), "RegisterCandidate", () => ({ input: candidateInput({ emso: contractEmso("2700-01-01", Gender.FEMALE, 11) }) }), "input.emso", "2700-01-01 is after"],
    ["a candidate whose EMŠO gives a birth tomorrow", () => coordinatorOfRegion(REGION), "RegisterCandidate", () => ({ input: candidateInput({ emso: contractEmso(plusDays(today, 1), Gender.FEMALE, 12) }) }), "input.emso", "not in the future"],
    ["a candidate whose EMŠO gives a birth more than 120 years ago", () => coordinatorOfRegion(REGION), "RegisterCandidate", () => ({ input: candidateInput({ emso: contractEmso(plusDays(plusMonths(today, -120 * 12), -1), Gender.FEMALE, 13) }) }), "input.emso", "not more than 120 years ago"],
    ["a DSP decision starting before 1991", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => decisionInput("X-4", "1990-12-31", "1991-01-31"), "input.validFrom", "not before 1991-01-01"],
    ["a DSP decision starting after the first of next month", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => decisionInput("X-5", firstOfMonthAfterNext(), firstOfMonthAfterNext()), "input.validFrom", "not after the first day of next month"],
    ["a DSP decision longer than 12 months", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => decisionInput("X-6", plusDays(today, -10), plusMonths(plusDays(today, -10), 12)), "input.validTo", "at most 12 months after it"],
    ["a jobseeker registered in 1900", () => officerOf(person()), "RegisterJobseeker", () => ({ input: { participantId: person().id, officeId: person().officeId, status: "UNEMPLOYED", registeredOn: "1900-06-01" } }), "input.registeredOn", "not before 1991-01-01"],
    ["an enrolment before 2017", () => providerOfRun(pendingReferral().runId), "Enrol", () => ({ runId: pendingReferral().runId, participantId: pendingReferral().participantId, enrolledOn: "2016-12-31" }), "enrolledOn", "not before 2017-01-01"],
    ["an enrolment tomorrow", () => providerOfRun(pendingReferral().runId), "Enrol", () => ({ runId: pendingReferral().runId, participantId: pendingReferral().participantId, enrolledOn: plusDays(today, 1) }), "enrolledOn", "not in the future"],
    ["attendance before 2017", () => providerOfRun(activeEnrolment().runId), "RecordAttendance", () => ({ enrolmentId: activeEnrolment().id, on: "2016-12-31", present: true }), "on", "not before 2017-01-01"],
    ["attendance tomorrow", () => providerOfRun(activeEnrolment().runId), "RecordAttendance", () => ({ enrolmentId: activeEnrolment().id, on: plusDays(today, 1), present: true }), "on", "not in the future"],
    ["an exit tomorrow", () => providerOfRun(activeEnrolment().runId), "RecordExit", () => ({ enrolmentId: activeEnrolment().id, exitedOn: plusDays(today, 1), outcome: "NO_EXIT" }), "exitedOn", "not in the future"],
    ["a team meeting held tomorrow", () => coordinatorOfRegion(REGION), "RecordTeamMeeting", () => meeting(plusDays(today, 1)), "input.heldOn", "not in the future"],
    ["a team meeting held before 2017", () => coordinatorOfRegion(REGION), "RecordTeamMeeting", () => meeting("2016-12-31"), "input.heldOn", "not before 2017-01-01"],
  ])("BAD_USER_INPUT: %s", async (_, as, operation, variables, field, bound) => {
    const answer = await refuse(as(), operation, variables(), { code: "BAD_USER_INPUT", field });
    expect(answer.errors![0].message).toContain(bound);
  });

  // Outside 1900-01-01…2099-12-31 the Date scalar itself refuses, before any resolver: no sum on the
  // day can overflow (a run from 9999-05-01 used to end past year 9999: INTERNAL_SERVER_ERROR).
  it.each([
    ["a run starting on 9999-05-01", () => providerOfProgramme(data.programmes[0].id), "ScheduleRun", () => runInput("9999-05-01"), "input.startDate"],
    ["a run starting in 2999", () => providerOfProgramme(data.programmes[0].id), "ScheduleRun", () => runInput("2999-05-01"), "input.startDate"],
    ["a DSP decision valid 0001-01-01 to 9999-12-31", () => socialWorkerOf(person()), "RecordAssistanceDecision", () => decisionInput("X-7", "0001-01-01", "9999-12-31"), "input.validFrom"],
    ["a jobseeker registered in 1899", () => officerOf(person()), "RegisterJobseeker", () => ({ input: { participantId: person().id, officeId: person().officeId, status: "UNEMPLOYED", registeredOn: "1899-12-31" } }), "input.registeredOn"],
    ["an attendance in 2100", () => providerOfRun(activeEnrolment().runId), "RecordAttendance", () => ({ enrolmentId: activeEnrolment().id, on: "2100-01-01", present: true }), "on"],
  ])("BAD_USER_INPUT from the Date scalar: %s", async (_, as, operation, variables, field) => {
    const answer = await refuse(as(), operation, variables(), { code: "BAD_USER_INPUT" });
    const [variable, ...path] = field.split(".");
    expect(answer.errors![0].message).toContain(`"$${variable}"`);
    if (path.length) expect(answer.errors![0].message).toContain(`"${field}"`);
    expect(answer.errors![0].message).toContain("from 1900-01-01 to 2099-12-31");
  });

  it("accepts the bounds' last days: a run 2 years ahead, a DSP decision of exactly 12 months from the first of next month", async () => {
    const programme = data.programmes[0];
    const startDate = plusMonths(today, 24);
    const { scheduleProgrammeRun } = await send(providerOfProgramme(programme.id), "ScheduleRun", runInput(startDate));
    expect(scheduleProgrammeRun.startDate).toBe(startDate);
    const validFrom = `${plusMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7)}-01`;
    const validTo = plusDays(plusMonths(validFrom, 12), -1);
    const { recordAssistanceDecision } = await send(socialWorkerOf(person()), "RecordAssistanceDecision", decisionInput("X-8", validFrom, validTo));
    expect(recordAssistanceDecision).toMatchObject({ validFrom, validTo });
  });

  it("BAD_USER_INPUT for a value the schema cannot accept, naming the variable", async () => {
    const answer = await refuse(providerOfRun(data.runs[0].id), "Enrol", { runId: data.runs[0].id, participantId: data.participants[0].id, enrolledOn: "2026-13-01" }, { code: "BAD_USER_INPUT" });
    expect(answer.errors![0].message).toContain("$enrolledOn");
  });
});

describe("concurrency", () => {
  it("20 simultaneous enrolments into a run with 5 free places give exactly 5 ENROLLED and 15 RUN_FULL", async () => {
    const people = data.participants.filter((person) => contractEligibleFor(assessmentOf(person), ProgrammeType.GENERAL) && hasConsent(person) && !isEnrolled(person)).slice(-20);
    expect(people).toHaveLength(20);
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    const provider = user(Agency.PROVIDER, programmeOf(ProgrammeType.GENERAL).providerId);
    for (const person of people) await send(caseloadCoordinator(person), "ReferToProgramme", { participantId: person.id, runId });

    const answers = await Promise.all(people.map((person) => hub.requestAs<Any>(provider, contractOperation("Enrol"), { runId, participantId: person.id, enrolledOn: today })));
    const outcomes = answers.map((answer) => answer.data?.enrolParticipant?.status ?? answer.errors?.[0]?.extensions?.code);
    expect(outcomes.filter((outcome) => outcome === "ENROLLED")).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === "RUN_FULL")).toHaveLength(15);

    const roster = await send(provider, "RunRoster", { runId });
    expect(roster.programmeRun.enrolments).toHaveLength(5);
    const stages = await Promise.all(people.map(async (person) => (await view(caseloadCoordinator(person), person.id)).stage));
    expect(stages.filter((stage) => stage === "ENROLLED")).toHaveLength(5);
  });
});
