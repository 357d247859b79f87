import { demoData } from "../shared/demo-data";
import { contractOperation } from "./support/contract";
import { startTestHub, type GraphQLAnswer, type TestHub } from "./support/hub";
import { blanked, interposeThrough, OutageProxy, type OutageMode } from "./support/outage-proxy";
import { coordinatorOf, knownToEveryAgency, officerOf } from "./support/users";

/**
 * Issue 12: a service that is down takes only its own agency's data out of an answer. The CSD
 * subgraph sits behind a proxy that can refuse connections, reset them, or answer 502 with no body;
 * the coordinator's ParticipantView and the Directory still carry every other agency's data, and
 * each field CSD alone resolves carries an error saying so, at its path.
 */
let hub: TestHub;
const csd = new OutageProxy();
/** Coordination, which the other subgraphs ask for case teams while they serve a request. */
const coordination = new OutageProxy();
const data = demoData();
const person = knownToEveryAgency(data);
const coordinator = coordinatorOf(person);
const baseline: Record<string, GraphQLAnswer<Record<string, unknown>>> = {};

const ask = (operation: string) => hub.requestAs<Record<string, unknown>>(coordinator, contractOperation(operation), operation === "ParticipantView" ? { id: person.id } : undefined);

type Answer = GraphQLAnswer<Record<string, unknown>>;
const outages = (answer: Answer) => (answer.errors ?? []).filter((error) => error.extensions?.code === "SUBGRAPH_UNAVAILABLE");

beforeAll(async () => {
  await csd.start();
  await coordination.start();
  hub = await startTestHub({ interpose: interposeThrough({ csd, coordination }) });
  for (const operation of ["ParticipantView", "Directory"]) baseline[operation] = await ask(operation);
});
afterAll(async () => {
  await hub?.stop();
  await csd.stop();
  await coordination.stop();
});
afterEach(async () => {
  await csd.set("up");
  await coordination.set("up");
});

describe.each<OutageMode>(["refuse", "reset", "bad-gateway"])("with CSD's service down (%s)", (mode) => {
  beforeEach(() => csd.set(mode));

  it("ParticipantView keeps every other agency's data; CSD's fields carry SUBGRAPH_UNAVAILABLE at their paths", async () => {
    expect(baseline.ParticipantView.data?.participant).toMatchObject({ firstName: person.firstName, receivesSocialAssistance: expect.any(Boolean) });
    const answer = await ask("ParticipantView");
    const missing = outages(answer);
    expect(missing.length).toBeGreaterThan(0);
    for (const error of missing) {
      expect(error).toMatchObject({ path: expect.any(Array), extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "csd", agency: "CSD" } });
      expect(error.message).toBe("The Centres for Social Work (CSD) service is not answering; its data is missing from this answer. Try again in a few minutes.");
    }
    const paths = missing.map((error) => error.path!.join("."));
    expect(paths).toEqual(expect.arrayContaining(["participant.receivesSocialAssistance", "participant.hasComplexSocialProblems"]));
    // Everything else is exactly what the coordinator sees with CSD up.
    expect(answer.data).toEqual(blanked(baseline.ParticipantView.data, missing.map((error) => error.path!)));
    const participant = answer.data?.participant as { jobseeker: unknown; enrolments: unknown[]; firstName: string };
    expect(participant).toMatchObject({ firstName: person.firstName, jobseeker: expect.anything() });
    expect(participant.enrolments.length).toBeGreaterThan(0);
    // No other kind of error, and nothing of the hub's inside (URL, host, port) in any message.
    expect((answer.errors ?? []).filter((error) => !["SUBGRAPH_UNAVAILABLE", "FORBIDDEN"].includes(String(error.extensions?.code)))).toEqual([]);
    expect(JSON.stringify(answer.errors)).not.toMatch(/https?:|127\.0\.0\.1|localhost|:\d{3,5}\b|ECONN/);
  });

  it("Directory answers the offices, coordinators and providers, and says the centres are missing", async () => {
    const answer = await ask("Directory");
    expect(answer.data).not.toBeNull();
    expect(answer.data).toEqual({ ...baseline.Directory.data, socialWorkCentres: null });
    expect(answer.errors).toEqual([
      {
        message: expect.stringMatching(/Centres for Social Work.*not answering/),
        locations: [{ line: expect.any(Number), column: expect.any(Number) }],
        path: ["socialWorkCentres"],
        extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph: "csd", agency: "CSD" },
      },
    ]);
  });
});

it("answers in full again once CSD's service is back", async () => {
  await csd.set("refuse");
  expect(outages(await ask("Directory"))).toHaveLength(1);
  await csd.set("up");
  expect(await ask("Directory")).toEqual(baseline.Directory);
  expect(await ask("ParticipantView")).toEqual(baseline.ParticipantView);
});

describe("with coordination's service down, as the other subgraphs ask it for case teams (red team)", () => {
  beforeEach(() => coordination.set("refuse"));

  it("a read of providers' data says coordination is not answering: not an internal error, not FORBIDDEN", async () => {
    const enrolment = data.enrolments.find((candidate) => candidate.participantId === person.id)!;
    const query = "query Roster($id: ID!) { programmeRun(id: $id) { id enrolments { id attendanceRate } } }";
    const answer = await hub.requestAs(coordinator, query, { id: enrolment.runId });
    const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === "SUBGRAPH_UNAVAILABLE")).toBe(true);
    expect(answer.errors![0].extensions).toMatchObject({ subgraph: "coordination", agency: "COORDINATION" });
    expect(answer.errors![0].path).toBeDefined();
    expect(JSON.stringify(answer.errors)).not.toMatch(/https?:|127\.0\.0\.1|localhost|:\d{3,5}\b|ECONN/);
  });

  it("a write whose permission asks coordination says it is not answering, instead of 'not allowed', and stores nothing", async () => {
    const officer = officerOf(person);
    const input = { participantId: person.id, officeId: person.officeId, status: "UNEMPLOYED", registeredOn: data.anchor };
    const answer = await hub.requestAs(officer, contractOperation("RegisterJobseeker"), { input });
    expect(answer.errors?.[0].extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "coordination", agency: "COORDINATION" });
    await coordination.set("up");
    const after = await hub.requestAs<{ participant: { jobseeker: { registeredOn: string } | null } }>(officer, "query J($id: ID!) { participant(id: $id) { jobseeker { registeredOn } } }", { id: person.id });
    expect(after.data?.participant.jobseeker?.registeredOn).not.toBe(data.anchor);
  });
});
