/**
 * The demo data set: 200 people seen consistently by the four agencies, with programme runs in every
 * phase on the anchor day. Everything is generated from fixed seeds, so the same anchor always gives
 * the same data, and ids are derived from stable labels, so a person keeps their id (and name) for
 * every anchor; only dates move with the anchor.
 *
 * The coverage the tests and the demo rely on (every eligibility ground alone, every reason to be
 * ineligible, every journey stage, every run phase) is built in on purpose, never left to chance;
 * the generator checks it before it hands the data out.
 */
import { createHash } from "node:crypto";
import { STATISTICAL_REGIONS } from "./indicators/grid";
import { assessEligibility, EligibilityFacts, isEligibleFor } from "../subgraphs/coordination/eligibility/eligibility";
import { phaseOn, runEndDate } from "../subgraphs/providers/run/run-schedule";
import { addDays, addMonths, daysInMonth, IsoDate, isValidIsoDate, todayInLjubljana } from "./calendar";
import type {
  DemoAssistanceDecision,
  DemoAttendance,
  DemoData,
  DemoEnrolment,
  DemoJobseeker,
  DemoParticipant,
  DemoProgramme,
  DemoReferral,
  DemoRun,
  DemoSocialCase,
  DemoTeamMeeting,
  DirectoryEntry,
} from "./demo-data.types";
import { makeEmso } from "./emso";
import {
  Agency,
  EnrolmentStatus,
  ExitOutcome,
  Gender,
  JobseekerStatus,
  JourneyStage,
  ProgrammePhase,
  ProgrammeType,
  ReferralStatus,
  ResidenceStatus,
  TeamMeetingKind,
} from "./enums";

// ---------------------------------------------------------------------------------------------
// Deterministic ids and randomness
// ---------------------------------------------------------------------------------------------

