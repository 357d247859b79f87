import { assessEligibility, EligibilityAssessment, isEligibleFor } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn, runEndDate } from "../subgraphs/providers/run/run-schedule";
import { addDays, ageOn } from "./calendar";
import { DEMO_REGIONS, demoData, demoEligibilityFacts, demoIds } from "./demo-data";
import type { DemoData, DemoParticipant } from "./demo-data.types";
import { parseEmso } from "./emso";
import {
  EligibilityGround,
  EnrolmentStatus,
  Gender,
  JobseekerStatus,
  JourneyStage,
  ProgrammePhase,
  ProgrammeType,
  ReferralStatus,
  ResidenceStatus,
} from "./enums";

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)));
}

describe("demoData: determinism", () => {
  it("gives deep-equal data for the same anchor", () => {
    expect(demoData("2026-11-27")).toEqual(demoData("2026-11-27"));
  });

  it("hands out copies, so a caller's mutation does not leak into the next call", () => {
    const first = demoData("2026-11-27");
    first.participants[0].firstName = "Spremenjeno";
    first.runs.pop();
    const second = demoData("2026-11-27");
    expect(second.participants[0].firstName).not.toBe("Spremenjeno");
    expect(second.runs).toHaveLength(30);
  });

  it("keeps the same people (ids and names) for another anchor, with 200 participants", () => {
    const a = demoData("2026-11-27");
    const b = demoData("2027-01-31");
    expect(b.participants).toHaveLength(200);
    expect(b.anchor).toBe("2027-01-31");
    expect(b.participants.map((p) => [p.id, p.firstName, p.lastName])).toEqual(
      a.participants.map((p) => [p.id, p.firstName, p.lastName]),
    );
  });

  it("refuses an invalid anchor", () => {
    expect(() => demoData("2026-02-30")).toThrow(RangeError);
  });
});

