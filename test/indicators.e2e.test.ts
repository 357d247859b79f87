import type { Caller } from "../shared/context";
import { addMonths, ageOn, todayInLjubljana, yearOf } from "../shared/calendar";
import { demoData } from "../shared/demo-data";
import { Agency } from "../shared/enums";
import { NATIONAL, STATISTICAL_REGIONS } from "../shared/indicators/grid";
import { startTestHub, type TestHub } from "./support/hub";
import { analyst, user } from "./support/users";

/**
 * Issue 17: ESF+ indicators from live federated data, with no one re-identifiable. Every figure is
 * checked against a count made here, independently, from the agencies' own tables (a test-only
 * read across the databases); a small cell is withheld and cannot be given back by any chain of
 * subtractions over the figures offered; each agency reads exactly its row of ACCESS.md.
 */
const data = demoData(todayInLjubljana());
const TODAY = todayInLjubljana();
const YEAR = yearOf(TODAY);

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

type Value = { count: number | null; suppressed: string | null; shown: string };
type Cell = { category: string; value: Value };
interface Answer {
  period: string;
  region: string;
  ownRunsOnly: boolean;
  participantsEntering: Value;
  enteringByGender: Cell[];
  enteringByAgeGroup: Cell[];
  enteringByLabourMarketStatus: Cell[];
  enteringFromMarginalisedCommunities: Value;
  enteringByProgrammeType: Cell[];
  participantsLeaving: Value;
  leavingByOutcome: Cell[];
  completed: Value;
  leftEarly: Value;
}
const FIELDS = `period region ownRunsOnly
  participantsEntering { count suppressed shown }
  enteringByGender { category value { count suppressed shown } }
  enteringByAgeGroup { category value { count suppressed shown } }
  enteringByLabourMarketStatus { category value { count suppressed shown } }
  enteringFromMarginalisedCommunities { count suppressed shown }
  enteringByProgrammeType { category value { count suppressed shown } }
  participantsLeaving { count suppressed shown }
  leavingByOutcome { category value { count suppressed shown } }
  completed { count suppressed shown } leftEarly { count suppressed shown }`;

const indicators = (as: Caller, period: string, region?: string | null) =>
  hub.requestAs<{ indicators: Answer | null }>(as, `query Indicators($period: String!, $region: String) { indicators(period: $period, region: $region) { ${FIELDS} } }`, { period, region });

/** The agencies' tables, read directly: the independent side of every comparison. */
async function records() {
  const db = (name: string) => hub.subgraphs.find((subgraph) => subgraph.name === name)!.database.dataSource;
  const people = new Map<string, { gender: string; birth: string; region: string; roma: boolean }>(
    (await db("coordination").query(`SELECT id, gender, to_char(birth_date, 'YYYY-MM-DD') AS birth, region, roma_community FROM participants`)).map(
      (row: { id: string; gender: string; birth: string; region: string; roma_community: boolean }) => [row.id, { gender: row.gender, birth: row.birth, region: row.region, roma: row.roma_community }],
    ),
  );
  const register = new Map<string, { status: string; registered: string }>(
    (await db("employment").query(`SELECT participant_id, status, to_char(registered_on, 'YYYY-MM-DD') AS registered FROM jobseeker_records`)).map(
      (row: { participant_id: string; status: string; registered: string }) => [row.participant_id, { status: row.status, registered: row.registered }],
    ),
  );
  const enrolments: { person: string; provider: string; entered: string; exited: string | null; status: string; outcome: string | null }[] = await db("providers").query(
    `SELECT e.participant_id AS person, p.provider_id AS provider, to_char(e.enrolled_on, 'YYYY-MM-DD') AS entered, to_char(e.exited_on, 'YYYY-MM-DD') AS exited, e.status, e.exit_outcome AS outcome
       FROM enrolments e JOIN programme_runs r ON r.id = e.run_id JOIN programmes p ON p.id = r.programme_id`,
  );
  return { people, register, enrolments };
}

type Records = Awaited<ReturnType<typeof records>>;

