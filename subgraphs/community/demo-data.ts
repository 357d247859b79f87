import type { EntityManager } from "typeorm";
import { DEMO_REGIONS, demoUuid } from "../../shared/demo-data";
import { insertInChunks } from "../../shared/database";
import type { DemoData } from "../../shared/demo-data.types";
import { CommunityOfferEntity } from "./offer/offer.entity";
import { CommunityOfferKind } from "./offer/offer.type";
import { CommunityReferralEntity } from "./referral/referral.entity";

/** Three offers in every region, and a referral for every tenth consenting participant with a coordinator. */
const OFFERS: { kind: CommunityOfferKind; name: (region: string) => string; help: string[] }[] = [
  { kind: CommunityOfferKind.HEALTH_PROMOTION_CENTRE, name: (region) => `Center za krepitev zdravja, ${region}`, help: ["gibanje", "zdrava prehrana", "duševno zdravje"] },
  { kind: CommunityOfferKind.LIBRARY, name: (region) => `Splošna knjižnica, ${region}`, help: ["bralni krožek", "digitalna pismenost", "tečaj slovenščine"] },
  { kind: CommunityOfferKind.NGO, name: (region) => `Društvo za medgeneracijsko sožitje, ${region}`, help: ["prostovoljstvo", "skupine za samopomoč"] },
];

export async function loadCommunityDemoData(manager: EntityManager, data: DemoData): Promise<void> {
  const offers: CommunityOfferEntity[] = DEMO_REGIONS.flatMap((region) =>
    OFFERS.map((offer) => ({
      id: demoUuid(`community-offer:${region}:${offer.kind}`),
      name: offer.name(region),
      kind: offer.kind,
      region,
      help: offer.help,
      contact: `info@${offer.kind.toLowerCase().replace(/_/g, "-")}.${region.toLowerCase().replace(/[^a-z]/g, "")}.si`,
    })),
  );
  await insertInChunks(manager, CommunityOfferEntity, offers);
  const referred = data.participants.filter((person) => person.coordinatorId && person.consentGrantedAt && !person.consentWithdrawnAt).filter((_, index) => index % 10 === 0);
  await insertInChunks(manager, CommunityReferralEntity,
    referred.map((person, index) => ({
      id: demoUuid(`community-referral:${person.id}`),
      participantId: person.id,
      offerId: demoUuid(`community-offer:${person.region}:${OFFERS[index % OFFERS.length].kind}`),
      referredOn: data.anchor,
      referredBy: person.coordinatorId!,
      note: "Predstavitev na timskem sestanku.",
    })),
  );
}
