import { todayInLjubljana } from "../shared/calendar";
import type { Caller } from "../shared/context";
import { demoData, demoEligibilityFacts } from "../shared/demo-data";
import type { DemoParticipant } from "../shared/demo-data.types";
import { Agency, EnrolmentStatus, JourneyStage, ProgrammeType } from "../shared/enums";
import { assessEligibility } from "../subgraphs/coordination/eligibility/eligibility";
import { contractOperation } from "./support/contract";
import { startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { analyst, coordinatorOf, hasConsent, officerOf, providerStaffOfRun, socialWorkerOf, user } from "./support/users";

// The operation names this file picks its access-log records by: logs keep only known names (shared/operation-names.ts), as an agency lists its own front-end's.
process.env.OPERATION_NAMES = "SideChannelPage,SideChannelIdsOnly,SideChannelMeetings,SideChannelMeetingRead";

/**
 * Side channels in coordination (issue 11, items 3–5; ACCESS.md, "What counts as reading"): data
 * derived from what a caller may not read, cursors, filters and ordering over hidden names, lists
 * that leave no access record, and team meetings checked by agency instead of by unit. Every
 * person, unit and expectation comes from the demo data and the rules, never a fixed answer.
 */
const today = todayInLjubljana();
const data = demoData(today);
const personById = new Map(data.participants.map((person) => [person.id, person]));
const eligibilityOf = (person: DemoParticipant) => assessEligibility(demoEligibilityFacts(data, person, today), today);
const byName = (a: DemoParticipant, b: DemoParticipant) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName);

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ok = <Data>(answer: GraphQLAnswer<Data>): Data => {
  expect(answer.errors).toBeUndefined();
  return answer.data as Data;
};
type AccessRecord = { subject: string; agency: string; unit: string; operationName: string; fields: string[]; outcome: string };
const accessLogOf = async (person: DemoParticipant): Promise<AccessRecord[]> =>
  ok(await hub.requestAs<{ accessLog: AccessRecord[] }>(coordinatorOf(person), contractOperation("AccessLog"), { participantId: person.id, first: 500 })).accessLog;