/** Expected counts of one period and place, straight from the records (read once with `records()`). */
function countsOf({ people, register, enrolments }: Records, from: string, to: string, region: string, provider?: string) {
  const mine = enrolments.filter((row) => (provider ? row.provider === provider : true) && (region === NATIONAL || people.get(row.person)?.region === region));
  const entering = mine.filter((row) => row.entered >= from && row.entered <= to);
  const leaving = mine.filter((row) => row.exited !== null && row.exited >= from && row.exited <= to);
  const distinct = (rows: typeof mine, test: (row: (typeof mine)[number]) => boolean = () => true) => new Set(rows.filter(test).map((row) => row.person)).size;
  const unemployedAt = (row: (typeof mine)[number]) => {
    const record = register.get(row.person);
    return Boolean(record && record.registered <= row.entered && record.status === "UNEMPLOYED");
  };
  return {
    entering: distinct(entering),
    FEMALE: distinct(entering, (row) => people.get(row.person)!.gender === "FEMALE"),
    MALE: distinct(entering, (row) => people.get(row.person)!.gender === "MALE"),
    UNDER_30: distinct(entering, (row) => ageOn(`${people.get(row.person)!.birth.slice(0, 7)}-01`, row.entered) < 30),
    UNEMPLOYED: distinct(entering, unemployedAt),
    LONG_TERM_UNEMPLOYED: distinct(entering, (row) => unemployedAt(row) && addMonths(register.get(row.person)!.registered, 12) <= row.entered),
    roma: distinct(entering, (row) => people.get(row.person)!.roma),
    leaving: distinct(leaving),
    completed: distinct(leaving, (row) => row.status === "COMPLETED"),
    EMPLOYMENT: distinct(leaving, (row) => row.outcome === "EMPLOYMENT"),
  };
}
const expected = async (from: string, to: string, region: string, provider?: string) => countsOf(await records(), from, to, region, provider);

/** A shown figure equals the records' count; a withheld one for fewer than 5 is fewer than 5. */
function agrees(value: Value, truth: number, label: string) {
  if (value.suppressed === "FEWER_THAN_FIVE") expect({ label, truth: truth < 5 }).toEqual({ label, truth: true });
  else if (value.suppressed === null) expect({ label, count: value.count }).toEqual({ label, count: truth });
  if (truth < 5) expect({ label, suppressed: value.suppressed }).toEqual({ label, suppressed: "FEWER_THAN_FIVE" });
}

const cell = (cells: Cell[], category: string) => cells.find((each) => each.category === category)!.value;

function checkAgainst(answer: Answer, truth: Awaited<ReturnType<typeof expected>>) {
  agrees(answer.participantsEntering, truth.entering, "entering");
  agrees(cell(answer.enteringByGender, "FEMALE"), truth.FEMALE, "women");
  agrees(cell(answer.enteringByGender, "MALE"), truth.MALE, "men");
  agrees(cell(answer.enteringByAgeGroup, "UNDER_30"), truth.UNDER_30, "under 30");
  agrees(cell(answer.enteringByLabourMarketStatus, "UNEMPLOYED"), truth.UNEMPLOYED, "unemployed");
  agrees(cell(answer.enteringByLabourMarketStatus, "LONG_TERM_UNEMPLOYED"), truth.LONG_TERM_UNEMPLOYED, "long-term unemployed");
  agrees(answer.enteringFromMarginalisedCommunities, truth.roma, "Roma");
  agrees(answer.participantsLeaving, truth.leaving, "leaving");
  agrees(answer.completed, truth.completed, "completed");
  agrees(cell(answer.leavingByOutcome, "EMPLOYMENT"), truth.EMPLOYMENT, "left for employment");
}

const pomurska = data.employmentOffices.find((office) => office.region === "Pomurska")!;
const officer = user(Agency.EMPLOYMENT, pomurska.id);