/** A UUID-shaped id (version nibble 5) from a label; the same label gives the same id everywhere. */
export function demoUuid(label: string): string {
  const hex = createHash("sha256").update(`social-activation-demo:${label}`).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A seeded pseudo-random stream (mulberry32); one stream per concern so they do not disturb each other. */
class Random {
  private state: number;

  constructor(label: string) {
    this.state = createHash("sha256").update(label).digest().readUInt32BE(0);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Cannot pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// Day arithmetic the calendar module does not need itself
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

function dayNumber(day: IsoDate): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

function minDay(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** Fixed-date public holidays in Slovenia (MM-DD), on which programmes do not meet. */
const FIXED_HOLIDAYS = new Set(["01-01", "01-02", "02-08", "04-27", "05-01", "05-02", "06-25", "08-15", "10-31", "11-01", "12-25", "12-26"]);

function isWorkingDay(day: IsoDate): boolean {
  const weekday = new Date(dayNumber(day) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !FIXED_HOLIDAYS.has(day.slice(5));
}

/** An instant on `day` during office hours in Ljubljana, written in UTC. */
function officeTimestamp(day: IsoDate, rng: Random, earliestHour = 7): string {
  const hour = rng.int(earliestHour, 14);
  const minute = rng.int(0, 59);
  return `${day}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00.000Z`;
}

// ---------------------------------------------------------------------------------------------
// Reference data: regions and the agencies' units
// ---------------------------------------------------------------------------------------------

/** Slovenia's 12 statistical regions, east to west: the indicators' grid (shared/indicators/grid.ts). */
export const DEMO_REGIONS: readonly string[] = STATISTICAL_REGIONS;

/** The 16 centres for social work after the 2019 reorganisation. */
const CENTRES = [
  { key: "pomurje", name: "CSD Pomurje", region: "Pomurska" },
  { key: "podravje-maribor", name: "CSD Podravje - Maribor", region: "Podravska" },
  { key: "spodnje-podravje", name: "CSD Spodnje Podravje", region: "Podravska" },
  { key: "koroska", name: "CSD Koroška", region: "Koroška" },
  { key: "savinjska", name: "CSD Savinjska", region: "Savinjska" },
  { key: "savinjsko-saleska", name: "CSD Savinjsko-Šaleška", region: "Savinjska" },
  { key: "zasavje", name: "CSD Zasavje", region: "Zasavska" },
  { key: "posavje", name: "CSD Posavje", region: "Posavska" },
  { key: "dolenjska-bela-krajina", name: "CSD Dolenjska in Bela krajina", region: "Jugovzhodna Slovenija" },
  { key: "ljubljana", name: "CSD Ljubljana", region: "Osrednjeslovenska" },
  { key: "osrednja-zahod", name: "CSD Osrednja Slovenija - zahod", region: "Osrednjeslovenska" },
  { key: "osrednja-vzhod", name: "CSD Osrednja Slovenija - vzhod", region: "Osrednjeslovenska" },
  { key: "gorenjska", name: "CSD Gorenjska", region: "Gorenjska" },
  { key: "primorsko-notranjska", name: "CSD Primorsko-notranjska", region: "Primorsko-notranjska" },
  { key: "severna-primorska", name: "CSD Severna Primorska", region: "Goriška" },
  { key: "juzna-primorska", name: "CSD Južna Primorska", region: "Obalno-kraška" },
] as const;

type CentreKey = (typeof CENTRES)[number]["key"];

/** Local offices of the Employment Service; each serves people whose CSD is `centre`. */
const OFFICES: readonly { town: string; region: string; centre: CentreKey }[] = [
  { town: "Murska Sobota", region: "Pomurska", centre: "pomurje" },
  { town: "Lendava", region: "Pomurska", centre: "pomurje" },
  { town: "Ljutomer", region: "Pomurska", centre: "pomurje" },
  { town: "Gornja Radgona", region: "Pomurska", centre: "pomurje" },
  { town: "Maribor", region: "Podravska", centre: "podravje-maribor" },
  { town: "Lenart", region: "Podravska", centre: "podravje-maribor" },
  { town: "Slovenska Bistrica", region: "Podravska", centre: "podravje-maribor" },
  { town: "Ptuj", region: "Podravska", centre: "spodnje-podravje" },
  { town: "Ormož", region: "Podravska", centre: "spodnje-podravje" },
  { town: "Slovenj Gradec", region: "Koroška", centre: "koroska" },
  { town: "Ravne na Koroškem", region: "Koroška", centre: "koroska" },
  { town: "Celje", region: "Savinjska", centre: "savinjska" },
  { town: "Šentjur", region: "Savinjska", centre: "savinjska" },
  { town: "Žalec", region: "Savinjska", centre: "savinjska" },
  { town: "Velenje", region: "Savinjska", centre: "savinjsko-saleska" },
  { town: "Trbovlje", region: "Zasavska", centre: "zasavje" },
  { town: "Hrastnik", region: "Zasavska", centre: "zasavje" },
  { town: "Krško", region: "Posavska", centre: "posavje" },
  { town: "Brežice", region: "Posavska", centre: "posavje" },
  { town: "Sevnica", region: "Posavska", centre: "posavje" },
  { town: "Novo mesto", region: "Jugovzhodna Slovenija", centre: "dolenjska-bela-krajina" },
  { town: "Črnomelj", region: "Jugovzhodna Slovenija", centre: "dolenjska-bela-krajina" },
  { town: "Metlika", region: "Jugovzhodna Slovenija", centre: "dolenjska-bela-krajina" },
  { town: "Ljubljana", region: "Osrednjeslovenska", centre: "ljubljana" },
  { town: "Vrhnika", region: "Osrednjeslovenska", centre: "osrednja-zahod" },
  { town: "Domžale", region: "Osrednjeslovenska", centre: "osrednja-vzhod" },
  { town: "Kamnik", region: "Osrednjeslovenska", centre: "osrednja-vzhod" },
  { town: "Kranj", region: "Gorenjska", centre: "gorenjska" },
  { town: "Jesenice", region: "Gorenjska", centre: "gorenjska" },
  { town: "Škofja Loka", region: "Gorenjska", centre: "gorenjska" },
  { town: "Postojna", region: "Primorsko-notranjska", centre: "primorsko-notranjska" },
  { town: "Ilirska Bistrica", region: "Primorsko-notranjska", centre: "primorsko-notranjska" },
  { town: "Nova Gorica", region: "Goriška", centre: "severna-primorska" },
  { town: "Tolmin", region: "Goriška", centre: "severna-primorska" },
  { town: "Koper", region: "Obalno-kraška", centre: "juzna-primorska" },
  { town: "Izola", region: "Obalno-kraška", centre: "juzna-primorska" },
  { town: "Piran", region: "Obalno-kraška", centre: "juzna-primorska" },
  { town: "Sežana", region: "Obalno-kraška", centre: "juzna-primorska" },
];

/** Social activation coordinators: two in the larger regions, one elsewhere. */
const COORDINATORS: readonly { name: string; region: string }[] = [
  { name: "Maja Kovač", region: "Pomurska" },
  { name: "Tomaž Gjerek", region: "Pomurska" },
  { name: "Petra Kolar", region: "Podravska" },
  { name: "Andrej Lah", region: "Podravska" },
  { name: "Nina Kotnik", region: "Koroška" },
  { name: "Urška Pečnik", region: "Savinjska" },
  { name: "Gregor Ocvirk", region: "Savinjska" },
  { name: "Mojca Jeraj", region: "Zasavska" },
  { name: "Barbara Kostevc", region: "Posavska" },
  { name: "Tanja Kastelic", region: "Jugovzhodna Slovenija" },
  { name: "Matej Bukovec", region: "Jugovzhodna Slovenija" },
  { name: "Katarina Hočevar", region: "Osrednjeslovenska" },
  { name: "Luka Bregar", region: "Osrednjeslovenska" },
  { name: "Špela Jereb", region: "Gorenjska" },
  { name: "Tina Gombač", region: "Primorsko-notranjska" },
  { name: "Alenka Makuc", region: "Goriška" },
  { name: "Vesna Bržan", region: "Obalno-kraška" },
  { name: "Aleš Pahor", region: "Obalno-kraška" },
];

const PROVIDERS = [
  { key: "papilot", name: "Zavod Papilot", region: "Osrednjeslovenska" },
  { key: "humanitas", name: "Društvo Humanitas", region: "Osrednjeslovenska" },
  { key: "lu-ptuj", name: "Ljudska univerza Ptuj", region: "Podravska" },
  { key: "pelikan", name: "Zavod Pelikan", region: "Podravska" },
  { key: "kljuc", name: "Društvo Ključ", region: "Gorenjska" },
  { key: "lu-murska-sobota", name: "Ljudska univerza Murska Sobota", region: "Pomurska" },
  { key: "ric-novo-mesto", name: "Razvojno izobraževalni center Novo mesto", region: "Jugovzhodna Slovenija" },
  { key: "mozaik", name: "Zavod Mozaik", region: "Obalno-kraška" },
  { key: "korak", name: "Zavod Korak", region: "Savinjska" },
] as const;

type ProviderKey = (typeof PROVIDERS)[number]["key"];

interface ProgrammePlan {
  key: string;
  provider: ProviderKey;
  name: string;
  type: ProgrammeType;
  region: string;
  /** Towns whose offices serve the programme's participants; the whole region when absent. */
  towns?: readonly string[];
}

const PROGRAMMES: readonly ProgrammePlan[] = [
  { key: "roma-pomurje", provider: "lu-murska-sobota", name: "Romske žene za skupnost", type: ProgrammeType.ROMA_WOMEN, region: "Pomurska" },
  { key: "roma-ptuj", provider: "lu-ptuj", name: "Korak naprej", type: ProgrammeType.ROMA_WOMEN, region: "Podravska", towns: ["Ptuj", "Ormož"] },
  { key: "roma-dolenjska", provider: "ric-novo-mesto", name: "Romnja v središču", type: ProgrammeType.ROMA_WOMEN, region: "Jugovzhodna Slovenija" },
  { key: "language-ljubljana", provider: "humanitas", name: "Slovenščina za vsakdan", type: ProgrammeType.WOMEN_LANGUAGE_BARRIERS, region: "Osrednjeslovenska", towns: ["Ljubljana"] },
  { key: "language-obala", provider: "mozaik", name: "Ženske brez meja", type: ProgrammeType.WOMEN_LANGUAGE_BARRIERS, region: "Obalno-kraška", towns: ["Koper", "Izola", "Piran"] },
  { key: "language-celje", provider: "korak", name: "Jezik povezuje", type: ProgrammeType.WOMEN_LANGUAGE_BARRIERS, region: "Savinjska", towns: ["Celje", "Velenje"] },
  { key: "general-ljubljana", provider: "papilot", name: "Nova pot", type: ProgrammeType.GENERAL, region: "Osrednjeslovenska" },
  { key: "general-maribor", provider: "pelikan", name: "Aktivno v Mariboru", type: ProgrammeType.GENERAL, region: "Podravska", towns: ["Maribor", "Lenart", "Slovenska Bistrica"] },
  { key: "general-gorenjska", provider: "kljuc", name: "Skupaj zmoremo", type: ProgrammeType.GENERAL, region: "Gorenjska" },
  { key: "general-goriska", provider: "mozaik", name: "Vrata v skupnost", type: ProgrammeType.GENERAL, region: "Goriška" },
  { key: "general-koroska", provider: "pelikan", name: "Zeleni koraki", type: ProgrammeType.GENERAL, region: "Koroška" },
  { key: "general-zasavje", provider: "papilot", name: "Zasavska delavnica priložnosti", type: ProgrammeType.GENERAL, region: "Zasavska" },
  { key: "general-posavje", provider: "ric-novo-mesto", name: "Posavje aktivno", type: ProgrammeType.GENERAL, region: "Posavska" },
  { key: "general-celje", provider: "korak", name: "Moč skupnosti", type: ProgrammeType.GENERAL, region: "Savinjska" },
  { key: "general-pomurje", provider: "lu-murska-sobota", name: "Pomurski vrt", type: ProgrammeType.GENERAL, region: "Pomurska" },
  { key: "general-notranjska", provider: "mozaik", name: "Kras in ljudje", type: ProgrammeType.GENERAL, region: "Primorsko-notranjska" },
];

/** When a run starts, relative to the anchor, so that it is in `phase` on the anchor day. */
type RunTiming =
  | { phase: ProgrammePhase.NOT_STARTED; monthsAhead: number }
  | { phase: ProgrammePhase.PREPARATION; daysAgo: number }
  | { phase: ProgrammePhase.IMPLEMENTATION; monthsIn: number }
  | { phase: ProgrammePhase.IMPLEMENTATION; onThe31st: true }
  | { phase: ProgrammePhase.FOLLOW_UP }
  | { phase: ProgrammePhase.FINISHED; monthsSinceEnd: number };

/** A run and the people placed in it: who is enrolled now, referred, or went through it earlier. */
interface RunPlan {
  programme: string;
  timing: RunTiming;
  capacity: number;
  /** Active runs: enrolled now (stage ENROLLED). */
  enrolled?: number;
  /** Left early: in an active run the person withdrew (stage WITHDRAWN); in a past run, stage `after`. */
  leftEarly?: number;
  /** Pending referrals (stage REFERRED). */
  pending?: number;
  /** Past runs: completed the programme (stage `after`). */
  completed?: number;
  after?: JourneyStage.FOLLOW_UP | JourneyStage.CLOSED;
  /** Nobody is referred to or enrolled in it: tests fill it themselves. */
  keptEmpty?: true;
}

const { NOT_STARTED, PREPARATION, IMPLEMENTATION, FOLLOW_UP, FINISHED } = ProgrammePhase;

const RUNS: readonly RunPlan[] = [
  { programme: "roma-pomurje", timing: { phase: IMPLEMENTATION, monthsIn: 3 }, capacity: 10, enrolled: 3 },
  { programme: "roma-pomurje", timing: { phase: NOT_STARTED, monthsAhead: 2 }, capacity: 8, pending: 2 },
  { programme: "roma-ptuj", timing: { phase: FINISHED, monthsSinceEnd: 5 }, capacity: 8, completed: 2, after: JourneyStage.CLOSED },
  { programme: "roma-ptuj", timing: { phase: PREPARATION, daysAgo: 12 }, capacity: 8, enrolled: 2, pending: 1 },
  { programme: "roma-dolenjska", timing: { phase: FOLLOW_UP }, capacity: 8, completed: 2, leftEarly: 1, after: JourneyStage.FOLLOW_UP },
  { programme: "roma-dolenjska", timing: { phase: NOT_STARTED, monthsAhead: 1 }, capacity: 8, pending: 1 },
  { programme: "language-ljubljana", timing: { phase: IMPLEMENTATION, onThe31st: true }, capacity: 12, enrolled: 4, leftEarly: 1 },
  { programme: "language-ljubljana", timing: { phase: FINISHED, monthsSinceEnd: 8 }, capacity: 12, completed: 3, leftEarly: 1, after: JourneyStage.CLOSED },
  { programme: "language-obala", timing: { phase: IMPLEMENTATION, monthsIn: 5 }, capacity: 10, enrolled: 3 },
  { programme: "language-obala", timing: { phase: NOT_STARTED, monthsAhead: 3 }, capacity: 11, pending: 2 },
  { programme: "language-celje", timing: { phase: FOLLOW_UP }, capacity: 10, completed: 2, leftEarly: 1, after: JourneyStage.FOLLOW_UP },
  { programme: "language-celje", timing: { phase: PREPARATION, daysAgo: 20 }, capacity: 9, enrolled: 2, pending: 1 },
  { programme: "general-ljubljana", timing: { phase: IMPLEMENTATION, monthsIn: 4 }, capacity: 15, enrolled: 8, leftEarly: 1 },
  // The only NOT_STARTED run of capacity 10.
  { programme: "general-ljubljana", timing: { phase: NOT_STARTED, monthsAhead: 1 }, capacity: 10, keptEmpty: true },
  { programme: "general-maribor", timing: { phase: IMPLEMENTATION, monthsIn: 1 }, capacity: 12, enrolled: 6, pending: 1 },
  { programme: "general-maribor", timing: { phase: FINISHED, monthsSinceEnd: 2 }, capacity: 12, completed: 5, leftEarly: 1, after: JourneyStage.FOLLOW_UP },
  { programme: "general-gorenjska", timing: { phase: IMPLEMENTATION, monthsIn: 6 }, capacity: 12, enrolled: 5 },
  { programme: "general-gorenjska", timing: { phase: FINISHED, monthsSinceEnd: 10 }, capacity: 12, completed: 4, leftEarly: 1, after: JourneyStage.CLOSED },
  { programme: "general-goriska", timing: { phase: PREPARATION, daysAgo: 6 }, capacity: 9, enrolled: 3, pending: 2 },
  { programme: "general-goriska", timing: { phase: FINISHED, monthsSinceEnd: 11 }, capacity: 10, completed: 3, after: JourneyStage.CLOSED },
  { programme: "general-koroska", timing: { phase: FOLLOW_UP }, capacity: 10, completed: 4, leftEarly: 1, after: JourneyStage.FOLLOW_UP },
  { programme: "general-koroska", timing: { phase: NOT_STARTED, monthsAhead: 2 }, capacity: 12, pending: 2 },
  { programme: "general-zasavje", timing: { phase: IMPLEMENTATION, monthsIn: 2 }, capacity: 10, enrolled: 4 },
  { programme: "general-zasavje", timing: { phase: FINISHED, monthsSinceEnd: 6 }, capacity: 10, completed: 3, after: JourneyStage.CLOSED },
  { programme: "general-posavje", timing: { phase: IMPLEMENTATION, monthsIn: 3 }, capacity: 10, enrolled: 4 },
  { programme: "general-posavje", timing: { phase: NOT_STARTED, monthsAhead: 1 }, capacity: 12, pending: 2 },
  { programme: "general-celje", timing: { phase: IMPLEMENTATION, monthsIn: 5 }, capacity: 12, enrolled: 5 },
  { programme: "general-celje", timing: { phase: FINISHED, monthsSinceEnd: 3 }, capacity: 12, completed: 4, leftEarly: 1, after: JourneyStage.CLOSED },
  { programme: "general-pomurje", timing: { phase: PREPARATION, daysAgo: 3 }, capacity: 14, enrolled: 3, pending: 3 },
  { programme: "general-notranjska", timing: { phase: FOLLOW_UP }, capacity: 10, completed: 3, after: JourneyStage.FOLLOW_UP },
];

function runLabel(index: number): string {
  const plan = RUNS[index];
  const ordinal = RUNS.slice(0, index + 1).filter((other) => other.programme === plan.programme).length;
  return `run:${plan.programme}:${ordinal}`;
}

const EMPTY_RUN_INDEX = RUNS.findIndex((plan) => plan.keptEmpty === true);
const RUN_ON_THE_31ST_INDEX = RUNS.findIndex((plan) => "onThe31st" in plan.timing);

/**
 * Ids of records tests look for by role rather than by search; they do not depend on the anchor.
 * `emptyNotStartedRun`: a GENERAL run in Osrednjeslovenska, NOT_STARTED on the anchor, capacity 10,
 * with no referrals and no enrolments. `runStartingOn31st`: a run in IMPLEMENTATION whose start date
 * is the 31st of a month.
 */
export const demoIds = {
  emptyNotStartedRun: demoUuid(runLabel(EMPTY_RUN_INDEX)),
  runStartingOn31st: demoUuid(runLabel(RUN_ON_THE_31ST_INDEX)),
} as const;

// ---------------------------------------------------------------------------------------------
// Names (data, so in Slovenian)
// ---------------------------------------------------------------------------------------------

const FEMALE_NAMES = [
  "Ana", "Maja", "Eva", "Nina", "Sara", "Petra", "Mojca", "Mateja", "Barbara", "Andreja",
  "Katja", "Tanja", "Urška", "Špela", "Nataša", "Irena", "Jožica", "Marija", "Darja", "Alenka",
  "Vesna", "Metka", "Helena", "Tina", "Lara", "Nika", "Ema", "Zala", "Polona", "Simona",
  "Sonja", "Vida", "Milena", "Bojana", "Jasna", "Ksenija", "Lidija", "Tjaša", "Martina", "Klavdija",
];
const MALE_NAMES = [
  "Franc", "Janez", "Marko", "Luka", "Anže", "Matej", "Jure", "Rok", "Miha", "Gregor",
  "Andrej", "Boštjan", "Tomaž", "Aleš", "Primož", "Peter", "Jože", "Anton", "Stanko", "Milan",
  "Dušan", "Zoran", "Dejan", "Uroš", "Blaž", "Žiga", "Tadej", "Nejc", "Matjaž", "Robert",
  "Igor", "Darko", "Bojan", "Srečko", "Marjan", "Branko", "Mitja", "Simon", "David", "Klemen",
];
const SURNAMES = [
  "Novak", "Horvat", "Kovačič", "Krajnc", "Zupančič", "Potočnik", "Kovač", "Mlakar", "Kos", "Vidmar",
  "Golob", "Turk", "Božič", "Kralj", "Zupan", "Bizjak", "Hribar", "Korošec", "Rozman", "Kotnik",
  "Oblak", "Petek", "Kastelic", "Žagar", "Kolar", "Hočevar", "Košir", "Koren", "Zajc", "Medved",
  "Zorko", "Pirc", "Kuhar", "Tomažič", "Jerman", "Kranjc", "Uršič", "Babič", "Sever", "Lesjak",
  "Bregar", "Dolenc", "Jereb", "Pavlič", "Vidic", "Logar", "Majcen", "Rupnik", "Erjavec", "Zalokar",
  "Kavčič", "Furlan", "Pečnik", "Debeljak", "Bajc", "Jug", "Vovk", "Blatnik", "Knez", "Hren",
];
const ROMA_FEMALE_NAMES = ["Suzana", "Sabina", "Brigita", "Silvija", "Jasmina", "Romana", "Marija", "Vesna", "Natalija", "Melita"];
const ROMA_MALE_NAMES = ["Dejan", "Sandi", "Mirko", "Boštjan", "Elvis", "Danijel"];
const ROMA_SURNAMES = ["Horvat", "Brajdič", "Hudorovac", "Šarkezi", "Baranja", "Hudorovič", "Strojan", "Rudaš"];
/** People from other cultural environments: Kosovo, Bosnia and Herzegovina, North Macedonia, Ukraine. */
const MIGRANT_FEMALE_NAMES = [
  "Fatima", "Amra", "Emina", "Lejla", "Selma", "Merima", "Elma", "Aida", "Edona", "Vjosa",
  "Arbnora", "Shqipe", "Drita", "Samira", "Azra", "Hana", "Olena", "Tetiana",
];
const MIGRANT_MALE_NAMES = ["Arben", "Driton", "Emir", "Kenan", "Adnan", "Besim", "Mirza", "Ilir"];
const MIGRANT_SURNAMES = [
  "Ahmeti", "Hasanović", "Begić", "Krasniqi", "Berisha", "Hodžić", "Gashi", "Osmani",
  "Mehmedović", "Salihu", "Hoxha", "Kurtović", "Delić", "Shala", "Bajrami", "Kovalenko",
];

const CASE_WORKERS = [
  "Darja Mlinar", "Irena Kos", "Suzana Zorman", "Metka Vrhovnik", "Jana Šuštar", "Boris Lipovšek",
  "Andreja Cerar", "Nives Prelog", "Mateja Fras", "Tjaša Ribič", "Rok Ferjan", "Alenka Podgoršek",
];

const COMPLEX_PROBLEM_NOTES = [
  "Dolgotrajna brezposelnost, prezadolženost in neurejene stanovanjske razmere.",
  "Skrb za bolnega družinskega člana, socialna izključenost, zdravstvene težave.",
  "Odvisnost v družini, izkušnja nasilja, šibka socialna mreža.",
  "Brez ustreznega bivališča, dolgovi, nedokončana osnovna šola.",
  "Jezikovne ovire, osamljenost, težave pri urejanju dokumentov.",
  "Enostarševska družina, nizki dohodki, težave v duševnem zdravju.",
];

const EMPLOYMENT_PLANS = [
  "Zaposlitveni načrt: vključitev v socialno aktivacijo, nato usposabljanje na delovnem mestu.",
  "Zaposlitveni načrt: izboljšanje znanja slovenščine in iskanje zaposlitve v storitvenih dejavnostih.",
  "Zaposlitveni načrt: pridobitev NPK pomočnik kuharja in aktivno iskanje zaposlitve.",
  "Zaposlitveni načrt: javna dela v lokalni skupnosti, aktivno iskanje zaposlitve.",
  "Zaposlitveni načrt: dokončanje osnovne šole za odrasle.",
  "Zaposlitveni načrt: računalniško opismenjevanje in priprava življenjepisa.",
];
const UNEMPLOYABLE_PLANS = [
  "Zaposlitveni načrt: obravnava na rehabilitacijski komisiji, nato delo s krajšim delovnim časom.",
  "Zaposlitveni načrt: vključitev v socialno aktivacijo do ponovne ocene zaposljivosti.",
];

// ---------------------------------------------------------------------------------------------
// Person specifications: what each of the 200 people is like, before dates are fixed
// ---------------------------------------------------------------------------------------------

type DspHistory = "none" | "current" | "expired" | "expiredThenCurrent";
type Group = "majority" | "roma" | "migrant";

/** The agencies' facts about a person: jobseeker status (null: no record), social case (null: none), DSP. */
interface FactsPlan {
  jobseeker: JobseekerStatus | null;
  complex: boolean | null;
  dsp: DspHistory;
}

type AgePlan = { kind: "adult"; years: number } | { kind: "minor"; years: 16 | 17 } | { kind: "turns18"; daysFromAnchor: number };

type PlacementKind = "enrolled" | "leftEarlyActive" | "pending" | "completed" | "leftEarlyPast";

interface PersonPlan {
  region: string;
  towns?: readonly string[];
  group: Group;
  gender: Gender;
  languageBarrier: boolean;
  residence: ResidenceStatus;
  age: AgePlan;
  facts: FactsPlan;
  stage: JourneyStage;
  assigned: boolean;
  consent: "granted" | "none" | "withdrawn";
  placement?: { run: number; kind: PlacementKind; outcome?: ExitOutcome };
  /** A referral that did not lead anywhere: declined by the provider or withdrawn by the person. */
  otherReferral?: { run: number; status: ReferralStatus.DECLINED | ReferralStatus.WITHDRAWN };
}

const { UNEMPLOYED, TEMPORARILY_UNEMPLOYABLE, EMPLOYED, DEREGISTERED } = JobseekerStatus;

function dspWith(rng: Random, probability: number): DspHistory {
  if (rng.chance(probability)) return rng.chance(0.3) ? "expiredThenCurrent" : "current";
  return rng.chance(0.1) ? "expired" : "none";
}

function socialCaseWith(rng: Random, probability: number, complexProbability: number): boolean | null {
  return rng.chance(probability) ? rng.chance(complexProbability) : null;
}

/** Facts drawn to the agencies' usual mix; `needGround` guarantees at least one ground. */
function randomFacts(rng: Random, needGround: boolean): FactsPlan {
  const roll = rng.next();
  let facts: FactsPlan;
  if (roll < 0.45) facts = { jobseeker: UNEMPLOYED, complex: socialCaseWith(rng, 0.3, 0.25), dsp: dspWith(rng, 0.2) };
  else if (roll < 0.52) facts = { jobseeker: TEMPORARILY_UNEMPLOYABLE, complex: socialCaseWith(rng, 0.6, 0.5), dsp: dspWith(rng, 0.25) };
  else if (roll < 0.67) facts = { jobseeker: null, complex: socialCaseWith(rng, 1, 0.25), dsp: rng.chance(0.3) ? "expiredThenCurrent" : "current" };
  else if (roll < 0.79) facts = { jobseeker: rng.chance(0.35) ? DEREGISTERED : null, complex: true, dsp: dspWith(rng, 0.3) };
  else if (needGround) {
    facts = rng.chance(0.6)
      ? { jobseeker: UNEMPLOYED, complex: socialCaseWith(rng, 0.3, 0.2), dsp: dspWith(rng, 0.2) }
      : { jobseeker: null, complex: false, dsp: "current" };
  }
  else {
    const jobseeker = rng.pick([EMPLOYED, DEREGISTERED, null]);
    // Without a ground: an employed person may have complex problems, an inactive one may not.
    facts = {
      jobseeker,
      complex: socialCaseWith(rng, 0.4, jobseeker === EMPLOYED ? 0.5 : 0),
      dsp: rng.chance(0.3) ? "expired" : "none",
    };
  }
  // A DSP recipient always has a case at the centre that decides on the assistance.
  if (facts.dsp !== "none" && facts.complex === null) facts.complex = false;
  return facts;
}

function adultAge(rng: Random): AgePlan {
  return { kind: "adult", years: rng.int(20, 64) };
}

/** A person placed in a run: fits the programme's target group and has a ground. */
function placedPerson(rng: Random, programme: ProgrammePlan, run: number, kind: PlacementKind, stage: JourneyStage): PersonPlan {
  let group: Group = "majority";
  let gender = rng.chance(0.55) ? Gender.FEMALE : Gender.MALE;
  let languageBarrier = false;
  let residence = rng.chance(0.02) ? ResidenceStatus.PERMANENT_RESIDENCE : ResidenceStatus.CITIZEN;
  if (programme.type === ProgrammeType.ROMA_WOMEN) {
    group = "roma";
    gender = Gender.FEMALE;
    residence = ResidenceStatus.CITIZEN;
  } else if (programme.type === ProgrammeType.WOMEN_LANGUAGE_BARRIERS) {
    group = "migrant";
    gender = Gender.FEMALE;
    languageBarrier = true;
    residence = rng.chance(0.5) ? ResidenceStatus.PERMANENT_RESIDENCE : ResidenceStatus.CITIZEN;
  }
  const facts = randomFacts(rng, true);
  let outcome: ExitOutcome | undefined;
  if (kind === "completed") {
    outcome = rng.weighted([
      [ExitOutcome.EMPLOYMENT, 2],
      [ExitOutcome.EDUCATION, 1.5],
      [ExitOutcome.OTHER_PROGRAMME, 2],
      [ExitOutcome.COMMUNITY_SERVICE, 2.5],
      [ExitOutcome.NO_EXIT, 2],
    ]);
  } else if (kind === "leftEarlyPast") {
    outcome = rng.weighted([
      [ExitOutcome.EMPLOYMENT, 3],
      [ExitOutcome.NO_EXIT, 5],
      [ExitOutcome.OTHER_PROGRAMME, 2],
    ]);
  } else if (kind === "leftEarlyActive") {
    outcome = ExitOutcome.NO_EXIT;
  }
  // Whoever left for a job is now employed in the Employment Service's register.
  if (outcome === ExitOutcome.EMPLOYMENT) facts.jobseeker = EMPLOYED;
  return {
    region: programme.region,
    towns: programme.towns,
    group,
    gender,
    languageBarrier,
    residence,
    age: adultAge(rng),
    facts,
    stage,
    assigned: true,
    consent: stage === JourneyStage.CLOSED && rng.chance(0.1) ? "withdrawn" : "granted",
    placement: { run, kind, outcome },
  };
}

function plainPerson(
  region: string,
  gender: Gender,
  facts: FactsPlan,
  stage: JourneyStage,
  overrides: Partial<PersonPlan> = {},
): PersonPlan {
  return {
    region,
    group: "majority",
    gender,
    languageBarrier: false,
    residence: ResidenceStatus.CITIZEN,
    age: { kind: "adult", years: 40 },
    facts,
    stage,
    assigned: true,
    consent: "granted",
    ...overrides,
  };
}

/** People built for a particular eligibility situation, so every case exists by construction. */
function coveragePeople(rng: Random): PersonPlan[] {
  const { FEMALE, MALE } = Gender;
  const { CANDIDATE, MOTIVATION_INTERVIEW, WITHDRAWN } = JourneyStage;
  let regionTurn = 0;
  const nextRegion = (): string => DEMO_REGIONS[regionTurn++ % DEMO_REGIONS.length];
  const adult = (): Partial<PersonPlan> => ({ age: adultAge(rng) });
  const people: PersonPlan[] = [];
  const add = (gender: Gender, facts: FactsPlan, stage: JourneyStage, overrides: Partial<PersonPlan> = {}): void => {
    people.push(plainPerson(nextRegion(), gender, facts, stage, { ...adult(), ...overrides }));
  };

  // Each ground alone.
  add(FEMALE, { jobseeker: null, complex: false, dsp: "current" }, MOTIVATION_INTERVIEW);
  add(MALE, { jobseeker: null, complex: false, dsp: "expiredThenCurrent" }, MOTIVATION_INTERVIEW);
  add(MALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: false, dsp: "expired" }, CANDIDATE);
  add(MALE, { jobseeker: TEMPORARILY_UNEMPLOYABLE, complex: false, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(FEMALE, { jobseeker: TEMPORARILY_UNEMPLOYABLE, complex: null, dsp: "none" }, CANDIDATE);
  add(FEMALE, { jobseeker: DEREGISTERED, complex: true, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(MALE, { jobseeker: DEREGISTERED, complex: true, dsp: "expired" }, CANDIDATE);
  add(FEMALE, { jobseeker: null, complex: true, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(MALE, { jobseeker: null, complex: true, dsp: "none" }, CANDIDATE);

  // No ground at all.
  add(MALE, { jobseeker: EMPLOYED, complex: null, dsp: "none" }, CANDIDATE);
  add(FEMALE, { jobseeker: EMPLOYED, complex: false, dsp: "none" }, WITHDRAWN, { consent: "withdrawn" });
  add(MALE, { jobseeker: null, complex: null, dsp: "none" }, CANDIDATE, { consent: "none" });
  add(FEMALE, { jobseeker: null, complex: null, dsp: "none" }, CANDIDATE, { consent: "none" });
  add(FEMALE, { jobseeker: null, complex: null, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(MALE, { jobseeker: EMPLOYED, complex: true, dsp: "none" }, MOTIVATION_INTERVIEW);
  add(FEMALE, { jobseeker: EMPLOYED, complex: true, dsp: "expired" }, WITHDRAWN);
  add(MALE, { jobseeker: null, complex: false, dsp: "expired" }, CANDIDATE);
  add(FEMALE, { jobseeker: DEREGISTERED, complex: false, dsp: "expired" }, MOTIVATION_INTERVIEW);

  // Under 18 despite a ground, and two who turn 18 around the anchor.
  add(MALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, CANDIDATE, { age: { kind: "minor", years: 17 } });
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: false, dsp: "none" }, CANDIDATE, { age: { kind: "minor", years: 16 } });
  add(FEMALE, { jobseeker: null, complex: true, dsp: "none" }, CANDIDATE, { age: { kind: "minor", years: 17 }, consent: "none" });
  add(MALE, { jobseeker: DEREGISTERED, complex: true, dsp: "none" }, CANDIDATE, { age: { kind: "minor", years: 16 } });
  add(MALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, CANDIDATE, { age: { kind: "turns18", daysFromAnchor: 3 } });
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: false, dsp: "none" }, MOTIVATION_INTERVIEW, {
    age: { kind: "turns18", daysFromAnchor: -2 },
  });

  // Residence neither citizenship nor permanent: not eligible whatever the ground.
  const other = { residence: ResidenceStatus.OTHER, group: "migrant" as const };
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, CANDIDATE, { ...other, languageBarrier: true });
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: false, dsp: "none" }, MOTIVATION_INTERVIEW, { ...other, languageBarrier: true });
  add(FEMALE, { jobseeker: null, complex: true, dsp: "none" }, CANDIDATE, { ...other, languageBarrier: true, consent: "none" });
  add(MALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, CANDIDATE, { ...other, languageBarrier: true });
  add(MALE, { jobseeker: TEMPORARILY_UNEMPLOYABLE, complex: false, dsp: "none" }, WITHDRAWN, other);
  add(FEMALE, { jobseeker: UNEMPLOYED, complex: null, dsp: "none" }, MOTIVATION_INTERVIEW, other);

  return people;
}

/** Regions weighted roughly by population, for people not tied to a run. */
const REGION_WEIGHTS: readonly (readonly [string, number])[] = DEMO_REGIONS.map((region) => [
  region,
  region === "Osrednjeslovenska" ? 3 : region === "Podravska" || region === "Savinjska" ? 2 : 1,
]);

/** The rest of the 200: candidates, interviews, withdrawals, a few referrals that went nowhere. */
function otherPeople(rng: Random, count: number): PersonPlan[] {
  const { CANDIDATE, MOTIVATION_INTERVIEW, WITHDRAWN } = JourneyStage;
  const people: PersonPlan[] = [];
  const person = (stage: JourneyStage, overrides: Partial<PersonPlan> = {}): PersonPlan => {
    const gender = rng.chance(0.55) ? Gender.FEMALE : Gender.MALE;
    const eligibleLikely = stage !== CANDIDATE || rng.chance(0.7);
    return plainPerson(rng.weighted(REGION_WEIGHTS), gender, randomFacts(rng, eligibleLikely), stage, {
      age: adultAge(rng),
      ...overrides,
    });
  };

  // Unassigned candidates of their region, no consent yet.
  for (let i = 0; i < 10; i += 1) people.push(person(CANDIDATE, { assigned: false, consent: "none" }));

  // Target-group people not yet in a run.
  const womanFacts = (): FactsPlan => randomFacts(rng, true);
  people.push(person(MOTIVATION_INTERVIEW, { group: "roma", gender: Gender.FEMALE, region: "Pomurska", facts: womanFacts() }));
  people.push(person(CANDIDATE, { group: "roma", gender: Gender.MALE, region: "Jugovzhodna Slovenija" }));
  people.push(person(MOTIVATION_INTERVIEW, { group: "roma", gender: Gender.MALE, region: "Podravska", towns: ["Ptuj"] }));
  for (const region of ["Osrednjeslovenska", "Obalno-kraška", "Savinjska"]) {
    people.push(
      person(MOTIVATION_INTERVIEW, {
        group: "migrant",
        gender: Gender.FEMALE,
        languageBarrier: true,
        residence: ResidenceStatus.PERMANENT_RESIDENCE,
        region,
        facts: womanFacts(),
      }),
    );
  }
  people.push(person(CANDIDATE, { group: "migrant", gender: Gender.MALE, residence: ResidenceStatus.PERMANENT_RESIDENCE, languageBarrier: true }));
  people.push(person(MOTIVATION_INTERVIEW, { group: "migrant", gender: Gender.MALE, residence: ResidenceStatus.PERMANENT_RESIDENCE }));

  // Referrals that went nowhere: declined by the provider (back to interviews) or withdrawn by the person.
  const referable = RUNS.map((plan, index) => ({ plan, index })).filter(
    ({ plan, index }) =>
      index !== EMPTY_RUN_INDEX &&
      programmeOf(plan).type === ProgrammeType.GENERAL &&
      [NOT_STARTED, PREPARATION, IMPLEMENTATION].includes(plan.timing.phase),
  );
  const withReferral = (stage: JourneyStage, status: ReferralStatus.DECLINED | ReferralStatus.WITHDRAWN): PersonPlan => {
    const { plan, index } = rng.pick(referable);
    const programme = programmeOf(plan);
    return person(stage, {
      region: programme.region,
      towns: programme.towns,
      facts: randomFacts(rng, true),
      otherReferral: { run: index, status },
      consent: stage === WITHDRAWN && rng.chance(0.5) ? "withdrawn" : "granted",
    });
  };
  for (let i = 0; i < 4; i += 1) people.push(withReferral(MOTIVATION_INTERVIEW, ReferralStatus.DECLINED));
  for (let i = 0; i < 4; i += 1) people.push(withReferral(JourneyStage.WITHDRAWN, ReferralStatus.WITHDRAWN));

  while (people.length < count) {
    const stage = rng.weighted([
      [CANDIDATE, 4],
      [MOTIVATION_INTERVIEW, 5],
      [WITHDRAWN, 1],
    ] as const);
    const consent = stage === WITHDRAWN ? "granted" : rng.chance(stage === CANDIDATE ? 0.6 : 0.3) ? "none" : "granted";
    people.push(person(stage, { consent }));
  }
  return people;
}

function programmeOf(plan: RunPlan): ProgrammePlan {
  const programme = PROGRAMMES.find((candidate) => candidate.key === plan.programme);
  if (programme === undefined) throw new Error(`Run plan names unknown programme ${plan.programme}`);
  return programme;
}

const PARTICIPANT_COUNT = 200;

/** The 200 people in a fixed order; nothing here depends on the anchor. */
function personPlans(): PersonPlan[] {
  const rng = new Random("demo:people");
  const placed: PersonPlan[] = [];
  RUNS.forEach((plan, index) => {
    const programme = programmeOf(plan);
    const active = plan.timing.phase === PREPARATION || plan.timing.phase === IMPLEMENTATION;
    const after = plan.after ?? JourneyStage.CLOSED;
    const repeat = (times: number | undefined, kind: PlacementKind, stage: JourneyStage): void => {
      for (let i = 0; i < (times ?? 0); i += 1) placed.push(placedPerson(rng, programme, index, kind, stage));
    };
    repeat(plan.enrolled, "enrolled", JourneyStage.ENROLLED);
    repeat(plan.pending, "pending", JourneyStage.REFERRED);
    repeat(plan.completed, "completed", after);
    if (active) repeat(plan.leftEarly, "leftEarlyActive", JourneyStage.WITHDRAWN);
    else repeat(plan.leftEarly, "leftEarlyPast", after);
  });
  const coverage = coveragePeople(rng);
  const others = otherPeople(rng, PARTICIPANT_COUNT - placed.length - coverage.length);
  return new Random("demo:order").shuffle([...placed, ...coverage, ...others]);
}

// ---------------------------------------------------------------------------------------------
// Building the data set for an anchor
// ---------------------------------------------------------------------------------------------

function runStart(timing: RunTiming, anchor: IsoDate): IsoDate {
  switch (timing.phase) {
    case NOT_STARTED:
      return addDays(addMonths(anchor, timing.monthsAhead), 4);
    case PREPARATION:
      return addDays(anchor, -timing.daysAgo);
    case IMPLEMENTATION: {
      if ("monthsIn" in timing) return addDays(addMonths(anchor, -timing.monthsIn), -6);
      // The latest 31st at least two months back: its implementation has begun, its follow-up has not.
      for (let back = 2; back <= 6; back += 1) {
        const month = addMonths(anchor, -back).slice(0, 7);
        if (daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))) === 31) return `${month}-31`;
      }
      throw new Error("No month with 31 days in five consecutive months");
    }
    case FOLLOW_UP:
      return addDays(addMonths(anchor, -7), -8);
    case FINISHED:
      return addDays(addMonths(anchor, -(8 + timing.monthsSinceEnd)), -5);
  }
}

function buildDemoData(anchor: IsoDate): DemoData {
  const yesterday = addDays(anchor, -1);

  const employmentOffices: DirectoryEntry[] = OFFICES.map((office) => ({
    id: demoUuid(`office:${office.town}`),
    name: `Urad za delo ${office.town}`,
    region: office.region,
  }));
  const officeByTown = new Map(OFFICES.map((office, i) => [office.town, { plan: office, entry: employmentOffices[i] }]));
  const socialWorkCentres: DirectoryEntry[] = CENTRES.map((centre) => ({
    id: demoUuid(`centre:${centre.key}`),
    name: centre.name,
    region: centre.region,
  }));
  const centreByKey = new Map(CENTRES.map((centre, i) => [centre.key as CentreKey, socialWorkCentres[i]]));
  const coordinators: DirectoryEntry[] = COORDINATORS.map((coordinator) => ({
    id: demoUuid(`coordinator:${coordinator.name}`),
    name: coordinator.name,
    region: coordinator.region,
  }));
  const providers: DirectoryEntry[] = PROVIDERS.map((provider) => ({
    id: demoUuid(`provider:${provider.key}`),
    name: provider.name,
    region: provider.region,
  }));
  const providerByKey = new Map(PROVIDERS.map((provider, i) => [provider.key as ProviderKey, providers[i]]));
  const programmes: DemoProgramme[] = PROGRAMMES.map((programme) => ({
    id: demoUuid(`programme:${programme.key}`),
    providerId: required(providerByKey.get(programme.provider), programme.provider).id,
    name: programme.name,
    type: programme.type,
    region: programme.region,
  }));
  const programmeByKey = new Map(PROGRAMMES.map((programme, i) => [programme.key, programmes[i]]));

  const runs: DemoRun[] = RUNS.map((plan, index) => {
    const startDate = runStart(plan.timing, anchor);
    const phase = phaseOn(startDate, anchor);
    if (phase !== plan.timing.phase) {
      throw new Error(`Demo run ${runLabel(index)} starting ${startDate} is ${phase} on ${anchor}, not ${plan.timing.phase}`);
    }
    return {
      id: demoUuid(runLabel(index)),
      programmeId: required(programmeByKey.get(plan.programme), plan.programme).id,
      startDate,
      capacity: plan.capacity,
    };
  });

  const participants: DemoParticipant[] = [];
  const jobseekers: DemoJobseeker[] = [];
  const socialCases: DemoSocialCase[] = [];
  const assistanceDecisions: DemoAssistanceDecision[] = [];
  const referrals: DemoReferral[] = [];
  const enrolments: DemoEnrolment[] = [];

  const rng = new Random("demo:records");
  const usedNames = new Set<string>();
  const usedEmsos = new Set<string>();
  let decisionSerial = 1180;

  personPlans().forEach((plan, index) => {
    const label = `participant:${String(index + 1).padStart(3, "0")}`;
    const id = demoUuid(label);

    // Office and centre of the person's municipality; the coordinator of their region.
    const towns = plan.towns ?? OFFICES.filter((office) => office.region === plan.region).map((office) => office.town);
    const office = required(officeByTown.get(rng.pick(towns)), "office");
    const centre = required(centreByKey.get(office.plan.centre), office.plan.centre);
    const regionCoordinators = coordinators.filter((coordinator) => coordinator.region === plan.region);
    const coordinator = rng.pick(regionCoordinators);

    const { firstName, lastName } = uniqueName(rng, plan, usedNames);
    const birthDate = birthDateFor(rng, plan.age, anchor);
    let serial = index * 3 + 17;
    let emso = makeEmso(birthDate, plan.gender, serial);
    while (usedEmsos.has(emso)) emso = makeEmso(birthDate, plan.gender, (serial += 1));
    usedEmsos.add(emso);

    // The journey, oldest event first: registration, consent, referral, enrolment.
    let referral: DemoReferral | null = null;
    if (plan.placement !== undefined) {
      const { run: runIndex, kind, outcome } = plan.placement;
      const run = runs[runIndex];
      const implementationEnd = addDays(addMonths(run.startDate, 7), -1);
      if (kind === "pending") {
        referral = referralOf(rng, id, run, ReferralStatus.PENDING, addDays(anchor, -rng.int(2, 25)));
      } else {
        let enrolledOn: IsoDate;
        let exitedOn: IsoDate | null = null;
        let status = EnrolmentStatus.ENROLLED;
        if (kind === "enrolled") {
          enrolledOn = addDays(run.startDate, rng.int(0, Math.min(20, daysBetween(run.startDate, anchor))));
        } else if (kind === "leftEarlyActive") {
          enrolledOn = addDays(run.startDate, rng.int(0, 10));
          exitedOn = addDays(enrolledOn, rng.int(15, Math.max(15, daysBetween(enrolledOn, anchor) - 3)));
          status = EnrolmentStatus.LEFT_EARLY;
        } else if (kind === "completed") {
          enrolledOn = addDays(run.startDate, rng.int(0, 20));
          exitedOn = implementationEnd;
          status = EnrolmentStatus.COMPLETED;
        } else {
          enrolledOn = addDays(run.startDate, rng.int(0, 20));
          exitedOn = minDay(addDays(enrolledOn, rng.int(30, 120)), implementationEnd);
          status = EnrolmentStatus.LEFT_EARLY;
        }
        referral = referralOf(rng, id, run, ReferralStatus.ENROLLED, addDays(enrolledOn, -rng.int(3, 30)));
        enrolments.push({
          id: demoUuid(`enrolment:${label}:${runLabel(runIndex)}`),
          participantId: id,
          runId: run.id,
          status,
          enrolledOn,
          exitedOn,
          exitOutcome: exitedOn === null ? null : (outcome ?? ExitOutcome.NO_EXIT),
        });
      }
    } else if (plan.otherReferral !== undefined) {
      const run = runs[plan.otherReferral.run];
      const latest = minDay(yesterday, addDays(run.startDate, 20));
      referral = referralOf(rng, id, run, plan.otherReferral.status, addDays(latest, -rng.int(1, 30)));
    }
    if (referral !== null) referrals.push(referral);

    const firstEvent = referral === null ? yesterday : referral.createdAt.slice(0, 10);
    const registeredOn = addDays(firstEvent, -(referral === null ? rng.int(3, 400) : rng.int(20, 150)));
    const registeredAt = officeTimestamp(registeredOn, rng);
    let consentGrantedAt: string | null = null;
    let consentWithdrawnAt: string | null = null;
    if (plan.consent !== "none") {
      const consentOn = addDays(registeredOn, rng.int(1, Math.min(10, daysBetween(registeredOn, firstEvent) - 1)));
      consentGrantedAt = officeTimestamp(consentOn, rng);
      if (plan.consent === "withdrawn") {
        consentWithdrawnAt = officeTimestamp(addDays(consentOn, rng.int(1, Math.max(1, daysBetween(consentOn, yesterday)))), rng);
      }
    }

    participants.push({
      id,
      firstName,
      lastName,
      emso,
      gender: plan.gender,
      birthDate,
      residenceStatus: plan.residence,
      languageBarrier: plan.languageBarrier,
      romaCommunity: plan.group === "roma",
      region: plan.region,
      coordinatorId: plan.assigned ? coordinator.id : null,
      centreId: centre.id,
      officeId: office.entry.id,
      stage: plan.stage,
      consentGrantedAt,
      consentWithdrawnAt,
      registeredAt,
    });

    // The Employment Service's record.
    const { jobseeker, complex, dsp } = plan.facts;
    if (jobseeker !== null) {
      const longTerm = jobseeker === UNEMPLOYED || jobseeker === TEMPORARILY_UNEMPLOYABLE;
      const adultSince = addMonths(birthDate, 12 * 15);
      const registered = addDays(anchor, -rng.int(longTerm ? 200 : 60, 2800));
      let employmentPlan: string | null = null;
      if (longTerm && rng.chance(0.6)) {
        employmentPlan = rng.pick(jobseeker === UNEMPLOYED ? EMPLOYMENT_PLANS : UNEMPLOYABLE_PLANS);
      }
      jobseekers.push({
        participantId: id,
        officeId: office.entry.id,
        status: jobseeker,
        registeredOn: registered < adultSince ? minDay(adultSince, yesterday) : registered,
        employmentPlan,
      });
    }

    // The centre for social work: the case and its DSP decisions.
    if (complex !== null) {
      socialCases.push({
        participantId: id,
        centreId: centre.id,
        caseWorker: rng.pick(CASE_WORKERS),
        complexSocialProblems: complex,
        note: complex ? rng.pick(COMPLEX_PROBLEM_NOTES) : null,
      });
    }
    const periods: { from: IsoDate; to: IsoDate }[] = [];
    if (dsp === "current" || dsp === "expiredThenCurrent") {
      const from = firstOfMonth(addMonths(anchor, -rng.int(0, 4)));
      periods.push({ from, to: lastOfMonth(addMonths(from, rng.pick([6, 6, 12]) - 1)) });
      if (dsp === "expiredThenCurrent") {
        const earlier = firstOfMonth(addMonths(from, -rng.pick([3, 6])));
        periods.unshift({ from: earlier, to: addDays(from, -1) });
      }
    } else if (dsp === "expired") {
      const months = rng.pick([3, 6]);
      const from = firstOfMonth(addMonths(anchor, -(months + rng.int(1, 8))));
      periods.push({ from, to: lastOfMonth(addMonths(from, months - 1)) });
    }
    for (const period of periods) {
      decisionSerial += rng.int(3, 41);
      assistanceDecisions.push({
        id: demoUuid(`assistance:${label}:${period.from}`),
        participantId: id,
        centreId: centre.id,
        number: `1224-${decisionSerial}/${period.from.slice(0, 4)}`,
        validFrom: period.from,
        validTo: period.to,
        monthlyAmount: rng.int(15000, 56000) / 100,
      });
    }
  });

  const attendance = attendanceFor(enrolments, anchor);
  const teamMeetings = teamMeetingsFor({ anchor, runs, programmes, participants, referrals, enrolments });
  const data: DemoData = {
    anchor,
    regions: [...DEMO_REGIONS],
    employmentOffices,
    socialWorkCentres,
    coordinators,
    providers,
    participants,
    jobseekers,
    socialCases,
    assistanceDecisions,
    programmes,
    runs,
    referrals,
    enrolments,
    attendance,
    teamMeetings,
  };
  checkConsistency(data);
  return data;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Demo data refers to an unknown ${what}`);
  return value;
}

function firstOfMonth(day: IsoDate): IsoDate {
  return `${day.slice(0, 7)}-01`;
}

function lastOfMonth(day: IsoDate): IsoDate {
  return `${day.slice(0, 7)}-${String(daysInMonth(Number(day.slice(0, 4)), Number(day.slice(5, 7)))).padStart(2, "0")}`;
}

function referralOf(rng: Random, participantId: string, run: DemoRun, status: ReferralStatus, on: IsoDate): DemoReferral {
  return {
    id: demoUuid(`referral:${participantId}:${run.id}`),
    participantId,
    runId: run.id,
    status,
    createdAt: officeTimestamp(on, rng),
  };
}

function uniqueName(rng: Random, plan: PersonPlan, used: Set<string>): { firstName: string; lastName: string } {
  const female = plan.gender === Gender.FEMALE;
  const [firstNames, surnames] =
    plan.group === "roma"
      ? [female ? ROMA_FEMALE_NAMES : ROMA_MALE_NAMES, ROMA_SURNAMES]
      : plan.group === "migrant"
        ? [female ? MIGRANT_FEMALE_NAMES : MIGRANT_MALE_NAMES, MIGRANT_SURNAMES]
        : [female ? FEMALE_NAMES : MALE_NAMES, SURNAMES];
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(surnames);
    if (!used.has(`${firstName} ${lastName}`)) {
      used.add(`${firstName} ${lastName}`);
      return { firstName, lastName };
    }
  }
  throw new Error("Ran out of distinct demo names");
}

function birthDateFor(rng: Random, age: AgePlan, anchor: IsoDate): IsoDate {
  const eighteenthBirthday = addMonths(anchor, -12 * 18);
  switch (age.kind) {
    case "adult":
      return addDays(addMonths(anchor, -12 * age.years), -rng.int(0, 364));
    case "minor":
      // Well clear of the 18th birthday: at least 60 days to go.
      return addDays(addMonths(anchor, -12 * age.years), -rng.int(0, age.years === 17 ? 300 : 364));
    case "turns18":
      return addDays(eighteenthBirthday, age.daysFromAnchor);
  }
}

/** Weekday records from enrolment to the day before the anchor (or the exit), the last 40 at most. */
function attendanceFor(enrolments: readonly DemoEnrolment[], anchor: IsoDate): DemoAttendance[] {
  const records: DemoAttendance[] = [];
  for (const enrolment of enrolments) {
    const rng = new Random(`demo:attendance:${enrolment.id}`);
    const last = minDay(addDays(anchor, -1), enrolment.exitedOn ?? addDays(anchor, -1));
    const days: IsoDate[] = [];
    for (let day = last; day >= enrolment.enrolledOn && days.length < 40; day = addDays(day, -1)) {
      if (isWorkingDay(day)) days.push(day);
    }
    for (const on of days.reverse()) records.push({ enrolmentId: enrolment.id, on, present: rng.chance(0.85) });
  }
  return records;
}

const MEETING_AGREEMENTS = [
  "Dogovorjeni cilji vključitve: redna udeležba in osebni načrt do konca prvega meseca.",
  "CSD preveri možnost povračila prevoza; koordinatorka spremlja udeležbo.",
  "Urad za delo po zaključku programa ponudi usposabljanje na delovnem mestu.",
  "Izvajalec na naslednjem sestanku poroča o napredku in morebitnih težavah.",
];

/**
 * The team meetings of the demo runs: for a run under way, the OPENING meeting on the day its first
 * people were enrolled, about them; for a run not yet started, the RECRUITMENT meeting the day
 * before the anchor, about the people referred by then. The case teams of the people discussed
 * attend (their coordinator, CSD and Urad za delo), with the run's provider.
 */
function teamMeetingsFor(data: Pick<DemoData, "anchor" | "runs" | "programmes" | "participants" | "referrals" | "enrolments">): DemoTeamMeeting[] {
  const personById = new Map(data.participants.map((person) => [person.id, person]));
  const programmeById = new Map(data.programmes.map((programme) => [programme.id, programme]));
  const meetings: DemoTeamMeeting[] = [];
  for (const run of data.runs) {
    const started = run.startDate <= data.anchor;
    let heldOn: IsoDate;
    let participantIds: string[];
    if (started) {
      const enrolled = data.enrolments.filter((enrolment) => enrolment.runId === run.id);
      if (enrolled.length === 0) continue;
      heldOn = enrolled.map((enrolment) => enrolment.enrolledOn).sort()[0];
      participantIds = [...new Set(enrolled.filter((enrolment) => enrolment.enrolledOn <= heldOn).map((enrolment) => enrolment.participantId))];
    } else {
      heldOn = addDays(data.anchor, -1);
      participantIds = [
        ...new Set(data.referrals.filter((referral) => referral.runId === run.id && referral.createdAt.slice(0, 10) <= heldOn).map((referral) => referral.participantId)),
      ];
      if (participantIds.length === 0) continue;
    }
    const people = participantIds.map((id) => required(personById.get(id), "participant"));
    const attending: [Agency, string[]][] = [
      [Agency.COORDINATION, people.flatMap((person) => (person.coordinatorId ? [person.coordinatorId] : []))],
      [Agency.CSD, people.map((person) => person.centreId)],
      [Agency.EMPLOYMENT, people.map((person) => person.officeId)],
      [Agency.PROVIDER, [required(programmeById.get(run.programmeId), "programme").providerId]],
    ];
    const rng = new Random(`demo:meeting:${run.id}`);
    const kind = started ? TeamMeetingKind.OPENING : TeamMeetingKind.RECRUITMENT;
    meetings.push({
      id: demoUuid(`meeting:${run.id}:${kind}`),
      kind,
      runId: run.id,
      heldOn,
      units: [...new Set(attending.flatMap(([, units]) => units))],
      agencies: attending.filter(([, units]) => units.length > 0).map(([agency]) => agency),
      participantIds,
      agreements: rng.pick(MEETING_AGREEMENTS),
      recordedAt: officeTimestamp(heldOn, rng, 12),
    });
  }
  return meetings;
}

/** The eligibility facts the agencies hold about a demo participant on day `on` (default: the anchor). */
export function demoEligibilityFacts(data: DemoData, participant: DemoParticipant, on: IsoDate = data.anchor): EligibilityFacts {
  const jobseeker = data.jobseekers.find((record) => record.participantId === participant.id);
  const socialCase = data.socialCases.find((record) => record.participantId === participant.id);
  return {
    birthDate: participant.birthDate,
    gender: participant.gender,
    residenceStatus: participant.residenceStatus,
    languageBarrier: participant.languageBarrier,
    romaCommunity: participant.romaCommunity,
    jobseekerStatus: jobseeker?.status ?? null,
    receivesSocialAssistance: data.assistanceDecisions.some(
      (decision) => decision.participantId === participant.id && decision.validFrom <= on && on <= decision.validTo,
    ),
    hasComplexSocialProblems: socialCase?.complexSocialProblems ?? false,
  };
}

/** The promises the tests and the demo rely on; a broken promise fails loudly at generation. */
function checkConsistency(data: DemoData): void {
  const fail = (message: string): never => {
    throw new Error(`Demo data for ${data.anchor}: ${message}`);
  };
  const runById = new Map(data.runs.map((run) => [run.id, run]));
  const programmeById = new Map(data.programmes.map((programme) => [programme.id, programme]));
  const typeOfRun = (runId: string): ProgrammeType => required(programmeById.get(required(runById.get(runId), "run").programmeId), "programme").type;

  for (const participant of data.participants) {
    const assessment = assessEligibility(demoEligibilityFacts(data, participant), data.anchor);
    const own = data.referrals.filter((referral) => referral.participantId === participant.id);
    for (const referral of own) {
      if (referral.createdAt <= participant.registeredAt) fail(`referral before registration of ${participant.id}`);
      if (referral.createdAt.slice(0, 10) >= data.anchor) fail(`referral on or after the anchor for ${participant.id}`);
      if (referral.status === ReferralStatus.PENDING && !isEligibleFor(assessment, typeOfRun(referral.runId))) {
        fail(`${participant.id} has a pending referral to a run they are not eligible for`);
      }
    }
    if (participant.stage === JourneyStage.ENROLLED && !isEligibleFor(assessment, typeOfRun(own[0].runId))) {
      fail(`${participant.id} is enrolled but not eligible`);
    }
    if (participant.consentGrantedAt !== null && participant.consentGrantedAt <= participant.registeredAt) {
      fail(`consent before registration of ${participant.id}`);
    }
  }
  for (const run of data.runs) {
    const taken = data.enrolments.filter((enrolment) => enrolment.runId === run.id).length;
    if (taken > run.capacity) fail(`run ${run.id} is over capacity`);
  }
  for (const enrolment of data.enrolments) {
    const run = required(runById.get(enrolment.runId), "run");
    if (enrolment.enrolledOn < run.startDate || enrolment.enrolledOn > data.anchor) fail(`enrolment ${enrolment.id} outside its window`);
    if (enrolment.exitedOn !== null && (enrolment.exitedOn >= data.anchor || enrolment.exitedOn > runEndDate(run.startDate))) {
      fail(`enrolment ${enrolment.id} exits after the anchor or the run`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

const generated = new Map<IsoDate, DemoData>();

/**
 * The demo data set anchored on `anchor` (default: today in Ljubljana): runs in every phase and DSP
 * decisions both valid and expired on that day. Generated once per anchor; every call gets its own
 * copy, so a caller that mutates records (as an ORM may) cannot change what the next caller sees.
 */
export function demoData(anchor: IsoDate = todayInLjubljana()): DemoData {
  if (!isValidIsoDate(anchor)) throw new RangeError(`Not a valid ISO calendar date (YYYY-MM-DD): "${anchor}"`);
  let data = generated.get(anchor);
  if (data === undefined) {
    data = buildDemoData(anchor);
    generated.set(anchor, data);
  }
  return structuredClone(data);
}
