import { demoData, DEMO_REGIONS } from "../../shared/demo-data";
import { Agency } from "../../shared/enums";
import { contractOperation } from "../../test/support/contract";
import { allowedData, forbiddenPaths, startTestHub, type TestHub } from "../../test/support/hub";
import { coordinatorOf, providerStaffOfRun, socialWorkerOf, user } from "../../test/support/users";

/** The community subgraph through the gateway: offers for everyone signed in, referrals for the case team. */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const data = demoData();
const person = data.participants.find((candidate) => candidate.coordinatorId && candidate.consentGrantedAt && !candidate.consentWithdrawnAt && candidate.stage === "ENROLLED")!;

it("lists offers of every region, and one region's on request, to any signed-in user", async () => {
  const all = allowedData(await hub.requestAs<{ communityOffers: { region: string; kind: string }[] }>(user(Agency.OVERSIGHT, "ministry"), "{ communityOffers { region kind help } }"));
  expect(new Set(all.communityOffers.map((offer) => offer.region))).toEqual(new Set(DEMO_REGIONS));
  const one = allowedData(await hub.requestAs<{ communityOffers: { region: string }[] }>(socialWorkerOf(person), `{ communityOffers(region: "${person.region}") { region } }`));
  expect(one.communityOffers.length).toBeGreaterThan(0);
  expect(one.communityOffers.every((offer) => offer.region === person.region)).toBe(true);
});

it("extends ParticipantView with communityReferrals, with no other change: the coordinator refers, the case team sees", async () => {
  const coordinator = coordinatorOf(person);
  const { communityOffers } = allowedData(await hub.requestAs<{ communityOffers: { id: string }[] }>(coordinator, `{ communityOffers(region: "${person.region}") { id } }`));
  const referred = await hub.requestAs<{ referToCommunityOffer: { id: string } }>(
    coordinator,
    `mutation Refer($participantId: ID!, $offerId: ID!) { referToCommunityOffer(participantId: $participantId, offerId: $offerId, note: "Bralni krožek ob torkih.") { id referredOn } }`,
    { participantId: person.id, offerId: communityOffers[0].id },
  );
  expect(referred.errors).toBeUndefined();

  const extended = contractOperation("ParticipantView").replace("enrolments {", "communityReferrals { id note offer { name kind } } enrolments {");
  const asCoordinator = allowedData(await hub.requestAs<{ participant: { firstName: string; communityReferrals: { id: string; note: string }[] } }>(coordinator, extended, { id: person.id }));
  expect(asCoordinator.participant.firstName).toBe(person.firstName);
  expect(asCoordinator.participant.communityReferrals).toContainEqual(expect.objectContaining({ id: referred.data!.referToCommunityOffer.id, note: "Bralni krožek ob torkih." }));

  const asCsd = allowedData(await hub.requestAs<{ participant: { communityReferrals: unknown[] } }>(socialWorkerOf(person), extended, { id: person.id }));
  expect(asCsd.participant.communityReferrals.length).toBeGreaterThan(0);

  // Outside the case team a provider sees nothing of it: the participant itself is refused.
  const stranger = user(Agency.PROVIDER, data.providers.find((provider) => !data.enrolments.some((e) => e.participantId === person.id && providerStaffOfRun(data, e.runId).unit === provider.id))!.id);
  const outside = await hub.requestAs(stranger, extended, { id: person.id });
  expect(forbiddenPaths(outside)).toEqual(["participant"]);
});

it("refuses a referral by anyone but the person's coordinators", async () => {
  const answer = await hub.requestAs(socialWorkerOf(person), `mutation { referToCommunityOffer(participantId: "${person.id}", offerId: "${person.id}") { id } }`);
  expect(answer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});