describe("the figures", () => {
  it("equal the records' own counts, nationally and for a region, for the year and a quarter", async () => {
    for (const [period, from, to] of [
      [String(YEAR), `${YEAR}-01-01`, `${YEAR}-12-31`],
      [String(YEAR - 1), `${YEAR - 1}-01-01`, `${YEAR - 1}-12-31`],
      [`${YEAR}-Q1`, `${YEAR}-01-01`, `${YEAR}-03-31`],
    ]) {
      const national = await indicators(analyst(), period, null);
      expect(national.errors).toBeUndefined();
      checkAgainst(national.data!.indicators!, await expected(from, to, NATIONAL));
      const regional = await indicators(officer, period, null);
      expect(regional.errors).toBeUndefined();
      expect(regional.data!.indicators!.region).toBe("Pomurska");
      checkAgainst(regional.data!.indicators!, await expected(from, to, "Pomurska"));
    }
    // The demo data are small, but the year's national totals are large enough to be shown.
    const year = (await indicators(analyst(), String(YEAR), null)).data!.indicators!;
    expect(year.participantsEntering.count).toBeGreaterThanOrEqual(5);
  });

  it("refuses a window off the grid and a place that is not a statistical region, naming the field", async () => {
    for (const period of ["2026-Q5", "2026-07-01", "2026-W12", "26"]) {
      const answer = await indicators(analyst(), period, null);
      expect(answer.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "period" } });
    }
    const answer = await indicators(analyst(), String(YEAR), "Mars");
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "region" } });
  });
});

describe("disclosure control", () => {
  it("withholds a cell of 3 people, and no chain of subtractions over every figure offered gives it back", async () => {
    // Every figure the analyst can get for the year: the year, quarters and months, for Slovenija and each region.
    const places = [NATIONAL, ...STATISTICAL_REGIONS];
    const periods = [String(YEAR), ...[1, 2, 3, 4].map((q) => `${YEAR}-Q${q}`), ...Array.from({ length: 12 }, (_, m) => `${YEAR}-${String(m + 1).padStart(2, "0")}`)];
    const figures = new Map<string, number | null>();
    const categories = ["FEMALE", "MALE"];
    for (const months of [false, true]) {
      const series = await hub.requestAs<{ indicatorSeries: Answer[] }>(analyst(), `query Series($year: Int!, $months: Boolean) { indicatorSeries(year: $year, months: $months) { ${FIELDS} } }`, { year: YEAR, months });
      expect(series.errors).toBeUndefined();
      for (const answer of series.data!.indicatorSeries) {
        figures.set(`${answer.period}|${answer.region}|ALL`, answer.participantsEntering.count);
        for (const category of categories) figures.set(`${answer.period}|${answer.region}|${category}`, cell(answer.enteringByGender, category).count);
      }
    }
    expect(figures.size).toBe(periods.length * places.length * 3);
    // The additive relations, written down here from the grid's definition (not the implementation's).
    const relations: [string, string[]][] = [];
    const quarterMonths = (q: number) => [1, 2, 3].map((m) => `${YEAR}-${String((q - 1) * 3 + m).padStart(2, "0")}`);
    for (const place of places) {
      for (const category of ["ALL", ...categories]) {
        relations.push([`${YEAR}|${place}|${category}`, [1, 2, 3, 4].map((q) => `${YEAR}-Q${q}|${place}|${category}`)]);
        for (const q of [1, 2, 3, 4]) relations.push([`${YEAR}-Q${q}|${place}|${category}`, quarterMonths(q).map((month) => `${month}|${place}|${category}`)]);
      }
      for (const period of periods) relations.push([`${period}|${place}|ALL`, categories.map((category) => `${period}|${place}|${category}`)]);
    }
    for (const period of periods) for (const category of ["ALL", ...categories]) relations.push([`${period}|${NATIONAL}|${category}`, STATISTICAL_REGIONS.map((region) => `${period}|${region}|${category}`)]);

    // The true counts, from the records, to find a cell of 3 and to check any value recovered.
    const truth = new Map<string, number>();
    const all = await records();
    for (const period of periods) {
      const from = period.length === 4 ? `${period}-01-01` : period.includes("Q") ? `${YEAR}-${String((Number(period.slice(-1)) - 1) * 3 + 1).padStart(2, "0")}-01` : `${period}-01`;
      const months = period.length === 4 ? 12 : period.includes("Q") ? 3 : 1;
      const to = addMonths(from, months).replace(/-01$/, "-00");
      for (const place of places) {
        const counts = countsOf(all, from, to, place);
        truth.set(`${period}|${place}|ALL`, counts.entering);
        truth.set(`${period}|${place}|FEMALE`, counts.FEMALE);
        truth.set(`${period}|${place}|MALE`, counts.MALE);
      }
    }
    const three = [...truth.entries()].find(([key, count]) => count === 3 && figures.has(key));
    expect(three).toBeDefined();
    expect(figures.get(three![0])).toBeNull();

    // Peel: any relation with exactly one unknown gives it; repeat until nothing changes.
    const known = new Map([...figures].filter(([, value]) => value !== null) as [string, number][]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [total, parts] of relations) {
        const members = [total, ...parts];
        const unknown = members.filter((member) => !known.has(member));
        if (unknown.length !== 1) continue;
        const [missing] = unknown;
        const sum = parts.filter((part) => part !== missing).reduce((acc, part) => acc + known.get(part)!, 0);
        known.set(missing, missing === total ? sum : known.get(total)! - sum);
        changed = true;
      }
    }
    const recovered = [...truth.keys()].filter((key) => figures.get(key) === null && known.has(key));
    expect({ cell: three![0], recovered: known.has(three![0]), anyWithheldRecovered: recovered }).toEqual({ cell: three![0], recovered: false, anyWithheldRecovered: [] });
  });
});

