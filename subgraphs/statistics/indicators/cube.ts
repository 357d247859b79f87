import { addMonths, ageOn, type IsoDate } from "../../../shared/calendar";
import { EligibilityGround, ExitOutcome, Gender, JobseekerStatus, ProgrammeType } from "../../../shared/enums";
import { DisclosureTable, MINIMUM_CELL, type Suppression } from "../../../shared/indicators/disclosure";
import { NATIONAL, parsePeriod, partsOf, periodsOfYear, STATISTICAL_REGIONS, type Period } from "../../../shared/indicators/grid";

/**
 * The indicators of one year, every period, region and programme type of the grid, counted from
 * the agencies' pseudonymous facts and suppressed as one table (shared/indicators/disclosure.ts).
 * Shape of a cell key: `<period>|<region>|<programme type or ALL>|<measure>|<category>`.
 */
export interface PersonFacts {
  gender: string;
  /** YYYY-MM: the agencies send the month of birth, not the day. */
  birthMonth: string;
  region: string;
  romaCommunity: boolean;
}
export interface RegisterFacts {
  status: string;
  registeredOn: IsoDate;
}
export interface SocialFacts {
  assistance: { from: IsoDate; to: IsoDate }[];
  complexSocialProblems: boolean;
}
export interface EnrolmentFacts {
  person: string;
  programmeType: string;
  enrolledOn: IsoDate;
  exitedOn: IsoDate | null;
  status: string;
  exitOutcome: string | null;
  attendedDays: number;
  recordedDays: number;
}
export interface Facts {
  people: Map<string, PersonFacts>;
  register: Map<string, RegisterFacts>;
  social: Map<string, SocialFacts>;
  enrolments: EnrolmentFacts[];
}

export const ALL = "ALL";
export const PROGRAMME_TYPES = Object.values(ProgrammeType) as string[];
export const AGE_GROUPS = ["UNDER_30", "30_TO_54", "55_AND_OVER"];
export const STATUSES = ["UNEMPLOYED", "INACTIVE", "EMPLOYED"];
export const OUTCOMES = Object.values(ExitOutcome) as string[];
export const GROUNDS = Object.values(EligibilityGround) as string[];
export const GENDERS = Object.values(Gender) as string[];

export const key = (period: string, region: string, type: string, measure: string, category: string) => `${period}|${region}|${type}|${measure}|${category}`;

/** Categories of each measure; those after `hidden` are counted and protected, never published. */
export const MEASURES: Record<string, { categories: string[]; hidden?: string[]; of: string; additive: boolean }> = {
  GENDER: { categories: GENDERS, of: "ENTERED", additive: true },
  AGE: { categories: AGE_GROUPS, of: "ENTERED", additive: true },
  STATUS: { categories: STATUSES, of: "ENTERED", additive: true },
  UNEMPLOYED: { categories: ["LONG_TERM_UNEMPLOYED"], hidden: ["SHORT_TERM_UNEMPLOYED"], of: "STATUS:UNEMPLOYED", additive: true },
  // A person may hold several grounds, so they add up to nothing; each is tied to what it equals or is part of (GROUND_TIES).
  GROUND: { categories: GROUNDS, of: "ENTERED", additive: false },
  ROMA: { categories: ["YES"], hidden: ["NO"], of: "ENTERED", additive: true },
  OUTCOME: { categories: OUTCOMES, of: "LEFT", additive: true },
  COMPLETION: { categories: ["COMPLETED", "LEFT_EARLY"], of: "LEFT", additive: true },
  EMPLOYED_6M: { categories: ["YES"], hidden: ["NO_OR_NOT_YET"], of: "LEFT", additive: true },
};

/**
 * What each eligibility ground is in the status breakdown (red team: "registered unemployed" was
 * the status "unemployed" published a second time, outside its group, and gave it back): equal to
 * it, or a part of it with an unpublished rest. `[total, ground, rest]`; no rest for an equality.
 */
export const GROUND_TIES: [string, string, string | null][] = [
  ["STATUS:UNEMPLOYED", EligibilityGround.REGISTERED_UNEMPLOYED, null],
  ["STATUS:INACTIVE", EligibilityGround.TEMPORARILY_UNEMPLOYABLE, "NOT_TEMPORARILY_UNEMPLOYABLE"],
  ["STATUS:INACTIVE", EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS, "NOT_COMPLEX_SOCIAL_PROBLEMS"],
  ["ENTERED:ALL", EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE, "NO_FINANCIAL_SOCIAL_ASSISTANCE"],
];

