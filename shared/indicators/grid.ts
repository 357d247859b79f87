import { badInput } from "../errors";
import { addDays, addMonths, type IsoDate } from "../calendar";

/**
 * The fixed grids indicators are given on (issue 17, disclosure control): periods are whole
 * months, quarters or years, and places are Slovenia as a whole or one of its 12 statistical
 * regions (SURS, NUTS 3). No other window can be asked for, so two overlapping questions cannot
 * be subtracted to isolate one person; and each period's cells are suppressed together with the
 * year they belong to (disclosure.ts), so neither can the parts of a year.
 */
export const STATISTICAL_REGIONS: readonly string[] = [
  "Pomurska",
  "Podravska",
  "Koroška",
  "Savinjska",
  "Zasavska",
  "Posavska",
  "Jugovzhodna Slovenija",
  "Osrednjeslovenska",
  "Gorenjska",
  "Primorsko-notranjska",
  "Goriška",
  "Obalno-kraška",
];

/** The name of the whole country in the grid. */
export const NATIONAL = "Slovenija";

export interface Period {
  /** `2026`, `2026-Q3` or `2026-07`. */
  key: string;
  kind: "YEAR" | "QUARTER" | "MONTH";
  year: number;
  /** First and last day, inclusive. */
  from: IsoDate;
  to: IsoDate;
}

const pad = (value: number) => String(value).padStart(2, "0");

function span(key: string, kind: Period["kind"], year: number, firstMonth: number, months: number): Period {
  const from = `${year}-${pad(firstMonth)}-01`;
  return { key, kind, year, from, to: addDays(addMonths(from, months), -1) };
}

/**
 * Reads a period of the grid.
 * @throws GraphQLError BAD_USER_INPUT naming `field` for anything else (e.g. `2026-Q5`, `2026-07-01`, a year outside 2000–2100).
 */
export function parsePeriod(text: string, field = "period"): Period {
  const match = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(text);
  const year = match ? Number(match[1]) : NaN;
  if (!match || year < 2000 || year > 2100) throw badInput(field, "must be a year (2025), a quarter (2025-Q3) or a month (2025-07)");
  if (match[2]) return span(text, "QUARTER", year, (Number(match[2]) - 1) * 3 + 1, 3);
  if (match[3]) return span(text, "MONTH", year, Number(match[3]), 1);
  return span(text, "YEAR", year, 1, 12);
}

/** Every period of a year's grid: the year, its quarters, its months (17). */
export function periodsOfYear(year: number): Period[] {
  return [
    parsePeriod(String(year)),
    ...[1, 2, 3, 4].map((quarter) => parsePeriod(`${year}-Q${quarter}`)),
    ...Array.from({ length: 12 }, (_, month) => parsePeriod(`${year}-${pad(month + 1)}`)),
  ];
}

/** The grid's parts of a period: a year's quarters, a quarter's months; none for a month. */
export function partsOf(period: Period): Period[] {
  if (period.kind === "YEAR") return [1, 2, 3, 4].map((quarter) => parsePeriod(`${period.year}-Q${quarter}`));
  if (period.kind === "QUARTER") {
    const first = Number(period.from.slice(5, 7));
    return [0, 1, 2].map((offset) => parsePeriod(`${period.year}-${pad(first + offset)}`));
  }
  return [];
}

/**
 * Reads a place of the grid: null or `Slovenija` for the whole country, or a statistical region.
 * @throws GraphQLError BAD_USER_INPUT naming `field` for any other text.
 */
export function parseRegion(text: string | null | undefined, field = "region"): string {
  if (text === null || text === undefined || text === NATIONAL) return NATIONAL;
  if (!STATISTICAL_REGIONS.includes(text)) throw badInput(field, `must be one of Slovenia's 12 statistical regions (${STATISTICAL_REGIONS.join(", ")}) or null for ${NATIONAL}`);
  return text;
}