describe("who sees what (ACCESS.md: aggregate indicators)", () => {
  const otherRegion = STATISTICAL_REGIONS.find((region) => region !== "Pomurska")!;
  const centre = data.socialWorkCentres.find((each) => each.region === "Pomurska")!;
  const coordinator = data.coordinators.find((each) => each.region === "Pomurska")!;

  it("gives OVERSIGHT every region and the country", async () => {
    for (const place of [null, "Pomurska", otherRegion]) expect((await indicators(analyst(), String(YEAR), place)).errors).toBeUndefined();
  });

  it("gives the Urad za delo, the CSD and a coordinator their own region only", async () => {
    for (const reader of [officer, user(Agency.CSD, centre.id), user(Agency.COORDINATION, coordinator.id)]) {
      const own = await indicators(reader, String(YEAR), null);
      expect({ agency: reader.agency, region: own.data?.indicators?.region }).toEqual({ agency: reader.agency, region: "Pomurska" });
      expect((await indicators(reader, String(YEAR), "Pomurska")).errors).toBeUndefined();
      for (const place of [otherRegion, NATIONAL]) {
        const other = await indicators(reader, String(YEAR), place);
        expect({ agency: reader.agency, place, data: other.data?.indicators ?? null, code: other.errors?.[0]?.extensions?.code }).toEqual({ agency: reader.agency, place, data: null, code: "FORBIDDEN" });
      }
    }
  });

  it("gives a provider its own runs only, counted from its own enrolments", async () => {
    const { enrolments } = await records();
    const counts = new Map<string, number>();
    for (const row of enrolments) counts.set(row.provider, (counts.get(row.provider) ?? 0) + 1);
    const busiest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const staff = user(Agency.PROVIDER, busiest);
    const answer = await indicators(staff, String(YEAR), null);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.indicators!.ownRunsOnly).toBe(true);
    checkAgainst(answer.data!.indicators!, await expected(`${YEAR}-01-01`, `${YEAR}-12-31`, NATIONAL, busiest));
  });

  it("refuses a partner's agency and someone without a token", async () => {
    const partner = await indicators(user("HEALTH_CENTRE" as Agency, "00000000-0000-4000-8000-0000000000cc"), String(YEAR), null);
    expect(partner.data?.indicators ?? null).toBeNull();
    const anonymous = await hub.request(`query { indicators(period: "${YEAR}") { period } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("records each reading in the statistics log, with no person in the record", async () => {
    await indicators(analyst(), `${YEAR}-Q2`, "Pomurska");
    const rows: { subject: string; participant_id: string | null; fields: string[] }[] = await hub.subgraphs
      .find((subgraph) => subgraph.name === "statistics")!
      .database.dataSource.query(`SELECT subject, participant_id, fields FROM access_log WHERE subject = $1`, [analyst().sub]);
    expect(rows).toContainEqual({ subject: analyst().sub, participant_id: null, fields: [`indicators ${YEAR}-Q2 Pomurska ALL`] });
  });
});

describe("the agencies' facts are machinery", () => {
  it("are not in the public graph", async () => {
    const answer = await hub.requestAs(analyst(), `query { coordinationIndicatorFacts(salt: "AAAAAAAAAAAAAAAAAAAAAA") { rows } }`);
    expect(answer.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