const within = (day: IsoDate, period: Period) => day >= period.from && day <= period.to;

function ageGroup(birthMonth: string, on: IsoDate): string {
  const age = ageOn(`${birthMonth}-01`, on);
  return age < 30 ? "UNDER_30" : age < 55 ? "30_TO_54" : "55_AND_OVER";
}

/** Labour-market status at entry, from the register (current status; registered before entry). */
function statusAtEntry(register: RegisterFacts | undefined, entry: IsoDate): { status: string; longTerm: boolean } {
  if (!register || register.registeredOn > entry) return { status: "INACTIVE", longTerm: false };
  if (register.status === JobseekerStatus.UNEMPLOYED) return { status: "UNEMPLOYED", longTerm: addMonths(register.registeredOn, 12) <= entry };
  if (register.status === JobseekerStatus.EMPLOYED) return { status: "EMPLOYED", longTerm: false };
  return { status: "INACTIVE", longTerm: false };
}

/** The eligibility grounds that held at entry (subgraphs/coordination/eligibility: the same facts). */
function groundsAtEntry(register: RegisterFacts | undefined, social: SocialFacts | undefined, entry: IsoDate): string[] {
  const status = register && register.registeredOn <= entry ? register.status : null;
  const inactive = status !== JobseekerStatus.UNEMPLOYED && status !== JobseekerStatus.EMPLOYED;
  const grounds: string[] = [];
  if (social?.assistance.some((decision) => decision.from <= entry && entry <= decision.to)) grounds.push(EligibilityGround.FINANCIAL_SOCIAL_ASSISTANCE);
  if (status === JobseekerStatus.UNEMPLOYED) grounds.push(EligibilityGround.REGISTERED_UNEMPLOYED);
  if (status === JobseekerStatus.TEMPORARILY_UNEMPLOYABLE) grounds.push(EligibilityGround.TEMPORARILY_UNEMPLOYABLE);
  if (social?.complexSocialProblems && inactive) grounds.push(EligibilityGround.INACTIVE_COMPLEX_SOCIAL_PROBLEMS);
  return grounds;
}

/** A year's counts of people per cell (`<period>|<region>|<type>|<measure>|<category>`) and attendance sums. */
export interface YearCounts {
  people: Map<string, number>;
  /** Attendance shares summed over leavers, by `<period>|<region>|<type>`. */
  attendance: Map<string, number>;
  /** The people of each cell of fewer than MINIMUM_CELL, by label: whom the audit's alternatives move (personMoves). */
  few: Map<string, Set<string>>;
}

/** One person's facts, as countYear reads them. */
interface PersonRecord {
  person: PersonFacts;
  register: RegisterFacts | undefined;
  social: SocialFacts | undefined;
  enrolments: EnrolmentFacts[];
}

/**
 * The cells of a year's periods (YYYY, quarters, months) that count one person, from their
 * enrolments; `attend` receives each leaver's attendance share by `<period>|<region>|<type>`.
 */