describe.each(["2026-11-27", "2027-01-31"])("demoData(%s)", (anchor) => {
  const data: DemoData = demoData(anchor);
  const assessments = new Map<string, EligibilityAssessment>(
    data.participants.map((p) => [p.id, assessEligibility(demoEligibilityFacts(data, p), anchor)]),
  );
  const assessmentOf = (p: DemoParticipant): EligibilityAssessment => assessments.get(p.id)!;
  const runById = new Map(data.runs.map((run) => [run.id, run]));
  const programmeById = new Map(data.programmes.map((programme) => [programme.id, programme]));
  const typeOfRun = (runId: string): ProgrammeType => programmeById.get(runById.get(runId)!.programmeId)!.type;
  const phaseOfRun = (runId: string): ProgrammePhase => phaseOn(runById.get(runId)!.startDate, anchor);
  const jobseekerOf = (p: DemoParticipant) => data.jobseekers.find((j) => j.participantId === p.id);
  const caseOf = (p: DemoParticipant) => data.socialCases.find((c) => c.participantId === p.id);
  const decisionsOf = (p: DemoParticipant) => data.assistanceDecisions.filter((d) => d.participantId === p.id);
  const withStage = (stage: JourneyStage) => data.participants.filter((p) => p.stage === stage);

  describe("reference data", () => {
    it("has the 12 statistical regions", () => {
      expect(data.anchor).toBe(anchor);
      expect(data.regions).toEqual([...DEMO_REGIONS]);
      expect(new Set(data.regions).size).toBe(12);
      expect(data.regions).toEqual(expect.arrayContaining(["Pomurska", "Jugovzhodna Slovenija", "Obalno-kraška"]));
    });

    it("has 16 centres for social work and at least 25 offices, including Ptuj and Ormož in Podravska", () => {
      expect(data.socialWorkCentres).toHaveLength(16);
      expect(data.employmentOffices.length).toBeGreaterThanOrEqual(25);
      const byName = new Map(data.employmentOffices.map((office) => [office.name, office.region]));
      expect(byName.get("Urad za delo Ptuj")).toBe("Podravska");
      expect(byName.get("Urad za delo Ormož")).toBe("Podravska");
      expect(data.socialWorkCentres.find((c) => c.name === "CSD Južna Primorska")?.region).toBe("Obalno-kraška");
    });

    it("covers every region with a centre, an office and one or two coordinators", () => {
      for (const region of data.regions) {
        expect(data.socialWorkCentres.some((c) => c.region === region)).toBe(true);
        expect(data.employmentOffices.some((o) => o.region === region)).toBe(true);
        const coordinators = data.coordinators.filter((c) => c.region === region).length;
        expect(coordinators).toBeGreaterThanOrEqual(1);
        expect(coordinators).toBeLessThanOrEqual(2);
      }
      const units = [...data.socialWorkCentres, ...data.employmentOffices, ...data.coordinators, ...data.providers];
      for (const unit of units) expect(data.regions).toContain(unit.region);
    });

    it("has programmes of every type and about 30 runs with a capacity of 8 to 15", () => {
      for (const type of Object.values(ProgrammeType)) expect(data.programmes.some((p) => p.type === type)).toBe(true);
      expect(data.runs.length).toBeGreaterThanOrEqual(25);
      for (const run of data.runs) {
        expect(run.capacity).toBeGreaterThanOrEqual(8);
        expect(run.capacity).toBeLessThanOrEqual(15);
      }
    });
  });

  describe("identity", () => {
    it("has exactly 200 participants", () => {
      expect(data.participants).toHaveLength(200);
    });

    it("uses unique UUID-shaped ids in every collection", () => {
      const collections = {
        offices: data.employmentOffices,
        centres: data.socialWorkCentres,
        coordinators: data.coordinators,
        providers: data.providers,
        participants: data.participants,
        decisions: data.assistanceDecisions,
        programmes: data.programmes,
        runs: data.runs,
        referrals: data.referrals,
        enrolments: data.enrolments,
      };
      const all: string[] = [];
      for (const [name, records] of Object.entries(collections)) {
        const ids = records.map((record) => record.id);
        expect({ name, duplicates: duplicates(ids) }).toEqual({ name, duplicates: [] });
        for (const id of ids) expect(id).toMatch(UUID_V5);
        all.push(...ids);
      }
      expect(duplicates(all)).toEqual([]);
    });

    it("gives one jobseeker record and one social case at most per person", () => {
      expect(duplicates(data.jobseekers.map((j) => j.participantId))).toEqual([]);
      expect(duplicates(data.socialCases.map((c) => c.participantId))).toEqual([]);
    });

    it("gives every participant a unique, valid EMŠO matching their birth date and gender", () => {
      expect(duplicates(data.participants.map((p) => p.emso))).toEqual([]);
      for (const p of data.participants) {
        expect(parseEmso(p.emso)).toEqual({ valid: true, birthDate: p.birthDate, gender: p.gender });
      }
    });
  });

  describe("references between agencies", () => {
    const ids = (records: readonly { id: string }[]) => new Set(records.map((r) => r.id));
    const offices = ids(data.employmentOffices);
    const centres = ids(data.socialWorkCentres);
    const coordinators = ids(data.coordinators);
    const providers = ids(data.providers);
    const participants = ids(data.participants);
    const programmes = ids(data.programmes);
    const runs = ids(data.runs);
    const enrolments = ids(data.enrolments);

    it("points every foreign key at an existing record", () => {
      for (const p of data.participants) {
        expect(centres.has(p.centreId)).toBe(true);
        expect(offices.has(p.officeId)).toBe(true);
        if (p.coordinatorId !== null) expect(coordinators.has(p.coordinatorId)).toBe(true);
      }
      for (const j of data.jobseekers) {
        expect(participants.has(j.participantId)).toBe(true);
        expect(offices.has(j.officeId)).toBe(true);
      }
      for (const c of data.socialCases) {
        expect(participants.has(c.participantId)).toBe(true);
        expect(centres.has(c.centreId)).toBe(true);
      }
      for (const d of data.assistanceDecisions) {
        expect(participants.has(d.participantId)).toBe(true);
        expect(centres.has(d.centreId)).toBe(true);
      }
      for (const programme of data.programmes) expect(providers.has(programme.providerId)).toBe(true);
      for (const run of data.runs) expect(programmes.has(run.programmeId)).toBe(true);
      for (const r of data.referrals) {
        expect(participants.has(r.participantId)).toBe(true);
        expect(runs.has(r.runId)).toBe(true);
      }
      for (const e of data.enrolments) {
        expect(participants.has(e.participantId)).toBe(true);
        expect(runs.has(e.runId)).toBe(true);
      }
      for (const a of data.attendance) expect(enrolments.has(a.enrolmentId)).toBe(true);
    });

    it("keeps each person's coordinator, centre and office in the person's region, and agencies' records at those units", () => {
      const regionOf = new Map(
        [...data.employmentOffices, ...data.socialWorkCentres, ...data.coordinators].map((unit) => [unit.id, unit.region]),
      );
      for (const p of data.participants) {
        expect(regionOf.get(p.centreId)).toBe(p.region);
        expect(regionOf.get(p.officeId)).toBe(p.region);
        if (p.coordinatorId !== null) expect(regionOf.get(p.coordinatorId)).toBe(p.region);
        const jobseeker = jobseekerOf(p);
        if (jobseeker !== undefined) expect(jobseeker.officeId).toBe(p.officeId);
        const socialCase = caseOf(p);
        if (socialCase !== undefined) expect(socialCase.centreId).toBe(p.centreId);
        for (const decision of decisionsOf(p)) expect(decision.centreId).toBe(p.centreId);
      }
    });

    it("refers people only to runs of programmes in their region", () => {
      const regionOfParticipant = new Map(data.participants.map((p) => [p.id, p.region]));
      for (const r of data.referrals) {
        expect(programmeById.get(runById.get(r.runId)!.programmeId)!.region).toBe(regionOfParticipant.get(r.participantId));
      }
    });
  });

  describe("people", () => {
    it("are mostly adults of working age, with a few minors and two around their 18th birthday", () => {
      const ages = data.participants.map((p) => ageOn(p.birthDate, anchor));
      expect(ages.filter((age) => age >= 20 && age <= 64).length).toBeGreaterThanOrEqual(190);
      expect(ages.filter((age) => age === 16 || age === 17).length).toBeGreaterThanOrEqual(4);
      const turningSoon = data.participants.filter(
        (p) => ageOn(p.birthDate, anchor) === 17 && ageOn(p.birthDate, addDays(anchor, 7)) === 18,
      );
      const justTurned = data.participants.filter(
        (p) => ageOn(p.birthDate, anchor) === 18 && ageOn(p.birthDate, addDays(anchor, -7)) === 17,
      );
      expect(turningSoon.length).toBeGreaterThanOrEqual(1);
      expect(turningSoon.length + justTurned.length).toBeGreaterThanOrEqual(2);
    });

    it("have the expected mix of residence, target-group attributes and assignment", () => {
      const count = (predicate: (p: DemoParticipant) => boolean) => data.participants.filter(predicate).length;
      expect(count((p) => p.residenceStatus === ResidenceStatus.PERMANENT_RESIDENCE)).toBeGreaterThanOrEqual(10);
      expect(count((p) => p.residenceStatus === ResidenceStatus.OTHER)).toBeGreaterThanOrEqual(5);
      expect(count((p) => p.romaCommunity)).toBeGreaterThanOrEqual(12);
      expect(count((p) => p.romaCommunity && p.gender === Gender.FEMALE)).toBeGreaterThan(count((p) => p.romaCommunity) / 2);
      expect(count((p) => p.languageBarrier && p.gender === Gender.FEMALE)).toBeGreaterThanOrEqual(15);
      const unassigned = data.participants.filter((p) => p.coordinatorId === null);
      expect(unassigned.length).toBeGreaterThanOrEqual(8);
      for (const p of unassigned) expect(p.stage).toBe(JourneyStage.CANDIDATE);
    });

    it("record consent mostly, with a few withdrawals after the grant, all before the anchor", () => {
      const granted = data.participants.filter((p) => p.consentGrantedAt !== null);
      expect(granted.length / data.participants.length).toBeGreaterThan(0.75);
      expect(granted.length).toBeLessThan(data.participants.length);
      const withdrawn = data.participants.filter((p) => p.consentWithdrawnAt !== null);
      expect(withdrawn.length).toBeGreaterThanOrEqual(2);
      for (const p of withdrawn) {
        expect(p.consentGrantedAt).not.toBeNull();
        expect(p.consentWithdrawnAt! > p.consentGrantedAt!).toBe(true);
      }
      for (const p of data.participants) {
        expect(Number.isNaN(Date.parse(p.registeredAt))).toBe(false);
        expect(p.registeredAt.slice(0, 10) < anchor).toBe(true);
        if (p.consentGrantedAt !== null) expect(p.consentGrantedAt > p.registeredAt).toBe(true);
        if (p.consentWithdrawnAt !== null) expect(p.consentWithdrawnAt.slice(0, 10) < anchor).toBe(true);
      }
    });
  });

  describe("agency facts", () => {
    it("has about 140 jobseeker records of every status, half with an employment plan", () => {
      expect(data.jobseekers.length).toBeGreaterThanOrEqual(120);
      expect(data.jobseekers.length).toBeLessThanOrEqual(160);
      const byStatus = (status: JobseekerStatus) => data.jobseekers.filter((j) => j.status === status).length;
      expect(byStatus(JobseekerStatus.UNEMPLOYED)).toBeGreaterThan(data.jobseekers.length / 2);
      expect(byStatus(JobseekerStatus.TEMPORARILY_UNEMPLOYABLE)).toBeGreaterThanOrEqual(10);
      expect(byStatus(JobseekerStatus.EMPLOYED)).toBeGreaterThanOrEqual(5);
      expect(byStatus(JobseekerStatus.DEREGISTERED)).toBeGreaterThanOrEqual(5);
      const plans = data.jobseekers.filter((j) => j.employmentPlan !== null).length;
      expect(plans).toBeGreaterThan(data.jobseekers.length * 0.3);
      for (const j of data.jobseekers) expect(j.registeredOn < anchor).toBe(true);
    });

    it("has social cases, with a note exactly when there are complex social problems", () => {
      expect(data.socialCases.length).toBeGreaterThanOrEqual(100);
      expect(data.socialCases.filter((c) => c.complexSocialProblems).length).toBeGreaterThanOrEqual(40);
      for (const c of data.socialCases) {
        expect(c.caseWorker).not.toBe("");
        expect(c.note !== null).toBe(c.complexSocialProblems);
      }
    });

    it("has DSP decisions both valid on the anchor and expired, with plausible numbers and amounts", () => {
      const valid = (d: { validFrom: string; validTo: string }) => d.validFrom <= anchor && anchor <= d.validTo;
      expect(data.assistanceDecisions.filter(valid).length).toBeGreaterThanOrEqual(30);
      const onlyExpired = data.participants.filter((p) => {
        const decisions = decisionsOf(p);
        return decisions.length > 0 && decisions.every((d) => d.validTo < anchor);
      });
      expect(onlyExpired.length).toBeGreaterThanOrEqual(3);
      for (const p of onlyExpired) expect(demoEligibilityFacts(data, p).receivesSocialAssistance).toBe(false);
      expect(duplicates(data.assistanceDecisions.map((d) => d.number))).toEqual([]);
      for (const d of data.assistanceDecisions) {
        expect(d.number).toMatch(/^1224-\d{4}\/\d{4}$/);
        expect(d.validFrom <= d.validTo).toBe(true);
        expect(d.monthlyAmount).toBeGreaterThanOrEqual(150);
        expect(d.monthlyAmount).toBeLessThanOrEqual(560);
        expect(Math.round(d.monthlyAmount * 100) / 100).toBe(d.monthlyAmount);
      }
    });
  });

  describe("eligibility coverage", () => {
    const eligibleWithOnly = (ground: EligibilityGround) =>
      data.participants.filter((p) => {
        const a = assessmentOf(p);
        return a.eligible && a.grounds.length === 1 && a.grounds[0] === ground;
      });

    it.each(Object.values(EligibilityGround))("has eligible people whose only ground is %s", (ground) => {
      expect(eligibleWithOnly(ground).length).toBeGreaterThanOrEqual(1);
    });

    it("has inactive people with complex social problems both deregistered and with no jobseeker record", () => {
      const icsp = eligibleWithOnly(EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS);
      expect(icsp.some((p) => jobseekerOf(p)?.status === JobseekerStatus.DEREGISTERED)).toBe(true);
      expect(icsp.some((p) => jobseekerOf(p) === undefined)).toBe(true);
    });

    it("has people with no ground at all: employed without DSP, and people no agency knows", () => {
      const none = data.participants.filter((p) => assessmentOf(p).grounds.length === 0);
      for (const p of none) expect(assessmentOf(p)).toEqual({ eligible: false, grounds: [], programmeTypes: [] });
      expect(none.some((p) => jobseekerOf(p)?.status === JobseekerStatus.EMPLOYED && decisionsOf(p).length === 0)).toBe(true);
      expect(none.some((p) => !jobseekerOf(p) && !caseOf(p) && decisionsOf(p).length === 0)).toBe(true);
    });

    it("has people with complex social problems who are employed and so have no ground", () => {
      const found = data.participants.filter(
        (p) =>
          caseOf(p)?.complexSocialProblems === true &&
          jobseekerOf(p)?.status === JobseekerStatus.EMPLOYED &&
          assessmentOf(p).grounds.length === 0,
      );
      expect(found.length).toBeGreaterThanOrEqual(1);
    });

    it("has people under 18 who are not eligible despite a ground", () => {
      const found = data.participants.filter((p) => {
        const a = assessmentOf(p);
        return ageOn(p.birthDate, anchor) < 18 && a.grounds.length > 0 && !a.eligible;
      });
      expect(found.length).toBeGreaterThanOrEqual(4);
    });

    it("has people with residence OTHER who are not eligible despite a ground", () => {
      const found = data.participants.filter((p) => {
        const a = assessmentOf(p);
        return p.residenceStatus === ResidenceStatus.OTHER && a.grounds.length > 0 && !a.eligible;
      });
      expect(found.length).toBeGreaterThanOrEqual(3);
    });

    it("has women eligible for the language-barrier and the Roma women's programmes", () => {
      const eligibleFor = (type: ProgrammeType) => data.participants.filter((p) => isEligibleFor(assessmentOf(p), type));
      expect(eligibleFor(ProgrammeType.WOMEN_LANGUAGE_BARRIERS).length).toBeGreaterThanOrEqual(5);
      expect(eligibleFor(ProgrammeType.ROMA_WOMEN).length).toBeGreaterThanOrEqual(5);
      for (const p of [...eligibleFor(ProgrammeType.WOMEN_LANGUAGE_BARRIERS), ...eligibleFor(ProgrammeType.ROMA_WOMEN)]) {
        expect(p.gender).toBe(Gender.FEMALE);
      }
    });

    it("has most people eligible, and some not", () => {
      const eligible = data.participants.filter((p) => assessmentOf(p).eligible).length;
      expect(eligible).toBeGreaterThan(120);
      expect(eligible).toBeLessThan(200);
    });
  });

  describe("runs", () => {
    it("covers all five phases on the anchor", () => {
      const phases = new Set(data.runs.map((run) => phaseOn(run.startDate, anchor)));
      expect([...phases].sort()).toEqual(Object.values(ProgrammePhase).sort());
    });

    it("starts upcoming runs within 1–3 months and finished runs ended 2–12 months ago", () => {
      for (const run of data.runs) {
        const phase = phaseOn(run.startDate, anchor);
        if (phase === ProgrammePhase.NOT_STARTED) expect(run.startDate <= addDays(anchor, 100)).toBe(true);
        if (phase === ProgrammePhase.FINISHED) {
          const end = runEndDate(run.startDate);
          expect(end < addDays(anchor, -55)).toBe(true);
          expect(end > addDays(anchor, -366)).toBe(true);
        }
      }
    });

    it("has a run starting on the 31st of a month", () => {
      const run = runById.get(demoIds.runStartingOn31st)!;
      expect(run.startDate.slice(8)).toBe("31");
      expect(phaseOn(run.startDate, anchor)).toBe(ProgrammePhase.IMPLEMENTATION);
    });

    it("has exactly one empty NOT_STARTED GENERAL run of capacity 10, the one demoIds names", () => {
      const candidates = data.runs.filter(
        (run) => run.capacity === 10 && phaseOn(run.startDate, anchor) === ProgrammePhase.NOT_STARTED,
      );
      expect(candidates.map((run) => run.id)).toEqual([demoIds.emptyNotStartedRun]);
      expect(typeOfRun(demoIds.emptyNotStartedRun)).toBe(ProgrammeType.GENERAL);
      expect(data.referrals.filter((r) => r.runId === demoIds.emptyNotStartedRun)).toEqual([]);
      expect(data.enrolments.filter((e) => e.runId === demoIds.emptyNotStartedRun)).toEqual([]);
      // Enough eligible people of its region for a test to fill it.
      const region = programmeById.get(runById.get(demoIds.emptyNotStartedRun)!.programmeId)!.region;
      const free = data.participants.filter(
        (p) =>
          p.region === region &&
          isEligibleFor(assessmentOf(p), ProgrammeType.GENERAL) &&
          !data.enrolments.some((e) => e.participantId === p.id && e.status === EnrolmentStatus.ENROLLED),
      );
      expect(free.length).toBeGreaterThanOrEqual(10);
    });
  });

  describe("journeys", () => {
    it("has every journey stage", () => {
      for (const stage of Object.values(JourneyStage)) expect(withStage(stage).length).toBeGreaterThanOrEqual(1);
    });

    it("never fills a run over its capacity", () => {
      for (const run of data.runs) {
        expect(data.enrolments.filter((e) => e.runId === run.id).length).toBeLessThanOrEqual(run.capacity);
      }
    });

    it("has at most one active enrolment per person", () => {
      const active = data.enrolments.filter((e) => e.status === EnrolmentStatus.ENROLLED).map((e) => e.participantId);
      expect(duplicates(active)).toEqual([]);
    });

    it("enrols people only with a referral to that run, made before the enrolment", () => {
      for (const e of data.enrolments) {
        const referral = data.referrals.find((r) => r.participantId === e.participantId && r.runId === e.runId);
        expect(referral).toBeDefined();
        expect(referral!.status).toBe(ReferralStatus.ENROLLED);
        expect(referral!.createdAt.slice(0, 10) < e.enrolledOn).toBe(true);
      }
    });

    it("dates referrals after the person's registration and before the anchor", () => {
      const registered = new Map(data.participants.map((p) => [p.id, p.registeredAt]));
      for (const r of data.referrals) {
        expect(r.createdAt > registered.get(r.participantId)!).toBe(true);
        expect(r.createdAt.slice(0, 10) < anchor).toBe(true);
      }
    });

    it("gives REFERRED people a pending referral to an open run they are eligible for", () => {
      for (const p of withStage(JourneyStage.REFERRED)) {
        const pending = data.referrals.filter((r) => r.participantId === p.id && r.status === ReferralStatus.PENDING);
        expect(pending).toHaveLength(1);
        expect([ProgrammePhase.NOT_STARTED, ProgrammePhase.PREPARATION, ProgrammePhase.IMPLEMENTATION]).toContain(
          phaseOfRun(pending[0].runId),
        );
        expect(isEligibleFor(assessmentOf(p), typeOfRun(pending[0].runId))).toBe(true);
      }
    });

    it("gives ENROLLED people an active enrolment in a running run, enrolled between its start and the anchor", () => {
      for (const p of withStage(JourneyStage.ENROLLED)) {
        const active = data.enrolments.filter((e) => e.participantId === p.id && e.status === EnrolmentStatus.ENROLLED);
        expect(active).toHaveLength(1);
        const [enrolment] = active;
        expect([ProgrammePhase.PREPARATION, ProgrammePhase.IMPLEMENTATION]).toContain(phaseOfRun(enrolment.runId));
        expect(enrolment.enrolledOn >= runById.get(enrolment.runId)!.startDate).toBe(true);
        expect(enrolment.enrolledOn <= anchor).toBe(true);
        expect(enrolment.exitedOn).toBeNull();
        expect(enrolment.exitOutcome).toBeNull();
        expect(isEligibleFor(assessmentOf(p), typeOfRun(enrolment.runId))).toBe(true);
      }
    });

    it("gives FOLLOW_UP and CLOSED people a finished enrolment in a run past implementation", () => {
      for (const p of [...withStage(JourneyStage.FOLLOW_UP), ...withStage(JourneyStage.CLOSED)]) {
        const own = data.enrolments.filter((e) => e.participantId === p.id);
        expect(own.length).toBeGreaterThanOrEqual(1);
        for (const e of own) {
          expect([EnrolmentStatus.COMPLETED, EnrolmentStatus.LEFT_EARLY]).toContain(e.status);
          expect(e.exitedOn).not.toBeNull();
          expect(e.exitOutcome).not.toBeNull();
          expect(e.exitedOn! <= anchor).toBe(true);
          expect([ProgrammePhase.FOLLOW_UP, ProgrammePhase.FINISHED]).toContain(phaseOfRun(e.runId));
        }
      }
    });

    it("has declined and withdrawn referrals too", () => {
      const statuses = new Set(data.referrals.map((r) => r.status));
      expect([...statuses].sort()).toEqual(Object.values(ReferralStatus).sort());
    });

    it("closes every exited enrolment with an outcome, on a day between enrolment and the run's end", () => {
      for (const e of data.enrolments) {
        expect(e.status === EnrolmentStatus.ENROLLED).toBe(e.exitedOn === null);
        expect(e.exitedOn === null).toBe(e.exitOutcome === null);
        if (e.exitedOn !== null) {
          expect(e.exitedOn > e.enrolledOn).toBe(true);
          expect(e.exitedOn <= runEndDate(runById.get(e.runId)!.startDate)).toBe(true);
        }
      }
    });
  });

  describe("attendance", () => {
    it("records weekdays from enrolment to the day before the anchor or the exit, 40 at most per enrolment", () => {
      const byEnrolment = new Map<string, string[]>();
      for (const a of data.attendance) byEnrolment.set(a.enrolmentId, [...(byEnrolment.get(a.enrolmentId) ?? []), a.on]);
      for (const e of data.enrolments) {
        const days = byEnrolment.get(e.id) ?? [];
        expect(days.length).toBeLessThanOrEqual(40);
        expect(duplicates(days)).toEqual([]);
        for (const day of days) {
          expect(day >= e.enrolledOn).toBe(true);
          expect(day < anchor).toBe(true);
          if (e.exitedOn !== null) expect(day <= e.exitedOn).toBe(true);
          const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
          expect(weekday === 0 || weekday === 6).toBe(false);
        }
      }
      expect(data.attendance.length).toBeLessThanOrEqual(40 * data.enrolments.length);
    });

    it("marks most days present, not all", () => {
      const present = data.attendance.filter((a) => a.present).length / data.attendance.length;
      expect(present).toBeGreaterThan(0.75);
      expect(present).toBeLessThan(0.95);
    });
  });

  describe("team meetings", () => {
    const participantById = new Map(data.participants.map((p) => [p.id, p]));

    it("holds one for every run under way with enrolments and every run not started with referrals, in the right window", () => {
      expect(data.teamMeetings.length).toBeGreaterThan(0);
      for (const meeting of data.teamMeetings) {
        const run = runById.get(meeting.runId)!;
        expect(meeting.heldOn < anchor).toBe(true);
        if (meeting.kind === "RECRUITMENT") expect(meeting.heldOn < run.startDate).toBe(true);
        else expect(meeting.heldOn >= run.startDate && meeting.heldOn <= runEndDate(run.startDate)).toBe(true);
        expect(meeting.participantIds.length).toBeGreaterThan(0);
      }
      expect(data.teamMeetings.some((meeting) => meeting.kind === "RECRUITMENT")).toBe(true);
      expect(data.teamMeetings.some((meeting) => meeting.kind === "OPENING")).toBe(true);
    });

    it("is attended by the run's provider and the case-team units of the people discussed, with their agencies", () => {
      const agencyOf = new Map<string, string>([
        ...data.coordinators.map((unit) => [unit.id, "COORDINATION"] as const),
        ...data.socialWorkCentres.map((unit) => [unit.id, "CSD"] as const),
        ...data.employmentOffices.map((unit) => [unit.id, "EMPLOYMENT"] as const),
        ...data.providers.map((unit) => [unit.id, "PROVIDER"] as const),
      ]);
      for (const meeting of data.teamMeetings) {
        const provider = programmeById.get(runById.get(meeting.runId)!.programmeId)!.providerId;
        const people = meeting.participantIds.map((id) => participantById.get(id)!);
        const teams = people.flatMap((p) => [p.coordinatorId, p.centreId, p.officeId]).filter((unit): unit is string => unit !== null);
        expect(new Set(meeting.units)).toEqual(new Set([...teams, provider]));
        expect(duplicates(meeting.units)).toEqual([]);
        expect(meeting.agencies).toEqual([...new Set(meeting.units.map((unit) => agencyOf.get(unit)))]);
      }
    });
  });
});
