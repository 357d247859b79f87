import { addDays, todayInLjubljana, type IsoDate } from "./calendar";
import { demoData, DEMO_REGIONS, demoUuid } from "./demo-data";
import type { DemoData, DemoParticipant } from "./demo-data.types";
import { makeEmso } from "./emso";
import { EnrolmentStatus, Gender, JobseekerStatus, JourneyStage, ProgrammeType, ReferralStatus, ResidenceStatus } from "./enums";

/**
 * A national-scale data set for benchmarks (`npm run seed -- --participants 100000`): the demo data
 * set, plus as many more people as asked, consistent across the agencies' databases in the same
 * way — each person's coordinator, CSD and office in their region, enrolments only with a referral
 * and within a run's capacity, the enrolled and the referred eligible. Deterministic for a given
 * count and anchor. No attendance for the added people: the table would dwarf everything else.
 */
const PEOPLE_PER_COORDINATOR = 120;
const RUN_CAPACITY = 15;
const FIRST_NAMES: Record<Gender, string[]> = {
  [Gender.FEMALE]: ["Ana", "Maja", "Eva", "Nina", "Sara", "Petra", "Mojca", "Mateja", "Barbara", "Urška", "Špela", "Tanja"],
  [Gender.MALE]: ["Franc", "Janez", "Marko", "Luka", "Matej", "Jure", "Rok", "Miha", "Gregor", "Andrej", "Tomaž", "Aleš"],
};
const LAST_NAMES = ["Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač", "Mlakar", "Kos", "Vidmar", "Golob", "Turk", "Božič", "Kralj", "Zupan", "Bizjak", "Hribar", "Korošec", "Rozman", "Kotnik"];

export function scaleData(participants: number, anchor: IsoDate = todayInLjubljana()): DemoData {
  if (!Number.isInteger(participants) || participants < 1) throw new RangeError("participants must be a positive whole number");
  const data = demoData(anchor);
  const extra = Math.max(participants - data.participants.length, 0);
  if (extra === 0) return data;

  const coordinatorsByRegion = new Map<string, string[]>(DEMO_REGIONS.map((region) => [region, []]));
  for (let index = 0; index < Math.ceil(extra / PEOPLE_PER_COORDINATOR); index += 1) {
    const region = DEMO_REGIONS[index % DEMO_REGIONS.length];
    const id = demoUuid(`scale:coordinator:${index}`);
    data.coordinators.push({ id, name: `Koordinator/ka ${index + 1} (${region})`, region });
    coordinatorsByRegion.get(region)!.push(id);
  }
  // Runs of the GENERAL programmes (everyone eligible fits them), in preparation or implementation on the anchor day.
  const general = data.programmes.filter((programme) => programme.type === ProgrammeType.GENERAL);
  const runs = Array.from({ length: Math.ceil((extra * 0.4) / RUN_CAPACITY) + 1 }, (_, index) => ({
    id: demoUuid(`scale:run:${index}`),
    programmeId: general[index % general.length].id,
    startDate: addDays(anchor, -(10 + ((index * 7) % 170))),
    capacity: RUN_CAPACITY,
  }));
  data.runs.push(...runs);
  const regionOf = new Map(data.programmes.map((programme) => [programme.id, programme.region]));

  const emsos = new Set(data.participants.map((person) => person.emso));
  let enrolled = 0;
  let referred = 0;
  for (let index = 0; index < extra; index += 1) {
    const gender = index % 2 ? Gender.FEMALE : Gender.MALE;
    const birthDate = addDays("1960-01-01", (index * 7919) % 16000);
    let serial = Math.floor(index / 16000);
    let emso = makeEmso(birthDate, gender, serial);
    while (emsos.has(emso)) emso = makeEmso(birthDate, gender, (serial += 1));
    emsos.add(emso);
    const journey = index % 10;
    // The enrolled and referred take runs in their own region's programmes when one has room.
    const run = journey <= 3 ? runs[(journey <= 2 ? enrolled : referred) % runs.length] : undefined;
    const region = run ? regionOf.get(run.programmeId)! : DEMO_REGIONS[index % DEMO_REGIONS.length];
    const coordinators = coordinatorsByRegion.get(region)!;
    const id = demoUuid(`scale:participant:${index}`);
    const consent = index % 7 !== 0;
    const person: DemoParticipant = {
      id,
      firstName: FIRST_NAMES[gender][index % 12],
      lastName: `${LAST_NAMES[index % LAST_NAMES.length]}-${(index % 997).toString(36)}`,
      emso,
      gender,
      birthDate,
      residenceStatus: journey <= 3 || index % 20 ? ResidenceStatus.CITIZEN : ResidenceStatus.PERMANENT_RESIDENCE,
      languageBarrier: false,
      romaCommunity: false,
      region,
      coordinatorId: coordinators.length ? coordinators[Math.floor(index / DEMO_REGIONS.length) % coordinators.length] : null,
      centreId: data.socialWorkCentres.find((centre) => centre.region === region)!.id,
      officeId: data.employmentOffices.filter((office) => office.region === region)[index % 2 === 0 ? 0 : data.employmentOffices.filter((office) => office.region === region).length - 1].id,
      stage: JourneyStage.CANDIDATE,
      consentGrantedAt: consent ? `${addDays(anchor, -100)}T09:00:00.000Z` : null,
      consentWithdrawnAt: null,
      registeredAt: `${addDays(anchor, -200)}T09:00:00.000Z`,
    };
    data.participants.push(person);
    // Everyone enrolled or referred is registered unemployed: a ground that never lapses with the anchor.
    if (journey <= 3 || index % 10 < 7) {
      data.jobseekers.push({ participantId: id, officeId: person.officeId, status: journey <= 3 || index % 3 ? JobseekerStatus.UNEMPLOYED : JobseekerStatus.TEMPORARILY_UNEMPLOYABLE, registeredOn: addDays(anchor, -400), employmentPlan: null });
    }
    if (index % 10 < 6) {
      data.socialCases.push({ participantId: id, centreId: person.centreId, caseWorker: "Socialna delavka", complexSocialProblems: index % 5 === 0, note: null });
    }
    if (index % 5 < 2) {
      data.assistanceDecisions.push({ id: demoUuid(`scale:decision:${index}`), participantId: id, centreId: person.centreId, number: `S-${index}/2026`, validFrom: addDays(anchor, -60), validTo: addDays(anchor, 120), monthlyAmount: 250 + (index % 300) });
    }
    if (run && journey <= 2) {
      person.stage = JourneyStage.ENROLLED;
      const referral = { id: demoUuid(`scale:referral:${index}`), participantId: id, runId: run.id, status: ReferralStatus.ENROLLED, createdAt: `${addDays(run.startDate, -5)}T10:00:00.000Z` };
      data.referrals.push(referral);
      data.enrolments.push({ id: demoUuid(`scale:enrolment:${index}`), participantId: id, runId: run.id, status: EnrolmentStatus.ENROLLED, enrolledOn: run.startDate, exitedOn: null, exitOutcome: null });
      enrolled += 1;
    } else if (run) {
      person.stage = JourneyStage.REFERRED;
      data.referrals.push({ id: demoUuid(`scale:referral:${index}`), participantId: id, runId: run.id, status: ReferralStatus.PENDING, createdAt: `${addDays(anchor, -3)}T10:00:00.000Z` });
      referred += 1;
    } else if (journey === 4) {
      person.stage = JourneyStage.MOTIVATION_INTERVIEW;
    }
  }
  return data;
}