function cellsOfPerson(record: PersonRecord, periods: Period[], today: IsoDate, attend?: (at: string, share: number) => void): Set<string> {
  const cells = new Set<string>();
  const { person, register, social } = record;
  const places = [NATIONAL, person.region];
  for (const enrolment of record.enrolments) {
    const kinds = [ALL, enrolment.programmeType];
    for (const period of periods) {
      const entering = within(enrolment.enrolledOn, period);
      const leaving = enrolment.exitedOn !== null && within(enrolment.exitedOn, period);
      if (!entering && !leaving) continue;
      for (const region of places) {
        for (const type of kinds) {
          const cell = (measure: string, category: string) => cells.add(key(period.key, region, type, measure, category));
          if (entering) {
            const status = statusAtEntry(register, enrolment.enrolledOn);
            cell("ENTERED", ALL);
            cell("GENDER", person.gender);
            cell("AGE", ageGroup(person.birthMonth, enrolment.enrolledOn));
            cell("STATUS", status.status);
            if (status.status === "UNEMPLOYED") cell("UNEMPLOYED", status.longTerm ? "LONG_TERM_UNEMPLOYED" : "SHORT_TERM_UNEMPLOYED");
            const grounds = groundsAtEntry(register, social, enrolment.enrolledOn);
            for (const ground of grounds) cell("GROUND", ground);
            for (const [total, ground, rest] of GROUND_TIES) {
              if (rest && !grounds.includes(ground) && (total === "ENTERED:ALL" || total === `STATUS:${status.status}`)) cell("GROUND_REST", rest);
            }
            cell("ROMA", person.romaCommunity ? "YES" : "NO");
          }
          if (leaving) {
            cell("LEFT", ALL);
            cell("OUTCOME", enrolment.exitOutcome ?? ExitOutcome.NO_EXIT);
            cell("COMPLETION", enrolment.status === "COMPLETED" ? "COMPLETED" : "LEFT_EARLY");
            const employed = addMonths(enrolment.exitedOn!, 6) <= today && register?.status === JobseekerStatus.EMPLOYED;
            cell("EMPLOYED_6M", employed ? "YES" : "NO_OR_NOT_YET");
            attend?.(`${period.key}|${region}|${type}`, enrolment.recordedDays ? enrolment.attendedDays / enrolment.recordedDays : 0);
          }
        }
      }
    }
  }
  return cells;
}

/** Each person's facts, with their enrolments. */
function recordsOf(facts: Facts): Map<string, PersonRecord> {
  const records = new Map<string, PersonRecord>();
  for (const enrolment of facts.enrolments) {
    const person = facts.people.get(enrolment.person);
    if (!person) continue;
    let record = records.get(enrolment.person);
    if (!record) records.set(enrolment.person, (record = { person, register: facts.register.get(enrolment.person), social: facts.social.get(enrolment.person), enrolments: [] }));
    record.enrolments.push(enrolment);
  }
  return records;
}

/** Counts one year's grid from the agencies' facts. `today`: for the six months after leaving. */
export function countYear(year: number, facts: Facts, today: IsoDate): YearCounts {
  const periods = periodsOfYear(year);
  const members = new Map<string, string[]>();
  const attendance = new Map<string, number>();
  for (const [label, record] of recordsOf(facts)) {
    const attend = (at: string, share: number) => attendance.set(at, (attendance.get(at) ?? 0) + share);
    for (const cell of cellsOfPerson(record, periods, today, attend)) {
      const list = members.get(cell);
      if (list) list.push(label);
      else members.set(cell, [label]);
    }
  }
  const few = new Map([...members].filter(([, labels]) => labels.length < MINIMUM_CELL).map(([cell, labels]) => [cell, new Set(labels)]));
  return { people: new Map([...members].map(([cell, labels]) => [cell, labels.length])), attendance, few };
}

/**
 * Alternative tables for the audit (shared/indicators/disclosure.ts): for each person counted in a
 * cell of fewer than 5, the same person with one fact changed (gender, age group, region, Roma,
 * register status, long-term or not, DSP, complex social problems, programme type, month of entry or
 * exit, outcome, completion), as the change it makes to each cell. Each is a table the same counting
 * could have produced; the audit accepts one only if it agrees with everything published, and then
 * knows every withheld cell it moves is not pinned, without a solver. Cells of years and quarters
 * follow their parts, as the release's year is the sum of its quarters.
 */
