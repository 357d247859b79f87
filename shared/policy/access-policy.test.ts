import { Agency } from "../enums";
import { ACCESS_POLICY, decide, decideRecord, readableDerivedValues, type RelationFacts } from "./access-policy";

/** The policy's decisions on a few rows of ACCESS.md, each with the rule it names. */
const unit = "00000000-0000-4000-8000-000000000001";
const teamMember: RelationFacts = { caseTeam: true, assignedCoordinator: false };
const assigned: RelationFacts = { caseTeam: true, assignedCoordinator: true };
const outsider: RelationFacts = { caseTeam: false, assignedCoordinator: false };
const as = (agency: Agency, ...roles: string[]) => ({ agency, unit, roles });

describe("decide", () => {
  it("shares another agency's data in the case team only with consent, and names the rule", () => {
    expect(decide(as(Agency.CSD, "SOCIAL_WORKER"), teamMember, "GIVEN", "JobseekerRecord.status")).toEqual({
      allowed: true,
      rule: "jobseekerRecord (ACCESS.md: “jobseeker record: status, registration date, office”): CSD, in the case team, with consent",
    });
    expect(decide(as(Agency.CSD, "SOCIAL_WORKER"), teamMember, "WITHDRAWN", "JobseekerRecord.status")).toMatchObject({ allowed: false, rule: expect.stringContaining("consent withdrawn") });
    expect(decide(as(Agency.EMPLOYMENT, "OFFICER"), teamMember, "NEVER", "JobseekerRecord.status")).toMatchObject({ allowed: true, rule: expect.stringContaining("no consent needed") });
  });

  it("refuses everything personal outside the case team", () => {
    for (const field of ["Participant.firstName", "Participant.emso", "Participant.socialCase", "Participant.consent"]) {
      for (const agency of [Agency.EMPLOYMENT, Agency.CSD, Agency.COORDINATION, Agency.PROVIDER, Agency.OVERSIGHT]) {
        expect({ field, agency, allowed: decide(as(agency), outsider, "GIVEN", field).allowed }).toEqual({ field, agency, allowed: false });
      }
    }
  });

  it("gives the access log to the assigned coordinator and a DPO of OVERSIGHT; DPO asserted by a provider grants nothing", () => {
    expect(decide(as(Agency.COORDINATION, "COORDINATOR"), assigned, "NEVER", "Query.accessLog").allowed).toBe(true);
    expect(decide(as(Agency.COORDINATION, "COORDINATOR"), teamMember, "GIVEN", "Query.accessLog").allowed).toBe(false);
    expect(decide(as(Agency.OVERSIGHT, "DPO"), outsider, "NEVER", "Query.accessLog").allowed).toBe(true);
    expect(decide(as(Agency.OVERSIGHT, "ANALYST"), outsider, "GIVEN", "Query.accessLog")).toMatchObject({ allowed: false, rule: expect.stringContaining("role not held") });
    expect(decide(as(Agency.PROVIDER, "PROVIDER_STAFF", "DPO"), teamMember, "GIVEN", "Query.accessLog")).toMatchObject({ allowed: false, rule: expect.stringContaining("nothing for PROVIDER") });
  });

  it("lets a provider see the records of its own runs only", () => {
    const provider = as(Agency.PROVIDER, "PROVIDER_STAFF");
    expect(decide(provider, { ...teamMember, records: ["OWN_RUNS"] }, "NEVER", "Enrolment.attendanceRate").allowed).toBe(true);
    expect(decide(provider, { ...teamMember, records: [] }, "GIVEN", "Enrolment.attendanceRate").allowed).toBe(false);
    expect(decide(provider, teamMember, "GIVEN", "Participant.enrolments")).toMatchObject({ allowed: true, rule: expect.stringContaining("a list that shows only the records") });
    expect(decide(as(Agency.OVERSIGHT, "ANALYST"), outsider, "GIVEN", "ProgrammeRun.teamMeetings")).toMatchObject({ allowed: true, emptyOrRefused: true });
  });

  it("decides a run's meetings by the record relation alone: attended by the unit, or of the provider's own runs", () => {
    expect(decideRecord(as(Agency.EMPLOYMENT, "OFFICER"), ["ATTENDED_BY_UNIT"], "TeamMeeting.agreements").allowed).toBe(true);
    expect(decideRecord(as(Agency.EMPLOYMENT, "OFFICER"), [], "TeamMeeting.agreements").allowed).toBe(false);
    expect(decideRecord(as(Agency.PROVIDER, "PROVIDER_STAFF"), ["ATTENDED_BY_UNIT"], "TeamMeeting.agreements").allowed).toBe(false);
    expect(decideRecord(as(Agency.COORDINATION, "COORDINATOR"), ["DISCUSSED_CASELOAD"], "TeamMeeting.agreements").allowed).toBe(true);
    expect(decideRecord(as(Agency.OVERSIGHT, "DPO"), ["ATTENDED_BY_UNIT"], "TeamMeeting.agreements").allowed).toBe(false);
  });

  it("never gives the hub's machinery to a user", () => {
    expect(decide(as(Agency.COORDINATION, "COORDINATOR"), assigned, "GIVEN", "Query.caseTeams")).toMatchObject({ allowed: false, rule: expect.stringContaining("services only") });
  });

  it("carries the target group's rule into programmeTypes", () => {
    const types = ["GENERAL", "ROMA_WOMEN"] as const;
    expect(readableDerivedValues(as(Agency.EMPLOYMENT, "OFFICER"), teamMember, "GIVEN", "Eligibility.programmeTypes", types)).toEqual(["GENERAL"]);
    expect(readableDerivedValues(as(Agency.COORDINATION, "COORDINATOR"), teamMember, "GIVEN", "Eligibility.programmeTypes", types)).toEqual(types);
  });

  it("says where each group comes from in ACCESS.md's words", () => {
    for (const group of Object.values(ACCESS_POLICY)) expect(group.data.length).toBeGreaterThan(5);
  });
});

it("throws for a field the policy does not name", () => {
  expect(() => decide(as(Agency.CSD), teamMember, "GIVEN", "Participant.shoeSize")).toThrow("Participant.shoeSize is in no group");
});
