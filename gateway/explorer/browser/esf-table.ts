/**
 * The indicators page's data (issue 17): the shape of `indicatorSeries` as the page asks for it,
 * and the ESF+ table it shows and exports. The table's headings carry the common indicator codes
 * of Regulation (EU) 2021/1057, Annex I, where the hub's figure is one; every value is the API's
 * `shown` text, so a withheld cell stays the words "manj kot 5 / fewer than 5" or
 * "prikrito / withheld" and never becomes a number.
 */
export type Suppression = "FEWER_THAN_FIVE" | "PROTECTS_ANOTHER_CELL";

export interface IndicatorValue {
  count: number | null;
  suppressed: Suppression | null;
  shown: string;
}

export interface IndicatorCell {
  category: string;
  label: string;
  value: IndicatorValue;
}

export interface IndicatorRate {
  value: number | null;
  suppressed: Suppression | null;
}

export interface Indicators {
  period: string;
  region: string;
  programmeType: string | null;
  ownRunsOnly: boolean;
  participantsEntering: IndicatorValue;
  enteringByGender: IndicatorCell[];
  enteringByAgeGroup: IndicatorCell[];
  enteringByLabourMarketStatus: IndicatorCell[];
  enteringFromMarginalisedCommunities: IndicatorValue;
  participantsLeaving: IndicatorValue;
  leavingByOutcome: IndicatorCell[];
  completed: IndicatorValue;
  leftEarly: IndicatorValue;
  completionRate: IndicatorRate;
  earlyLeavingRate: IndicatorRate;
  averageAttendance: IndicatorRate;
  inEmploymentSixMonthsAfterLeaving: IndicatorValue;
}

const VALUE = "{ count suppressed shown }";
const CELLS = `{ category label value ${VALUE} }`;
const RATE = "{ value suppressed }";

/** The one query the page sends: a year and its quarters for every place the user may see. */
export const INDICATOR_SERIES_QUERY = `query IndicatorSeries($year: Int!, $programmeType: ProgrammeType) {
  indicatorSeries(year: $year, programmeType: $programmeType) {
    period region programmeType ownRunsOnly
    participantsEntering ${VALUE}
    enteringByGender ${CELLS}
    enteringByAgeGroup ${CELLS}
    enteringByLabourMarketStatus ${CELLS}
    enteringFromMarginalisedCommunities ${VALUE}
    participantsLeaving ${VALUE}
    leavingByOutcome ${CELLS}
    completed ${VALUE}
    leftEarly ${VALUE}
    completionRate ${RATE}
    earlyLeavingRate ${RATE}
    averageAttendance ${RATE}
    inEmploymentSixMonthsAfterLeaving ${VALUE}
  }
}`;

/** The schema's ProgrammeType, labelled as the statistics subgraph labels it. */
export const PROGRAMME_TYPES: readonly { value: string; label: string }[] = [
  { value: "GENERAL", label: "splošni / general" },
  { value: "WOMEN_LANGUAGE_BARRIERS", label: "ženske z jezikovnimi ovirami / women with language barriers" },
  { value: "ROMA_WOMEN", label: "Rominje / Roma women" },
];
export const ALL_PROGRAMMES = "vsi programi / all programmes";

/** What a withheld figure says, as the API's `shown` says it (rates have no `shown` of their own). */
export const SUPPRESSION_TEXT: Record<Suppression, string> = {
  FEWER_THAN_FIVE: "manj kot 5 / fewer than 5",
  PROTECTS_ANOTHER_CELL: "prikrito / withheld",
};

type Breakdown = "enteringByGender" | "enteringByAgeGroup" | "enteringByLabourMarketStatus" | "leavingByOutcome";

/** One category of a breakdown; a placeholder that says so if the API ever stops sending it, never a number. */
export function cellOf(row: Indicators, breakdown: Breakdown, category: string): IndicatorValue {
  return row[breakdown].find((cell) => cell.category === category)?.value ?? { count: null, suppressed: null, shown: "ni podatka / not given" };
}

export interface EsfColumn {
  heading: string;
  /** The cell: a figure, or the text of the columns that say where, when and what. */
  value(row: Indicators): IndicatorValue | string;
}

