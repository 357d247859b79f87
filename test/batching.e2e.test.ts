import { demoData } from "../shared/demo-data";
import { makeEmso } from "../shared/emso";
import { Agency, Gender } from "../shared/enums";
import { contractOperation } from "./support/contract";
import { allowedData, startTestHub, type TestHub } from "./support/hub";
import { user } from "./support/users";

/**
 * Batching: every relation and reference goes through a per-request DataLoader, so the SQL a
 * request costs does not grow with the page. A coordinator with 60 consenting people on the
 * caseload asks for pages of 5 and of 50; each subgraph must send the same number of statements.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

it("costs the same number of SQL statements per subgraph for a Caseload page of 5, one of 50, and a deep page", async () => {
  const data = demoData();
  const coordinator = data.coordinators[0];
  const as = user(Agency.COORDINATION, coordinator.id);
  const centre = data.socialWorkCentres.find((candidate) => candidate.region === coordinator.region)!;
  const office = data.employmentOffices.find((candidate) => candidate.region === coordinator.region)!;
  for (let index = 0; index < 60; index += 1) {
    const registered = allowedData(
      await hub.requestAs<{ registerCandidate: { id: string } }>(as, contractOperation("RegisterCandidate"), {
        input: {
          firstName: `Oseba${index}`,
          lastName: `Testna${String(index).padStart(2, "0")}`,
          emso: makeEmso("1980-01-01", index % 2 ? Gender.MALE : Gender.FEMALE, 1000 + index),
          gender: index % 2 ? "MALE" : "FEMALE",
          residenceStatus: "CITIZEN",
          centreId: centre.id,
          officeId: office.id,
        },
      }),
    );
    allowedData(await hub.requestAs(as, contractOperation("RecordConsent"), { participantId: registered.registerCandidate.id, granted: true }));
  }

  const cost = async (first: number, after: string | null = null) => {
    const before = hub.statementCounts();
    const answer = await hub.requestAs<{ participants: { edges: unknown[]; pageInfo: { endCursor: string } } }>(as, contractOperation("Caseload"), {
      first,
      after,
      filter: { search: "Testna" },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.participants.edges).toHaveLength(first);
    const counts = hub.statementCounts();
    return { statements: Object.fromEntries(Object.keys(counts).map((name) => [name, counts[name] - before[name]])), endCursor: answer.data!.participants.pageInfo.endCursor };
  };
  await cost(5);
  const five = (await cost(5)).statements;
  const fifty = (await cost(50)).statements;
  expect(fifty).toEqual(five);

  // A deep page (keyset: after the 50th person) costs what the first page costs.
  const { endCursor } = await cost(50);
  const deep = (await cost(5, endCursor)).statements;
  expect(deep).toEqual(five);
  // Caseload asks every agency's subgraph (a partner's is not in it): each must have done real work.
  for (const name of ["employment", "csd", "coordination", "providers"]) expect({ name, statements: five[name] > 0 }).toEqual({ name, statements: true });
});
