import { parseEmso } from "./emso";
import { scaleData } from "./scale-data";
import { assessEligibility, isEligibleFor } from "../subgraphs/coordination/eligibility/eligibility";
import { demoEligibilityFacts } from "./demo-data";

/** The national-scale data set keeps the demo data's promises at any size. */
describe("scaleData", () => {
  const data = scaleData(5000, "2026-11-27");

  it("has the people asked for, with unique ids and valid, unique EMŠOs that agree with birth date and gender", () => {
    expect(data.participants).toHaveLength(5000);
    expect(new Set(data.participants.map((person) => person.id)).size).toBe(5000);
    expect(new Set(data.participants.map((person) => person.emso)).size).toBe(5000);
    for (const person of data.participants) expect(parseEmso(person.emso)).toEqual({ valid: true, birthDate: person.birthDate, gender: person.gender });
  });

  it("gives every added coordinator a caseload", () => {
    const caseload = new Map<string, number>();
    for (const person of data.participants) if (person.coordinatorId) caseload.set(person.coordinatorId, (caseload.get(person.coordinatorId) ?? 0) + 1);
    const added = data.coordinators.filter((coordinator) => coordinator.name.startsWith("Koordinator/ka"));
    expect(added.length).toBeGreaterThan(0);
    for (const coordinator of added) expect({ coordinator: coordinator.name, people: (caseload.get(coordinator.id) ?? 0) > 0 }).toEqual({ coordinator: coordinator.name, people: true });
  });

  it("keeps every reference pointing at a record that exists, in the person's region", () => {
    const ids = (list: { id: string }[]) => new Set(list.map((entry) => entry.id));
    const [coordinators, centres, offices, runs, people] = [ids(data.coordinators), ids(data.socialWorkCentres), ids(data.employmentOffices), ids(data.runs), ids(data.participants)];
    for (const person of data.participants) {
      if (person.coordinatorId) expect(coordinators.has(person.coordinatorId)).toBe(true);
      expect(centres.has(person.centreId) && offices.has(person.officeId)).toBe(true);
    }
    for (const record of [...data.referrals, ...data.enrolments]) expect(runs.has(record.runId) && people.has(record.participantId)).toBe(true);
  });

  it("enrols only referred, eligible people, within each run's capacity, once each", () => {
    const taken = new Map<string, number>();
    for (const enrolment of data.enrolments) taken.set(enrolment.runId, (taken.get(enrolment.runId) ?? 0) + 1);
    for (const run of data.runs) expect(taken.get(run.id) ?? 0).toBeLessThanOrEqual(run.capacity);
    const byId = new Map(data.participants.map((person) => [person.id, person]));
    const typeOf = new Map(data.runs.map((run) => [run.id, data.programmes.find((programme) => programme.id === run.programmeId)!.type]));
    for (const enrolment of data.enrolments.filter((candidate) => candidate.status === "ENROLLED")) {
      expect(data.referrals.some((referral) => referral.participantId === enrolment.participantId && referral.runId === enrolment.runId)).toBe(true);
      const person = byId.get(enrolment.participantId)!;
      expect(isEligibleFor(assessEligibility(demoEligibilityFacts(data, person), data.anchor), typeOf.get(enrolment.runId)!)).toBe(true);
    }
    const active = data.enrolments.filter((enrolment) => enrolment.status === "ENROLLED").map((enrolment) => enrolment.participantId);
    expect(new Set(active).size).toBe(active.length);
  });
});