describe("derived data carries the rule of its inputs: programmeTypes beyond GENERAL only for COORDINATION", () => {
  // Consenting women whose target-group attributes give them a women's programme type.
  const women = data.participants.filter(
    (person) => person.coordinatorId !== null && hasConsent(person) && eligibilityOf(person).programmeTypes.some((type) => type !== ProgrammeType.GENERAL),
  );
  const roma = women.find((person) => person.romaCommunity)!;
  const languageBarrier = women.find((person) => person.languageBarrier)!;

  it.each([
    ["a Roma woman", () => roma],
    ["a woman with a language barrier", () => languageBarrier],
  ])("%s: her office and CSD see at most GENERAL, her coordinator every type that fits", async (_, pick) => {
    const person = pick();
    const expected = eligibilityOf(person);
    const query = `query Types($id: ID!) { participant(id: $id) { id eligibility { eligible grounds programmeTypes } } }`;
    for (const as of [officerOf(person), socialWorkerOf(person)]) {
      const answer = await hub.requestAs<Any>(as, query, { id: person.id });
      expect({ as: as.agency, eligibility: answer.data.participant.eligibility }).toEqual({
        as: as.agency,
        eligibility: { eligible: expected.eligible, grounds: expected.grounds, programmeTypes: [ProgrammeType.GENERAL] },
      });
    }
    const own = await hub.requestAs<Any>(coordinatorOf(person), query, { id: person.id });
    expect(own.data.participant.eligibility).toEqual(expected);
  });

  it("no list shows an office or a CSD a women's programme type, on any page", async () => {
    for (const as of [officerOf(roma), socialWorkerOf(roma), officerOf(languageBarrier), socialWorkerOf(languageBarrier)]) {
      const answer = await hub.requestAs<Any>(as, `{ participants(first: 100) { edges { node { id eligibility { programmeTypes } } } } }`);
      const types = answer.data.participants.edges.flatMap((edge: Any) => edge.node.eligibility?.programmeTypes ?? []);
      expect(types.length).toBeGreaterThan(0);
      expect([...new Set(types)]).toEqual([ProgrammeType.GENERAL]);
    }
  });

  // Red team: the office hid ROMA_WOMEN in programmeTypes but showed the person's enrolment in a run of
  // "Romske žene za skupnost" (type ROMA_WOMEN) beside it.
  const typeOfRun = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((run) => run.id === runId)!.programmeId)!.type;
  const targetGroupRecords = [...data.referrals, ...data.enrolments].filter((record) => typeOfRun(record.runId) !== ProgrammeType.GENERAL);
  const inTargetGroupRun = data.participants.find((person) => person.coordinatorId !== null && hasConsent(person) && targetGroupRecords.some((record) => record.participantId === person.id))!;

  it("shows an office and a CSD no referral, enrolment or roster place in a women's programme: its type is the target group", async () => {
    const person = inTargetGroupRun;
    const general = (records: { participantId: string; runId: string; id: string }[]) =>
      records.filter((record) => record.participantId === person.id && typeOfRun(record.runId) === ProgrammeType.GENERAL).map((record) => record.id).sort();
    const query = `query Journey($id: ID!) { participant(id: $id) { referrals { id run { programme { type } } } enrolments { id run { programme { type } } } } }`;
    for (const as of [officerOf(person), socialWorkerOf(person)]) {
      const { participant } = ok(await hub.requestAs<Any>(as, query, { id: person.id }));
      expect({ as: as.agency, referrals: participant.referrals.map((record: Any) => record.id).sort(), enrolments: participant.enrolments.map((record: Any) => record.id).sort() }).toEqual({
        as: as.agency,
        referrals: general(data.referrals),
        enrolments: general(data.enrolments),
      });
      for (const record of targetGroupRecords.filter((candidate) => candidate.participantId === person.id)) {
        const roster = ok(await hub.requestAs<Any>(as, `query Roster($id: ID!) { programmeRun(id: $id) { enrolments { participant { id } } } }`, { id: record.runId }));
        expect(roster.programmeRun.enrolments.map((enrolment: Any) => enrolment.participant?.id)).not.toContain(person.id);
      }
    }
    const own = ok(await hub.requestAs<Any>(coordinatorOf(person), query, { id: person.id })).participant;
    expect([...own.referrals, ...own.enrolments].some((record: Any) => record.run.programme.type !== ProgrammeType.GENERAL)).toBe(true);
  });

  /**
   * KNOWN LEAK, open (second red team, session 4): hiding those records leaves the journey stage,
   * which ACCESS.md gives the office and the CSD, saying REFERRED or ENROLLED beside no record at
   * all — a marker of a women's programme, in Pomurska of the Roma one. Any partial hiding (the
   * stage, or the run of the record) is a marker too: ACCESS.md's journey row and its target-group
   * rule need a decision before the code can follow it. `it.failing` passes while the leak is there;
   * once it is closed this fails, and becomes a plain `it`.
   */
  it.failing("does not let an office or a CSD tell a women's programme from a stage without records (known leak: needs an ACCESS.md decision)", async () => {
    const person = inTargetGroupRun;
    const query = `query Journey($id: ID!) { participant(id: $id) { stage referrals { id } enrolments { id } } }`;
    for (const as of [officerOf(person), socialWorkerOf(person)]) {
      const { participant } = ok(await hub.requestAs<Any>(as, query, { id: person.id }));
      const withoutRecords = ["REFERRED", "ENROLLED"].includes(participant.stage) && participant.referrals.length === 0 && participant.enrolments.length === 0;
      expect({ as: as.agency, stage: participant.stage, withoutRecords }).toEqual({ as: as.agency, stage: participant.stage, withoutRecords: false });
    }
  });
});