/**
 * The ESF+ table's columns. Gender has no code of its own (Annex I asks for every indicator by
 * gender); the hub's youngest age group is "under 30", which the heading of EECO06 (18–29) says;
 * "participants leaving" has no code but is what the result indicators are counted over.
 */
export const ESF_COLUMNS: readonly EsfColumn[] = [
  { heading: "Regija / Region", value: (row) => row.region },
  { heading: "Obdobje / Period", value: (row) => row.period },
  { heading: "Vrsta programa / Programme type", value: (row) => PROGRAMME_TYPES.find((type) => type.value === row.programmeType)?.label ?? ALL_PROGRAMMES },
  { heading: "Samo lastne izvedbe / Own runs only", value: (row) => (row.ownRunsOnly ? "da / yes" : "ne / no") },
  { heading: "EECO11 Udeleženci skupaj / Total number of participants", value: (row) => row.participantsEntering },
  { heading: "Ženske / Women", value: (row) => cellOf(row, "enteringByGender", "FEMALE") },
  { heading: "Moški / Men", value: (row) => cellOf(row, "enteringByGender", "MALE") },
  { heading: "EECO01 Brezposelni, vključno z dolgotrajno brezposelnimi / Unemployed, including long-term unemployed", value: (row) => cellOf(row, "enteringByLabourMarketStatus", "UNEMPLOYED") },
  { heading: "EECO02 Dolgotrajno brezposelni / Long-term unemployed", value: (row) => cellOf(row, "enteringByLabourMarketStatus", "LONG_TERM_UNEMPLOYED") },
  { heading: "EECO03 Neaktivni / Inactive", value: (row) => cellOf(row, "enteringByLabourMarketStatus", "INACTIVE") },
  { heading: "EECO04 Zaposleni, vključno s samozaposlenimi / Employed, including self-employed", value: (row) => cellOf(row, "enteringByLabourMarketStatus", "EMPLOYED") },
  { heading: "EECO06 Mladi 18–29 let (v vozlišču: mlajši od 30 let) / Young people 18–29 (in the hub: under 30)", value: (row) => cellOf(row, "enteringByAgeGroup", "UNDER_30") },
  { heading: "EECO07 Stari 55 let in več / 55 years of age and above", value: (row) => cellOf(row, "enteringByAgeGroup", "55_AND_OVER") },
  { heading: "EECO15 Manjšine, vključno z marginaliziranimi skupnostmi, kot so Romi / Minorities, including marginalised communities such as the Roma", value: (row) => row.enteringFromMarginalisedCommunities },
  { heading: "Izstopi / Participants leaving", value: (row) => row.participantsLeaving },
  { heading: "EECR02 V izobraževanju ali usposabljanju ob izstopu / In education or training upon leaving", value: (row) => cellOf(row, "leavingByOutcome", "EDUCATION") },
  { heading: "EECR04 V zaposlitvi, vključno s samozaposlitvijo, ob izstopu / In employment, including self-employment, upon leaving", value: (row) => cellOf(row, "leavingByOutcome", "EMPLOYMENT") },
  { heading: "EECR05 V zaposlitvi, vključno s samozaposlitvijo, šest mesecev po izstopu / In employment, including self-employment, six months after leaving", value: (row) => row.inEmploymentSixMonthsAfterLeaving },
];

export const textOf = (value: IndicatorValue | string): string => (typeof value === "string" ? value : value.shown);

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The ESF+ table as CSV: a heading row, a row per place and period, CRLF; the caller adds the BOM. */
export function esfCsv(rows: readonly Indicators[]): string {
  const lines = [ESF_COLUMNS.map((column) => column.heading), ...rows.map((row) => ESF_COLUMNS.map((column) => textOf(column.value(row))))];
  return lines.map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** What the download is called: the year and the programme type, in plain ASCII. */
export const csvFileName = (year: number, programmeType: string | null) => `kazalniki-esf-${year}-${programmeType ? programmeType.toLowerCase().replace(/_/g, "-") : "vsi-programi"}.csv`;

/** Offers the CSV for download from memory: UTF-8 with a BOM so that spreadsheets read č, š, ž; nothing is stored but the file the user saves. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
