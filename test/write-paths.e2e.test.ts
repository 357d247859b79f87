import { addDays, todayInLjubljana } from "../shared/calendar";
import { demoData, demoEligibilityFacts } from "../shared/demo-data";
import type { DemoData, DemoParticipant } from "../shared/demo-data.types";
import { makeEmso } from "../shared/emso";
import { Gender, JourneyStage, ProgrammePhase, ProgrammeType } from "../shared/enums";
import { assessEligibility, isEligibleFor } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn, runSchedule } from "../subgraphs/providers/run/run-schedule";
import { contractOperation } from "./support/contract";
import { startTestHub, type TestHub } from "./support/hub";
import { expectRefused, rowCounts } from "./support/writes";

/**
 * The write operations of the contract through the gateway: one person's whole journey, every
 * refusal (with nothing stored), and enrolments racing for the last places of a run.
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

async function send(name: string, variables: Record<string, unknown>): Promise<Any> {
  const answer = await hub.request<Any>(contractOperation(name), variables);
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

const view = async (id: string) => (await send("ParticipantView", { id })).participant;

const centreOf = (region: string) => data.socialWorkCentres.find((centre) => centre.region === region)!;
const officeOf = (region: string) => data.employmentOffices.find((office) => office.region === region)!;
const programmeOf = (type: ProgrammeType) => data.programmes.find((programme) => programme.type === type)!;
const assessmentOf = (person: DemoParticipant) => assessEligibility(demoEligibilityFacts(data, person, today), today);
const isEnrolled = (person: DemoParticipant) => data.enrolments.some((enrolment) => enrolment.participantId === person.id && enrolment.status === "ENROLLED");
const runIn = (phase: ProgrammePhase, type?: ProgrammeType) =>
  data.runs.find(
    (run) => phaseOn(run.startDate, today) === phase && (!type || data.programmes.find((programme) => programme.id === run.programmeId)!.type === type),
  )!;

let serial = 100;
const candidateInput = (overrides: Record<string, unknown> = {}) => {
  const region = "Pomurska";
  serial += 7;
  return {
    firstName: "Mojca",
    lastName: "Horvat",
    emso: makeEmso("1985-04-12", Gender.FEMALE, serial),
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
  const { scheduleProgrammeRun } = await send("ScheduleRun", { input: { programmeId: programmeOf(type).id, startDate, capacity } });
  return scheduleProgrammeRun.id;
}

describe("one person's journey, from candidate to exit, acting as each agency in turn", () => {
  it("moves the participant view along with every step", async () => {
    const region = "Pomurska";
    // Coordinator: registers the candidate; the birth date comes from the EMŠO.
    const input = candidateInput();
    const { registerCandidate } = await send("RegisterCandidate", { input });
    expect(registerCandidate).toEqual({ id: expect.any(String), stage: "CANDIDATE", birthDate: "1985-04-12" });
    const id = registerCandidate.id;
    expect(await view(id)).toMatchObject({
      firstName: "Mojca",
      emso: input.emso,
      gender: "FEMALE",
      birthYear: 1985,
      stage: "CANDIDATE",
      consent: { granted: false, grantedAt: null },
      jobseeker: null,
      socialCase: null,
      receivesSocialAssistance: false,
      eligibility: { eligible: false, grounds: [], programmeTypes: [] },
      referrals: [],
      enrolments: [],
    });

    // Coordinator: records consent.
    const { recordConsent } = await send("RecordConsent", { participantId: id, granted: true });
    expect(recordConsent).toMatchObject({ granted: true, grantedAt: expect.any(String), withdrawnAt: null });

    // Urad za delo: registers the person as unemployed — eligibility follows at once.
    const office = officeOf(region);
    const { registerJobseeker } = await send("RegisterJobseeker", {
      input: { participantId: id, officeId: office.id, status: "UNEMPLOYED", registeredOn: addDays(today, -30) },
    });
    expect(registerJobseeker).toEqual({ status: "UNEMPLOYED", registeredOn: addDays(today, -30), office: { id: office.id } });
    expect(await view(id)).toMatchObject({
      registeredUnemployed: true,
      jobseeker: { status: "UNEMPLOYED", office: { id: office.id, name: office.name } },
      eligibility: { eligible: true, grounds: ["REGISTERED_UNEMPLOYED"], programmeTypes: ["GENERAL", "ROMA_WOMEN"] },
    });

    // CSD: a DSP decision valid today, and the social-case assessment.
    const centre = centreOf(region);
    const decision = { number: `1224-${serial}/2026`, validFrom: addDays(today, -10), validTo: addDays(today, 170), monthlyAmount: 421.89 };
    const { recordAssistanceDecision } = await send("RecordAssistanceDecision", { input: { participantId: id, centreId: centre.id, ...decision } });
    expect(recordAssistanceDecision).toEqual(decision);
    const { assessSocialCase } = await send("AssessSocialCase", {
      input: { participantId: id, centreId: centre.id, caseWorker: "Darja Mlinar", complexSocialProblems: true, note: "Prezadolženost." },
    });
    expect(assessSocialCase).toEqual({ caseWorker: "Darja Mlinar", complexSocialProblemsNote: "Prezadolženost." });
    expect(await view(id)).toMatchObject({
      receivesSocialAssistance: true,
      hasComplexSocialProblems: true,
      socialAssistance: { decisions: [decision] },
      socialCase: { centre: { id: centre.id }, caseWorker: "Darja Mlinar" },
      // Complex problems do not add the inactive-person ground while the person is registered unemployed.
      eligibility: { eligible: true, grounds: ["FINANCIAL_SOCIAL_ASSISTANCE", "REGISTERED_UNEMPLOYED"] },
    });

    // Provider: schedules a run of a Roma women's programme starting today.
    const { scheduleProgrammeRun } = await send("ScheduleRun", {
      input: { programmeId: programmeOf(ProgrammeType.ROMA_WOMEN).id, startDate: today, capacity: 8 },
    });
    expect(scheduleProgrammeRun.schedule).toEqual(runSchedule(today));
    const runId = scheduleProgrammeRun.id;

    // Coordinator: refers her; the stage follows.
    const { referToProgramme } = await send("ReferToProgramme", { participantId: id, runId });
    expect(referToProgramme).toEqual({ id: expect.any(String), status: "PENDING", run: { id: runId } });
    expect(await view(id)).toMatchObject({ stage: "REFERRED", referrals: [{ id: referToProgramme.id, status: "PENDING", run: { id: runId } }] });

    // Provider: enrols her today.
    const { enrolParticipant } = await send("Enrol", { runId, participantId: id, enrolledOn: today });
    expect(enrolParticipant).toEqual({ id: expect.any(String), status: "ENROLLED" });
    const enrolled = await view(id);
    expect(enrolled).toMatchObject({
      stage: "ENROLLED",
      referrals: [{ status: "ENROLLED" }],
      enrolments: [{ id: enrolParticipant.id, status: "ENROLLED", enrolledOn: today, exitedOn: null, attendanceRate: null, run: { id: runId, phase: "PREPARATION", programme: { type: "ROMA_WOMEN" } } }],
    });

    // Provider: attendance; a repeat for the same day replaces the first record.
    const attendance = { enrolmentId: enrolParticipant.id, on: today };
    expect((await send("RecordAttendance", { ...attendance, present: true })).recordAttendance).toEqual({ id: enrolParticipant.id, attendanceRate: 1 });
    const before = await rowCounts(hub);
    expect((await send("RecordAttendance", { ...attendance, present: false })).recordAttendance).toEqual({ id: enrolParticipant.id, attendanceRate: 0 });
    expect(await rowCounts(hub)).toEqual(before);

    // Coordinator: the opening team meeting, readable from the run and from the participant.
    const { recordTeamMeeting } = await send("RecordTeamMeeting", {
      input: { kind: "OPENING", runId, heldOn: today, agencies: ["CSD", "EMPLOYMENT", "COORDINATION", "PROVIDER"], participantIds: [id], agreements: "Cilji: jezik, zaposlitev." },
    });
    expect(recordTeamMeeting).toEqual({ id: expect.any(String), kind: "OPENING", heldOn: today, agencies: ["CSD", "EMPLOYMENT", "COORDINATION", "PROVIDER"] });
    const meetings = await hub.request<Any>(
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
    const { recordExit } = await send("RecordExit", { enrolmentId: enrolParticipant.id, exitedOn: today, outcome: "EMPLOYMENT" });
    expect(recordExit).toEqual({ id: enrolParticipant.id, status: "LEFT_EARLY", exitedOn: today, exitOutcome: "EMPLOYMENT" });
    expect(await view(id)).toMatchObject({
      stage: "FOLLOW_UP",
      enrolments: [{ id: enrolParticipant.id, status: "LEFT_EARLY", exitedOn: today, exitOutcome: "EMPLOYMENT", attendanceRate: 0 }],
    });
  });
});

describe("EMŠO", () => {
  it.each([
    ["a man born in 2001", "2001-09-30", Gender.MALE],
    ["a woman born in 1968", "1968-02-29", Gender.FEMALE],
  ])("gives the birth date and checks the gender of %s", async (_, birthDate, gender) => {
    const emso = makeEmso(birthDate, gender, 321);
    const { registerCandidate } = await send("RegisterCandidate", { input: candidateInput({ emso, gender, romaCommunity: false }) });
    expect(registerCandidate.birthDate).toBe(birthDate);
    expect((await view(registerCandidate.id)).gender).toBe(gender);
  });

  const valid = makeEmso("1985-04-12", Gender.FEMALE, 600);
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
    await expectRefused(hub, contractOperation("RegisterCandidate"), { input: candidateInput({ emso }) }, { code: "INVALID_EMSO", field: "input.emso" });
  });

  it("refuses a gender that contradicts the EMŠO, and an EMŠO registered before", async () => {
    await expectRefused(hub, contractOperation("RegisterCandidate"), { input: candidateInput({ emso: makeEmso("1990-01-01", Gender.MALE, 9), gender: "FEMALE" }) }, { code: "BAD_USER_INPUT", field: "input.gender" });
    await expectRefused(hub, contractOperation("RegisterCandidate"), { input: candidateInput({ emso: data.participants[0].emso, gender: data.participants[0].gender }) }, { code: "ALREADY_REGISTERED", field: "input.emso" });
  });
});

describe("refusals: each with its code, and nothing stored", () => {
  const eligibleFor = (type: ProgrammeType, exclude: string[] = []) =>
    data.participants.find((person) => isEligibleFor(assessmentOf(person), type) && !isEnrolled(person) && !exclude.includes(person.id))!;

  it("NOT_ELIGIBLE: no ground today, or outside the programme's target group", async () => {
    const openGeneral = runIn(ProgrammePhase.NOT_STARTED, ProgrammeType.GENERAL);
    const noGround = data.participants.find((person) => assessmentOf(person).grounds.length === 0)!;
    await expectRefused(hub, contractOperation("ReferToProgramme"), { participantId: noGround.id, runId: openGeneral.id }, { code: "NOT_ELIGIBLE" });
    const man = data.participants.find((person) => person.gender === "MALE" && assessmentOf(person).eligible)!;
    const romaRun = runIn(ProgrammePhase.IMPLEMENTATION, ProgrammeType.ROMA_WOMEN) ?? runIn(ProgrammePhase.NOT_STARTED, ProgrammeType.ROMA_WOMEN);
    await expectRefused(hub, contractOperation("ReferToProgramme"), { participantId: man.id, runId: romaRun.id }, { code: "NOT_ELIGIBLE" });
  });

  it("RUN_CLOSED: a referral to a run in follow-up, and an enrolment on a day the run is in follow-up", async () => {
    const person = eligibleFor(ProgrammeType.GENERAL);
    const followUp = runIn(ProgrammePhase.FOLLOW_UP, ProgrammeType.GENERAL) ?? runIn(ProgrammePhase.FOLLOW_UP);
    await expectRefused(hub, contractOperation("ReferToProgramme"), { participantId: person.id, runId: followUp.id }, { code: "RUN_CLOSED" });

    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    await send("ReferToProgramme", { participantId: person.id, runId });
    // A day in the past that belongs to no run phase of this run is NOT_STARTED; a closed day needs an older run:
    const older = runIn(ProgrammePhase.FINISHED, ProgrammeType.GENERAL);
    const providers = hub.subgraphs.find((subgraph) => subgraph.name === "providers")!.database.dataSource;
    // Fixture: a pending referral to a finished run (the API refuses to create one, as tested above).
    await providers.query(`INSERT INTO referrals (id, participant_id, run_id, status, created_at) VALUES (gen_random_uuid(), $1, $2, 'PENDING', now())`, [person.id, older.id]);
    await expectRefused(hub, contractOperation("Enrol"), { runId: older.id, participantId: person.id, enrolledOn: today }, { code: "RUN_CLOSED", field: "enrolledOn" });
  });

  it("NO_REFERRAL: an enrolment without a pending referral to that run", async () => {
    const person = eligibleFor(ProgrammeType.GENERAL);
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    await expectRefused(hub, contractOperation("Enrol"), { runId, participantId: person.id, enrolledOn: today }, { code: "NO_REFERRAL" });
  });

  it("RUN_FULL: an enrolment when every place is taken", async () => {
    const first = eligibleFor(ProgrammeType.GENERAL);
    const second = eligibleFor(ProgrammeType.GENERAL, [first.id]);
    const runId = await scheduleRun(ProgrammeType.GENERAL, 1);
    for (const person of [first, second]) await send("ReferToProgramme", { participantId: person.id, runId });
    await send("Enrol", { runId, participantId: first.id, enrolledOn: today });
    await expectRefused(hub, contractOperation("Enrol"), { runId, participantId: second.id, enrolledOn: today }, { code: "RUN_FULL" });
  });

  it("ALREADY_ENROLLED: an enrolment while enrolled in a run that has not ended", async () => {
    const person = data.participants.find((candidate) => isEnrolled(candidate) && isEligibleFor(assessmentOf(candidate), ProgrammeType.GENERAL))!;
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    await send("ReferToProgramme", { participantId: person.id, runId });
    expect((await view(person.id)).stage).toBe(JourneyStage.ENROLLED);
    await expectRefused(hub, contractOperation("Enrol"), { runId, participantId: person.id, enrolledOn: today }, { code: "ALREADY_ENROLLED" });
  });

  it("ALREADY_EXITED: a second exit", async () => {
    const exited = data.enrolments.find((enrolment) => enrolment.exitedOn !== null)!;
    await expectRefused(hub, contractOperation("RecordExit"), { enrolmentId: exited.id, exitedOn: today, outcome: "EDUCATION" }, { code: "ALREADY_EXITED" });
  });

  it("NOT_FOUND: unknown run, participant, enrolment, programme, centre and office", async () => {
    const nobody = "00000000-0000-4000-8000-000000000000";
    const person = data.participants[0];
    await expectRefused(hub, contractOperation("Enrol"), { runId: nobody, participantId: person.id, enrolledOn: today }, { code: "NOT_FOUND", field: "runId" });
    await expectRefused(hub, contractOperation("ReferToProgramme"), { participantId: nobody, runId: data.runs[0].id }, { code: "NOT_FOUND" });
    await expectRefused(hub, contractOperation("RecordAttendance"), { enrolmentId: nobody, on: today, present: true }, { code: "NOT_FOUND", field: "enrolmentId" });
    await expectRefused(hub, contractOperation("ScheduleRun"), { input: { programmeId: nobody, startDate: today, capacity: 5 } }, { code: "NOT_FOUND", field: "input.programmeId" });
    await expectRefused(hub, contractOperation("RegisterCandidate"), { input: candidateInput({ centreId: nobody }) }, { code: "NOT_FOUND", field: "input.centreId" });
    await expectRefused(hub, contractOperation("RegisterJobseeker"), { input: { participantId: nobody, officeId: data.employmentOffices[0].id, status: "UNEMPLOYED", registeredOn: today } }, { code: "NOT_FOUND", field: "input.participantId" });
    await expectRefused(hub, contractOperation("RecordConsent"), { participantId: nobody, granted: true }, { code: "NOT_FOUND", field: "participantId" });
  });

  it.each([
    ["a candidate without a first name", "RegisterCandidate", () => ({ input: candidateInput({ firstName: "  " }) }), "input.firstName"],
    ["a DSP decision ending before it starts", "RecordAssistanceDecision", () => ({ input: { participantId: data.participants[0].id, centreId: data.socialWorkCentres[0].id, number: "X-1", validFrom: today, validTo: addDays(today, -1), monthlyAmount: 100 } }), "input.validTo"],
    ["a negative DSP amount", "RecordAssistanceDecision", () => ({ input: { participantId: data.participants[0].id, centreId: data.socialWorkCentres[0].id, number: "X-2", validFrom: today, validTo: today, monthlyAmount: -5 } }), "input.monthlyAmount"],
    ["a DSP amount in fractions of a cent", "RecordAssistanceDecision", () => ({ input: { participantId: data.participants[0].id, centreId: data.socialWorkCentres[0].id, number: "X-3", validFrom: today, validTo: today, monthlyAmount: 100.001 } }), "input.monthlyAmount"],
    ["a run without places", "ScheduleRun", () => ({ input: { programmeId: data.programmes[0].id, startDate: today, capacity: 0 } }), "input.capacity"],
    ["a run starting in the past", "ScheduleRun", () => ({ input: { programmeId: data.programmes[0].id, startDate: addDays(today, -1), capacity: 5 } }), "input.startDate"],
    ["a jobseeker registered in the future", "RegisterJobseeker", () => ({ input: { participantId: data.participants[0].id, officeId: data.employmentOffices[0].id, status: "UNEMPLOYED", registeredOn: addDays(today, 1) } }), "input.registeredOn"],
    ["attendance before the enrolment", "RecordAttendance", () => { const enrolment = data.enrolments.find((e) => e.status === "ENROLLED")!; return { enrolmentId: enrolment.id, on: addDays(enrolment.enrolledOn, -1), present: true }; }, "on"],
    ["an exit before the enrolment", "RecordExit", () => { const enrolment = data.enrolments.find((e) => e.status === "ENROLLED")!; return { enrolmentId: enrolment.id, exitedOn: addDays(enrolment.enrolledOn, -1), outcome: "NO_EXIT" }; }, "exitedOn"],
    ["a recruitment meeting during the run", "RecordTeamMeeting", () => { const run = runIn(ProgrammePhase.IMPLEMENTATION); return { input: { kind: "RECRUITMENT", runId: run.id, heldOn: today, agencies: ["CSD"], participantIds: [], agreements: "" } }; }, "input.heldOn"],
    ["a meeting with nobody present", "RecordTeamMeeting", () => { const run = runIn(ProgrammePhase.IMPLEMENTATION); return { input: { kind: "INTERIM", runId: run.id, heldOn: today, agencies: [], participantIds: [], agreements: "" } }; }, "input.agencies"],
    ["an enrolment id that is not an id", "RecordExit", () => ({ enrolmentId: "42", exitedOn: today, outcome: "NO_EXIT" }), "enrolmentId"],
  ])("BAD_USER_INPUT: %s", async (_, operation, variables, field) => {
    await expectRefused(hub, contractOperation(operation), variables(), { code: "BAD_USER_INPUT", field });
  });

  it("BAD_USER_INPUT for a value the schema cannot accept, naming the variable", async () => {
    const answer = await expectRefused(hub, contractOperation("Enrol"), { runId: data.runs[0].id, participantId: data.participants[0].id, enrolledOn: "2026-13-01" }, { code: "BAD_USER_INPUT" });
    expect(answer.errors![0].message).toContain("$enrolledOn");
  });
});

describe("concurrency", () => {
  it("20 simultaneous enrolments into a run with 5 free places give exactly 5 ENROLLED and 15 RUN_FULL", async () => {
    const people = data.participants.filter((person) => isEligibleFor(assessmentOf(person), ProgrammeType.GENERAL) && !isEnrolled(person)).slice(-20);
    expect(people).toHaveLength(20);
    const runId = await scheduleRun(ProgrammeType.GENERAL, 5);
    for (const person of people) await send("ReferToProgramme", { participantId: person.id, runId });

    const answers = await Promise.all(people.map((person) => hub.request<Any>(contractOperation("Enrol"), { runId, participantId: person.id, enrolledOn: today })));
    const outcomes = answers.map((answer) => answer.data?.enrolParticipant?.status ?? answer.errors?.[0]?.extensions?.code);
    expect(outcomes.filter((outcome) => outcome === "ENROLLED")).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === "RUN_FULL")).toHaveLength(15);

    const roster = await send("RunRoster", { runId });
    expect(roster.programmeRun.enrolments).toHaveLength(5);
    const stages = await Promise.all(people.map(async (person) => (await view(person.id)).stage));
    expect(stages.filter((stage) => stage === "ENROLLED")).toHaveLength(5);
  });
});