export function personMoves(year: number, counts: YearCounts, facts: Facts, today: IsoDate): Map<string, number>[] {
  const periods = periodsOfYear(year).filter((period) => period.kind !== "YEAR");
  const records = recordsOf(facts);
  const chosen = new Set([...counts.few.values()].flatMap((labels) => [...labels]));
  const moves: Map<string, number>[] = [];
  const shifted = (day: IsoDate, months: number): IsoDate | null => {
    const moved = addMonths(`${day.slice(0, 8)}01`, months);
    return moved.slice(0, 4) === String(year) ? `${moved.slice(0, 8)}${day.slice(8, 10) > "28" ? "28" : day.slice(8, 10)}` : null;
  };
  for (const label of chosen) {
    const record = records.get(label);
    if (!record) continue;
    const before = cellsOfPerson(record, periods, today);
    const variants: PersonRecord[] = [];
    const person = (change: Partial<PersonFacts>) => variants.push({ ...record, person: { ...record.person, ...change } });
    const enrolments = (change: (enrolment: EnrolmentFacts) => Partial<EnrolmentFacts> | null) => {
      record.enrolments.forEach((enrolment, index) => {
        const changed = change(enrolment);
        if (changed) variants.push({ ...record, enrolments: record.enrolments.map((each, at) => (at === index ? { ...each, ...changed } : each)) });
      });
    };
    for (const gender of GENDERS) if (gender !== record.person.gender) person({ gender });
    for (const age of [20, 40, 60]) person({ birthMonth: `${year - age}-06` });
    for (const region of STATISTICAL_REGIONS) if (region !== record.person.region) person({ region });
    person({ romaCommunity: !record.person.romaCommunity });
    const entered = record.enrolments[0]?.enrolledOn ?? `${year}-01-01`;
    for (const register of [undefined, ...Object.values(JobseekerStatus).map((status) => ({ status, registeredOn: entered })), ...(record.register ? [{ ...record.register, registeredOn: addMonths(entered, -13) }] : [])]) variants.push({ ...record, register });
    variants.push({ ...record, social: { assistance: record.social?.assistance.length ? [] : [{ from: `${year}-01-01`, to: `${year}-12-31` }], complexSocialProblems: record.social?.complexSocialProblems ?? false } });
    variants.push({ ...record, social: { assistance: record.social?.assistance ?? [], complexSocialProblems: !record.social?.complexSocialProblems } });
    for (const type of PROGRAMME_TYPES) enrolments((enrolment) => (enrolment.programmeType === type ? null : { programmeType: type }));
    for (const months of [-2, -1, 1, 2]) {
      enrolments((enrolment) => {
        const enrolledOn = shifted(enrolment.enrolledOn, months);
        return enrolledOn && (!enrolment.exitedOn || enrolledOn <= enrolment.exitedOn) ? { enrolledOn } : null;
      });
      enrolments((enrolment) => {
        const exitedOn = enrolment.exitedOn && shifted(enrolment.exitedOn, months);
        return exitedOn && exitedOn >= enrolment.enrolledOn ? { exitedOn } : null;
      });
    }
    for (const exitOutcome of OUTCOMES) enrolments((enrolment) => (enrolment.exitedOn && enrolment.exitOutcome !== exitOutcome ? { exitOutcome } : null));
    enrolments((enrolment) => (enrolment.exitedOn ? { status: enrolment.status === "COMPLETED" ? "LEFT_EARLY" : "COMPLETED" } : null));
    for (const variant of variants) {
      const after = cellsOfPerson(variant, periods, today);
      const change = new Map<string, number>();
      const add = (cell: string, by: number) => {
        change.set(cell, (change.get(cell) ?? 0) + by);
        // The year is the sum of its quarters.
        if (/^\d{4}-Q\d\|/.test(cell)) {
          const yearly = `${year}${cell.slice(cell.indexOf("|"))}`;
          change.set(yearly, (change.get(yearly) ?? 0) + by);
        }
      };
      for (const cell of after) if (!before.has(cell)) add(cell, 1);
      for (const cell of before) if (!after.has(cell)) add(cell, -1);
      for (const [cell, by] of change) if (!by) change.delete(cell);
      if (change.size) moves.push(change);
    }
  }
  return moves;
}

/** A cell as released: its count (withheld ones too, for the next release's audit), whether it is published, why it is withheld. */
export interface ReleasedCell {
  value: number;
  published: boolean;
  suppressed: Suppression;
}

/** The measures and categories of every cell; `~` marks a category that is counted and protected, never published. */
function cellNames(): [string, string][] {
  const cells: [string, string][] = [["ENTERED", ALL], ["LEFT", ALL]];
  for (const [measure, { categories, hidden = [] }] of Object.entries(MEASURES)) {
    for (const category of categories) cells.push([measure, category]);
    for (const category of hidden) cells.push([measure, `~${category}`]);
  }
  for (const [, , rest] of GROUND_TIES) if (rest) cells.push(["GROUND_REST", `~${rest}`]);
  return cells;
}

/** The periods a quarter's release publishes: the quarter, its months, and with the fourth the year. */
export function periodsReleasedWith(year: number, quarter: number): Period[] {
  const released = parsePeriod(`${year}-Q${quarter}`);
  return [released, ...partsOf(released), ...(quarter === 4 ? [parsePeriod(String(year))] : [])];
}