describe("participant lists: cursors, search, filters and order only over what the caller may read", () => {
  // An office whose people include some without consent, one of whom sorts by name before a consenting one.
  const peopleOf = (officeId: string) => data.participants.filter((person) => person.officeId === officeId);
  const officeId = [...new Set(data.participants.map((person) => person.officeId))].find((id) => {
    const people = peopleOf(id);
    const hidden = people.filter((person) => !hasConsent(person));
    return hidden.length >= 2 && people.some((person) => hasConsent(person) && hidden.some((other) => byName(other, person) < 0));
  })!;
  const officer = user(Agency.EMPLOYMENT, officeId);
  const people = peopleOf(officeId);
  const readable = people.filter(hasConsent);
  const hidden = people.filter((person) => !hasConsent(person));

  const page = (as: Caller, variables: Record<string, unknown>, operationName = "SideChannelPage") =>
    hub.requestAs<Any>(
      as,
      `query ${operationName}($first: Int!, $after: String, $filter: ParticipantFilter) {
        participants(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
      }`,
      variables,
    );
  const walk = async (as: Caller, filter?: Record<string, unknown>) => {
    const ids: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const { participants }: Any = ok(await page(as, { first: 2, after, filter }));
      totalCount = participants.totalCount;
      ids.push(...participants.edges.map((edge: Any) => edge.node.id));
      cursors.push(...participants.edges.map((edge: Any) => edge.cursor));
      if (!participants.pageInfo.hasNextPage) break;
      after = participants.pageInfo.endCursor;
    }
    return { ids, cursors, totalCount };
  };

  it("gives cursors that carry no name, yet pages through everyone exactly once", async () => {
    const { ids, cursors, totalCount } = await walk(officer);
    expect(totalCount).toBe(people.length);
    expect([...ids].sort()).toEqual(people.map((person) => person.id).sort());
    for (const cursor of cursors) {
      const decoded = [Buffer.from(cursor, "base64url").toString("utf8"), Buffer.from(cursor, "base64").toString("utf8")].join(" ");
      for (const person of people) {
        expect({ cursor: decoded, carries: [person.firstName, person.lastName].filter((name) => decoded.includes(name)) }).toEqual({ cursor: decoded, carries: [] });
      }
    }
  });

  it("orders the readable people by name, then the others by id alone", async () => {
    const { ids } = await walk(officer);
    expect(ids.slice(0, readable.length).sort()).toEqual(readable.map((person) => person.id).sort());
    expect(ids.slice(readable.length)).toEqual(hidden.map((person) => person.id).sort());
    // Each coordinator, who reads every name of its caseload, lists its people of this office in the same order.
    for (const coordinatorId of new Set(readable.map((person) => person.coordinatorId).filter((id): id is string => id !== null))) {
      const theirs = new Set(readable.filter((person) => person.coordinatorId === coordinatorId).map((person) => person.id));
      const coordinatorOrder = (await walk(user(Agency.COORDINATION, coordinatorId))).ids.filter((id) => theirs.has(id));
      expect(ids.filter((id) => theirs.has(id))).toEqual(coordinatorOrder);
    }
  });

  it("refuses, as BAD_USER_INPUT naming `after`, a cursor of a person the caller may not see, exactly as a made-up one", async () => {
    const { cursors } = await walk(officer);
    const otherOffice = user(Agency.EMPLOYMENT, data.employmentOffices.find((office) => office.id !== officeId && peopleOf(office.id).length > 0)!.id);
    const foreign = await page(otherOffice, { first: 2, after: cursors[0] });
    const madeUp = await page(otherOffice, { first: 2, after: "bm90IGEgY3Vyc29y" });
    expect(foreign.data).toBeNull();
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    expect(foreign.errors?.map((error) => error.message)).toEqual(madeUp.errors?.map((error) => error.message));
    // Oversight sees nobody, so no cursor is one it may continue after.
    const oversight = await page(analyst(), { first: 2, after: cursors[0] });
    expect(oversight.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("matches a name search, and every other filter, only on the people whose names the caller may read", async () => {
    for (const person of hidden) {
      const filters = [
        { search: person.lastName.slice(0, 3) },
        { search: person.firstName.slice(0, 3) },
        { stage: person.stage },
        { region: person.region },
        ...(person.coordinatorId ? [{ coordinatorId: person.coordinatorId }] : []),
      ];
      for (const filter of filters) {
        const { ids, totalCount } = await walk(officer, filter);
        const matches = (candidate: DemoParticipant) =>
          "search" in filter
            ? [candidate.firstName, candidate.lastName].some((name) => name.toLowerCase().startsWith(filter.search!.toLowerCase()))
            : "stage" in filter
              ? candidate.stage === filter.stage
              : "region" in filter
                ? candidate.region === filter.region
                : candidate.coordinatorId === filter.coordinatorId;
        const expected = readable.filter(matches).map((candidate) => candidate.id).sort();
        expect({ filter, ids: [...ids].sort(), totalCount }).toEqual({ filter, ids: expected, totalCount: expected.length });
      }
    }
  });

  it("searches the coordinator's whole caseload, consent or not (the coordinator reads every name there)", async () => {
    const person = data.participants.find((candidate) => candidate.coordinatorId !== null && !hasConsent(candidate))!;
    const { ids } = await walk(coordinatorOf(person), { search: person.lastName });
    expect(ids).toContain(person.id);
  });

  it("records a READ for every person listed, even when only id and cursor are selected", async () => {
    const operationName = "SideChannelIdsOnly";
    const { participants } = ok(await page(officer, { first: 100 }, operationName));
    expect(participants.edges.length).toBe(people.length);
    for (const person of [hidden[0], readable[0]]) {
      const records = (await accessLogOf(person)).filter((record) => record.operationName === operationName);
      expect(records).toEqual([expect.objectContaining({ agency: Agency.EMPLOYMENT, unit: officeId, outcome: "SERVED", fields: expect.arrayContaining(["participants"]) })]);
    }
  });
});

describe("team meetings: read by the units that attended, not by agency", () => {
  // A consenting person enrolled in a run under way, and another consenting person of the same
  // coordinator at another office (so that one office's case team holds one of them only).
  const person = data.participants.find(
    (candidate) =>
      candidate.coordinatorId !== null &&
      hasConsent(candidate) &&
      candidate.stage === JourneyStage.ENROLLED &&
      data.enrolments.some((enrolment) => enrolment.participantId === candidate.id && enrolment.status === EnrolmentStatus.ENROLLED) &&
      data.participants.some((other) => other.coordinatorId === candidate.coordinatorId && hasConsent(other) && other.officeId !== candidate.officeId),
  )!;
  const neighbour = data.participants.find((other) => other.coordinatorId === person.coordinatorId && hasConsent(other) && other.officeId !== person.officeId)!;
  const runId = data.enrolments.find((enrolment) => enrolment.participantId === person.id && enrolment.status === EnrolmentStatus.ENROLLED)!.runId;
  const coordinator = coordinatorOf(person);
  const provider = providerStaffOfRun(data, runId);
  const office = officerOf(person);
  const centre = socialWorkerOf(person);
  const neighbourOffice = officerOf(neighbour);
  const farRegion = data.regions.find((region) => region !== person.region && region !== neighbour.region)!;
  const farCentre = user(Agency.CSD, data.socialWorkCentres.find((unit) => unit.region === farRegion)!.id);
  const farOffice = user(Agency.EMPLOYMENT, data.employmentOffices.find((unit) => unit.region === farRegion)!.id);
  const farCoordinator = user(Agency.COORDINATION, data.coordinators.find((unit) => unit.region === farRegion)!.id);
  const otherProvider = user(Agency.PROVIDER, data.providers.find((unit) => unit.id !== provider.unit)!.id);
  const meetingsOf = (as: Caller, operationName = "SideChannelMeetings") =>
    hub.requestAs<Any>(
      as,
      `query ${operationName}($runId: ID!) { programmeRun(id: $runId) { teamMeetings { id units agencies agreements participants { id } } } }`,
      { runId },
    );
  const idsSeenBy = async (as: Caller) => ((await meetingsOf(as)).data?.programmeRun?.teamMeetings ?? []).map((meeting: Any) => meeting.id);

  // The centre attends, the office does not; the coordinator neither, but both people are of its caseload.
  let withoutOffice: Any;
  // The coordinator and the neighbour's office attend; nobody is discussed.
  let noneDiscussed: Any;
  beforeAll(async () => {
    const record = async (input: Record<string, unknown>) =>
      ok(await hub.requestAs<Any>(coordinator, `mutation Meeting($input: TeamMeetingInput!) { recordTeamMeeting(input: $input) { id kind heldOn agencies units } }`, { input })).recordTeamMeeting;
    withoutOffice = await record({
      kind: "INTERIM", runId, heldOn: today, units: [centre.unit, provider.unit, neighbourOffice.unit], participantIds: [person.id, neighbour.id], agreements: "Vmesni pregled: jezikovni tečaj, iskanje zaposlitve.",
    });
    noneDiscussed = await record({ kind: "INTERIM", runId, heldOn: today, units: [coordinator.unit.toUpperCase(), neighbourOffice.unit], participantIds: [], agreements: "Organizacija prevozov." });
  });

  it("records the units and derives the agencies from them", () => {
    expect(withoutOffice).toMatchObject({ kind: "INTERIM", heldOn: today, units: [centre.unit, provider.unit, neighbourOffice.unit], agencies: [Agency.CSD, Agency.PROVIDER, Agency.EMPLOYMENT] });
    expect(noneDiscussed).toMatchObject({ units: [coordinator.unit, neighbourOffice.unit], agencies: [Agency.COORDINATION, Agency.EMPLOYMENT] });
  });

  it("refuses a unit that is none of the directory's offices, centres, coordinators or providers, and agencies other than the units'", async () => {
    const answer = await hub.requestAs(coordinator, `mutation Meeting($input: TeamMeetingInput!) { recordTeamMeeting(input: $input) { id } }`, {
      input: { kind: "INTERIM", runId, heldOn: today, units: [centre.unit, "00000000-0000-4000-8000-000000000000"], participantIds: [], agreements: "" },
    });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.units[1]" });
    const disagreeing = await hub.requestAs(coordinator, `mutation Meeting($input: TeamMeetingInput!) { recordTeamMeeting(input: $input) { id } }`, {
      input: { kind: "INTERIM", runId, heldOn: today, units: [centre.unit], agencies: [Agency.CSD, Agency.EMPLOYMENT], participantIds: [], agreements: "" },
    });
    expect(disagreeing.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.agencies" });
  });

  it("shows a meeting to the offices and centres that attended, and not to others of the case team or of other regions", async () => {
    expect(await idsSeenBy(centre)).toContain(withoutOffice.id);
    expect(await idsSeenBy(neighbourOffice)).toEqual(expect.arrayContaining([withoutOffice.id, noneDiscussed.id]));
    const ownOffice = await idsSeenBy(office);
    expect(ownOffice).not.toContain(withoutOffice.id);
    expect(ownOffice).not.toContain(noneDiscussed.id);
    for (const outsider of [farCentre, farOffice]) expect(await idsSeenBy(outsider)).toEqual([]);
  });

  it("shows coordination the meetings its unit attended and those about its caseload; a provider those of its runs; oversight none", async () => {
    expect(await idsSeenBy(coordinator)).toEqual(expect.arrayContaining([withoutOffice.id, noneDiscussed.id]));
    expect(await idsSeenBy(farCoordinator)).toEqual([]);
    expect(await idsSeenBy(provider)).toEqual(expect.arrayContaining([withoutOffice.id, noneDiscussed.id]));
    expect(await idsSeenBy(otherProvider)).toEqual([]);
    const oversight = await meetingsOf(analyst());
    expect(oversight.data?.programmeRun?.teamMeetings ?? null).toBeNull();
    // Through the person, too: the office in her case team still does not see a meeting it missed.
    const viaPerson = await hub.requestAs<Any>(office, `query ($id: ID!) { participant(id: $id) { teamMeetings { id } } }`, { id: person.id });
    expect(viaPerson.data.participant.teamMeetings.map((meeting: Any) => meeting.id)).not.toContain(withoutOffice.id);
  });

  it("shows, of the people discussed, only those in the reader's own case teams", async () => {
    const seen = async (as: Caller) => ((await meetingsOf(as)).data.programmeRun.teamMeetings as Any[]).find((meeting) => meeting.id === withoutOffice.id).participants.map((row: Any) => row.id);
    expect(await seen(neighbourOffice)).toEqual([neighbour.id]);
    expect((await seen(coordinator)).sort()).toEqual([person.id, neighbour.id].sort());
  });

  it("records a meeting's read in the access log of each discussed person the reader may see, and of nobody else", async () => {
    const operationName = "SideChannelMeetingRead";
    ok(await meetingsOf(neighbourOffice, operationName));
    const fromOffice = (records: AccessRecord[]) => records.filter((record) => record.operationName === operationName && record.unit === neighbourOffice.unit);
    expect(fromOffice(await accessLogOf(neighbour))).toEqual([expect.objectContaining({ agency: Agency.EMPLOYMENT, outcome: "SERVED", fields: expect.arrayContaining(["teamMeetings"]) })]);
    expect(fromOffice(await accessLogOf(person))).toEqual([]);
  });

  it("gives every demo meeting the units of its run's provider and of the case teams of the people it discussed", async () => {
    const meetings = (data as Any).teamMeetings as { runId: string; units: string[]; participantIds: string[] }[];
    expect(meetings.length).toBeGreaterThan(0);
    for (const meeting of meetings) {
      const provider = providerStaffOfRun(data, meeting.runId).unit;
      const people = meeting.participantIds.map((id) => personById.get(id)!);
      const expected = new Set([provider, ...people.flatMap((p) => [p.coordinatorId, p.centreId, p.officeId]).filter((unit): unit is string => unit !== null)]);
      expect(new Set(meeting.units)).toEqual(expected);
    }
    const sample = meetings.find((meeting) => meeting.participantIds.length > 0)!;
    const attendingOffice = user(Agency.EMPLOYMENT, personById.get(sample.participantIds[0])!.officeId);
    const answer = await hub.requestAs<Any>(attendingOffice, `query ($runId: ID!) { programmeRun(id: $runId) { teamMeetings { units } } }`, { runId: sample.runId });
    expect(answer.data.programmeRun.teamMeetings.map((meeting: Any) => new Set(meeting.units))).toContainEqual(new Set(sample.units));
  });
});

describe("team meetings recorded by agency alone (before units existed)", () => {
  const person = data.participants.find(
    (candidate) => candidate.coordinatorId !== null && hasConsent(candidate) && data.enrolments.some((enrolment) => enrolment.participantId === candidate.id && enrolment.status === EnrolmentStatus.ENROLLED),
  )!;
  const runId = data.enrolments.find((enrolment) => enrolment.participantId === person.id && enrolment.status === EnrolmentStatus.ENROLLED)!.runId;
  const farRegion = data.regions.find((region) => region !== person.region)!;

  it("are not read by a CSD or an office of another region, whose agency was present but whose unit was not", async () => {
    const recorded = ok(
      await hub.requestAs<Any>(coordinatorOf(person), `mutation Meeting($input: TeamMeetingInput!) { recordTeamMeeting(input: $input) { id } }`, {
        input: { kind: "INTERIM", runId, heldOn: today, agencies: [Agency.CSD, Agency.EMPLOYMENT, Agency.COORDINATION], participantIds: [person.id], agreements: "Dogovor o zdravljenju odvisnosti." },
      }),
    ).recordTeamMeeting;
    for (const outsider of [user(Agency.CSD, data.socialWorkCentres.find((unit) => unit.region === farRegion)!.id), user(Agency.EMPLOYMENT, data.employmentOffices.find((unit) => unit.region === farRegion)!.id)]) {
      const answer = await hub.requestAs<Any>(outsider, `query ($runId: ID!) { programmeRun(id: $runId) { teamMeetings { id agreements } } }`, { runId });
      expect({ as: outsider.agency, meetings: answer.data.programmeRun.teamMeetings.filter((meeting: Any) => meeting.id === recorded.id) }).toEqual({ as: outsider.agency, meetings: [] });
    }
  });
});
