import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { demoData } from "../shared/demo-data";
import { postGraphQL, startTestHub, type TestHub } from "./support/hub";

/**
 * The README's promises: its demo users exist in the demo data, `npm run token` signs tokens the
 * hub accepts for them, and its first query answers with data from the four subgraphs it asks.
 */
const README = fs.readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");
const demoUsers = [...README.matchAll(/^\| (COORDINATION|CSD|EMPLOYMENT|PROVIDER|OVERSIGHT) \| `([^`]+)` \|/gm)].map(([, agency, unit]) => ({ agency, unit }));
const participantId = /\(`([0-9a-f-]{36})`\)/.exec(README)![1];
const firstQuery = JSON.parse(/-d '(\{"query".*\})'/.exec(README)![1]).query as string;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** Exactly what a developer runs: the npm script, in the project folder, with the hub's data directory. */
const tokenFromNpm = (agency: string, unit: string) =>
  execFileSync("npm", ["run", "-s", "token", "--", "--agency", agency, "--unit", unit], {
    cwd: path.resolve(__dirname, ".."),
    env: { ...process.env, DATA_DIR: hub.dataDir, NODE_OPTIONS: "" },
    encoding: "utf8",
  }).trim();

it("lists one demo user per agency, each a unit of the demo data", () => {
  const data = demoData();
  expect(demoUsers.map((user) => user.agency).sort()).toEqual(["COORDINATION", "CSD", "EMPLOYMENT", "OVERSIGHT", "PROVIDER"]);
  const units: Record<string, { id: string }[]> = {
    COORDINATION: data.coordinators,
    CSD: data.socialWorkCentres,
    EMPLOYMENT: data.employmentOffices,
    PROVIDER: data.providers,
  };
  for (const { agency, unit } of demoUsers.filter((user) => user.agency !== "OVERSIGHT")) {
    expect({ agency, known: units[agency].some((entry) => entry.id === unit) }).toEqual({ agency, known: true });
  }
});

it("signs tokens with npm run token that let each demo user see the sample participant's own part", async () => {
  const asked = `query Sample($id: ID!) { participant(id: $id) { firstName jobseeker { status } socialCase { caseWorker } enrolments { id } } }`;
  const seen: Record<string, unknown> = {};
  for (const { agency, unit } of demoUsers) {
    const answer = await postGraphQL<{ participant: Record<string, unknown> | null }>(hub.gateway.url, asked, { id: participantId }, { authorization: `Bearer ${tokenFromNpm(agency, unit)}` });
    expect(answer.errors?.every((error) => error.extensions?.code === "FORBIDDEN") ?? true).toBe(true);
    seen[agency] = answer.data?.participant ?? null;
  }
  // Values from the demo data, not `expect.any(Object)` (which null matches too).
  const data = demoData();
  const person = data.participants.find((candidate) => candidate.id === participantId)!;
  const record = data.jobseekers.find((candidate) => candidate.participantId === participantId);
  const jobseeker = record ? { status: record.status } : null;
  const socialCase = { caseWorker: data.socialCases.find((record) => record.participantId === participantId)!.caseWorker };
  const provider = demoUsers.find((user) => user.agency === "PROVIDER")!;
  const providerEnrolments = data.enrolments
    .filter((enrolment) => enrolment.participantId === participantId && data.programmes.find((programme) => programme.id === data.runs.find((run) => run.id === enrolment.runId)!.programmeId)!.providerId === provider.unit)
    .map((enrolment) => ({ id: enrolment.id }));
  expect(providerEnrolments.length).toBeGreaterThan(0);
  expect(seen.COORDINATION).toMatchObject({ firstName: person.firstName, jobseeker, socialCase: null });
  expect(seen.CSD).toMatchObject({ firstName: person.firstName, socialCase });
  expect(seen.EMPLOYMENT).toMatchObject({ firstName: person.firstName, jobseeker, socialCase: null });
  expect(seen.PROVIDER).toMatchObject({ firstName: person.firstName, jobseeker: null, enrolments: providerEnrolments });
  expect(seen.OVERSIGHT).toBeNull();
});

it("answers the README's first query for its coordinator with every subgraph's part", async () => {
  const coordinator = demoUsers.find((user) => user.agency === "COORDINATION")!;
  const answer = await postGraphQL<{ participants: { totalCount: number; edges: { node: Record<string, unknown> }[] } }>(hub.gateway.url, firstQuery, {}, {
    authorization: `Bearer ${tokenFromNpm(coordinator.agency, coordinator.unit)}`,
  });
  expect(answer.data!.participants.totalCount).toBeGreaterThan(0);
  const consenting = answer.data!.participants.edges.map((edge) => edge.node).find((node) => node.eligibility !== null)!;
  expect(consenting).toMatchObject({ firstName: expect.any(String), stage: "ENROLLED", eligibility: { eligible: true }, enrolments: [expect.objectContaining({ status: "ENROLLED" })] });
});