/**
 * The table of one quarter's release: the quarter and its months (and with the fourth, the year,
 * as the sum of its released quarters) counted now, beside every cell of the year's earlier
 * releases as they were released, which nothing changes. Suppression, secondary suppression and
 * the audit then run over all of it, free to withhold only new cells (issue 17, red team: tables
 * computed afresh on every request gave back, by comparison before and after a write, what one
 * person's enrolment had changed).
 */
export async function releaseTable(year: number, quarter: number, counts: YearCounts, earlier: Map<string, ReleasedCell>, alternatives: Map<string, number>[] = []): Promise<{ table: DisclosureTable; released: Period[] }> {
  const regions = [NATIONAL, ...STATISTICAL_REGIONS];
  const types = [ALL, ...PROGRAMME_TYPES];
  const names = cellNames();
  const released = periodsReleasedWith(year, quarter);
  const present = [...periodsOfYear(year)].filter((period) => period.kind === "YEAR" ? quarter === 4 : Number(period.kind === "QUARTER" ? period.key.slice(-1) : Math.ceil(Number(period.key.slice(5, 7)) / 3)) <= quarter);
  const table = new DisclosureTable();
  for (const [cell, state] of earlier) table.setReleased(cell, state.value, state.published, state.suppressed);
  const quarters = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
  for (const period of released) {
    for (const region of regions) {
      for (const type of types) {
        for (const [measure, category] of names) {
          const hidden = category.startsWith("~");
          const name = hidden ? category.slice(1) : category;
          // The year is the sum of its released quarters, so that it adds up with what was released.
          const value =
            period.kind === "YEAR"
              ? quarters.reduce((sum, q) => sum + (earlier.get(key(q, region, type, measure, name))?.value ?? counts.people.get(key(q, region, type, measure, name)) ?? 0), 0)
              : (counts.people.get(key(period.key, region, type, measure, name)) ?? 0);
          table.set(key(period.key, region, type, measure, name), value, !hidden);
        }
      }
    }
  }
  for (const period of present) {
    for (const region of regions) {
      for (const type of types) {
        // A total and its breakdown.
        for (const [measure, { categories, hidden = [], of, additive }] of Object.entries(MEASURES)) {
          if (!additive) continue;
          const [ofMeasure, ofCategory = ALL] = of.split(":");
          table.addGroup(key(period.key, region, type, ofMeasure, ofCategory), [...categories, ...hidden].map((category) => key(period.key, region, type, measure, category)));
        }
        for (const [total, ground, rest] of GROUND_TIES) {
          const [totalMeasure, totalCategory] = total.split(":");
          table.addGroup(key(period.key, region, type, totalMeasure, totalCategory), [key(period.key, region, type, "GROUND", ground), ...(rest ? [key(period.key, region, type, "GROUND_REST", rest)] : [])]);
        }
      }
    }
  }
  // A year and its quarters, a quarter and its months; Slovenia and its regions; all types and each.
  for (const [measure, category] of names.map(([measure, category]) => [measure, category.replace(/^~/, "")])) {
    for (const type of types) {
      for (const region of regions) {
        for (const period of present) {
          const parts = partsOf(period);
          if (parts.length) table.addGroup(key(period.key, region, type, measure, category), parts.map((part) => key(part.key, region, type, measure, category)));
        }
      }
      for (const period of present) table.addGroup(key(period.key, NATIONAL, type, measure, category), STATISTICAL_REGIONS.map((region) => key(period.key, region, type, measure, category)));
    }
    for (const period of present) {
      for (const region of regions) table.addGroup(key(period.key, region, ALL, measure, category), PROGRAMME_TYPES.map((type) => key(period.key, region, type, measure, category)));
    }
  }
  // Zero by the programmes' own rules (subgraphs/coordination/eligibility: the women's types take women, the Roma women's type Roma women).
  for (const period of present) {
    for (const region of regions) {
      for (const type of [ProgrammeType.WOMEN_LANGUAGE_BARRIERS, ProgrammeType.ROMA_WOMEN]) table.markStructuralZero(key(period.key, region, type, "GENDER", "MALE"));
      table.markStructuralZero(key(period.key, region, ProgrammeType.ROMA_WOMEN, "ROMA", "NO"));
    }
  }
  await table.suppress(alternatives);
  return { table, released };
}
