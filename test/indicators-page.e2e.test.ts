import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { DEMO_USERS } from "../shared/auth/demo-users";
import { NATIONAL, STATISTICAL_REGIONS } from "../shared/indicators/grid";
import { buildExplorer } from "../scripts/build-explorer";
import { startTestHub, usingPostgres, type TestHub } from "./support/hub";

/**
 * Issue 17, "a page for people who would rather look than read": the explorer's Kazalniki /
 * Indicators view, in Chromium with the network closed, through the real gateway over the real
 * subgraphs. The demo analyst sees Slovenija and the 12 regions charted per quarter with every
 * withheld figure marked as withheld, and downloads the ESF+ table as a CSV whose headings carry
 * the ESF+ codes and whose cells are the API's own; an officer and a social worker see their own
 * region only; nothing is stored in the browser and nothing is asked of another origin.
 */
const CHROMIUM = "/usr/bin/chromium";
/** The README's screenshot is rewritten only on request (INDICATORS_SCREENSHOT=1), so a test run leaves the tree as it was. */
const SCREENSHOT = process.env.INDICATORS_SCREENSHOT === "1" ? path.resolve(__dirname, "..", "docs", "indicators.png") : path.join(os.tmpdir(), "hub-indicators.png");

/** The CSV's heading row, written out here so that a change to it is a change to this test. */
const ESF_HEADINGS = [
  "Regija / Region",
  "Obdobje / Period",
  "Vrsta programa / Programme type",
  "Samo lastne izvedbe / Own runs only",
  "EECO11 Udeleženci skupaj / Total number of participants",
  "Ženske / Women",
  "Moški / Men",
  "EECO01 Brezposelni, vključno z dolgotrajno brezposelnimi / Unemployed, including long-term unemployed",
  "EECO02 Dolgotrajno brezposelni / Long-term unemployed",
  "EECO03 Neaktivni / Inactive",
  "EECO04 Zaposleni, vključno s samozaposlenimi / Employed, including self-employed",
  "EECO06 Mladi 18–29 let (v vozlišču: mlajši od 30 let) / Young people 18–29 (in the hub: under 30)",
  "EECO07 Stari 55 let in več / 55 years of age and above",
  "EECO15 Manjšine, vključno z marginaliziranimi skupnostmi, kot so Romi / Minorities, including marginalised communities such as the Roma",
  "Izstopi / Participants leaving",
  "EECR02 V izobraževanju ali usposabljanju ob izstopu / In education or training upon leaving",
  "EECR04 V zaposlitvi, vključno s samozaposlitvijo, ob izstopu / In employment, including self-employment, upon leaving",
  "EECR05 V zaposlitvi, vključno s samozaposlitvijo, šest mesecev po izstopu / In employment, including self-employment, six months after leaving",
];
const WITHHELD_TEXTS = ["manj kot 5 / fewer than 5", "prikrito / withheld"];

type Value = { count: number | null; suppressed: string | null; shown: string };
type Cell = { category: string; value: Value };
interface Row {
  period: string;
  region: string;
  participantsEntering: Value;
  participantsLeaving: Value;
  enteringByGender: Cell[];
  enteringByAgeGroup: Cell[];
  enteringByLabourMarketStatus: Cell[];
  leavingByOutcome: Cell[];
  enteringFromMarginalisedCommunities: Value;
  inEmploymentSixMonthsAfterLeaving: Value;
}
const VALUE = "{ count suppressed shown }";
const CELLS = `{ category value ${VALUE} }`;
const SERIES_QUERY = `query IndicatorSeries($year: Int!, $programmeType: ProgrammeType) { indicatorSeries(year: $year, programmeType: $programmeType) {
  period region participantsEntering ${VALUE} participantsLeaving ${VALUE}
  enteringByGender ${CELLS} enteringByAgeGroup ${CELLS} enteringByLabourMarketStatus ${CELLS} leavingByOutcome ${CELLS}
  enteringFromMarginalisedCommunities ${VALUE} inEmploymentSixMonthsAfterLeaving ${VALUE} } }`;

let hub: TestHub;
let origin: string;

beforeAll(async () => {
  await buildExplorer({ ifStale: true });
  hub = await startTestHub();
  origin = new URL(hub.gateway.url).origin;
  // The page opens on last year: its releases are computed once (up to a minute, in the statistics
  // worker), here, so that the page's first answer is the figures, not "being prepared".
  if (!usingPostgres()) await seriesFor("analyst", Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Ljubljana", year: "numeric" }).format(new Date())) - 1);
}, 300_000);
afterAll(() => hub?.stop());

/** What the API answers this demo user, asked directly: the page must show exactly this. */
async function seriesFor(name: string, year: number, programmeType: string | null = null): Promise<Row[]> {
  const answer = await hub.requestPrepared<{ indicatorSeries: Row[] }>(DEMO_USERS.get(name)!.caller, SERIES_QUERY, { year, programmeType });
  expect(answer.errors).toBeUndefined();
  return answer.data!.indicatorSeries;
}

const cellOf = (cells: Cell[], category: string) => cells.find((cell) => cell.category === category)!.value;

/** RFC 4180, enough for the page's own CSV: quoted fields with doubled quotes, CRLF after every row. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted && character === '"' && text[index + 1] === '"') {
      field += '"';
      index++;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (!quoted && character === ",") {
      row.push(field);
      field = "";
    } else if (!quoted && character === "\r" && text[index + 1] === "\n") {
      rows.push([...row, field]);
      row = [];
      field = "";
      index++;
    } else {
      field += character;
    }
  }
  expect({ unterminated: row.length > 0 || field !== "" }).toEqual({ unterminated: false });
  return rows;
}

/** Every bar of the quarter charts: `place|period|series` → the text it carries and whether it is drawn as withheld. */
const chartedCells = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<SVGGElement>("[data-cell]")].map((cell) => [cell.dataset.cell!, { shown: cell.dataset.shown!, withheld: cell.classList.contains("indicators-withheld"), title: cell.querySelector("title")?.textContent ?? "" }]),
    ),
  );

const chartedPlaces = (page: Page) => page.locator(".indicators-panel").evaluateAll((panels) => panels.map((panel) => (panel as HTMLElement).dataset.place));

async function download(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Izvozi CSV / Export CSV" }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

async function signInAndOpen(page: Page, name: string) {
  await page.goto(hub.gateway.url);
  await page.getByRole("button", { name, exact: true }).click();
  await page.getByTestId("signed-in").getByText(`Signed in as ${DEMO_USERS.get(name)!.label}`).waitFor();
  await page.getByRole("button", { name: "Kazalniki / Indicators" }).click();
  await page.locator(".indicators-panel").first().waitFor();
}

// The page is the same over either database: it runs on the embedded pass (each run computes a year's releases, about a minute).
const inBrowser = process.env.HUB_BROWSER_TESTS !== "0" && !usingPostgres();
if (!inBrowser) console.warn(usingPostgres() ? "skipped on PostgreSQL: the indicators page in Chromium runs on the embedded pass" : "skipped: the indicators page in Chromium (HUB_BROWSER_TESTS=0)");
(inBrowser ? describe : describe.skip)("the indicators page, in Chromium with the network closed", () => {
  let context: BrowserContext;
  let userDataDir: string;
  const elsewhere: string[] = [];
  const problems: string[] = [];
  const sent: { operationName?: string; authorization?: string }[] = [];
  let page: Page;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: install Debian's with \`apt-get install -y chromium\``);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "indicators-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1440, height: 900 },
    });
    // Everything not to the hub's own origin (or the page's own blob: download) is refused, and counted: there must be none.
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("blob:") || new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort("blockedbyclient");
    });
    page = context.pages()[0] ?? (await context.newPage());
    // Two cores shared with other test files: Playwright's 30 s default is too short for the bundle under load.
    page.setDefaultTimeout(100_000);
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url() === hub.gateway.url) sent.push({ operationName: request.postDataJSON()?.operationName, authorization: request.headers().authorization });
    });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it("charts Slovenija and the 12 regions per quarter for the ministry's analyst, withheld figures marked as withheld", async () => {
    await signInAndOpen(page, "analyst");
    const year = Number(await page.getByLabel("Leto / Year").inputValue());
    const api = await seriesFor("analyst", year);
    await page.locator(`.indicators-panel[data-place="${STATISTICAL_REGIONS.at(-1)}"]`).waitFor();
    expect(await chartedPlaces(page)).toEqual([NATIONAL, ...STATISTICAL_REGIONS]);

    // Every bar says what the API says; every figure the API withholds is drawn as withheld, none as a number.
    const expected = Object.fromEntries(
      api
        .filter((row) => /-Q\d$/.test(row.period))
        .flatMap((row) =>
          (["entering", "leaving"] as const).map((series) => {
            const value = series === "entering" ? row.participantsEntering : row.participantsLeaving;
            return [`${row.region}|${row.period}|${series}`, { shown: value.shown, withheld: value.count === null }];
          }),
        ),
    );
    const charted = await chartedCells(page);
    expect(Object.fromEntries(Object.entries(charted).map(([cell, { shown, withheld }]) => [cell, { shown, withheld }]))).toEqual(expected);
    expect(Object.values(expected).filter((cell) => cell.withheld).length).toBeGreaterThan(0);

    // One small regional cell, looked at closely: hatched, marked "<5", its tooltip in words.
    const small = api.find((row) => row.region !== NATIONAL && /-Q\d$/.test(row.period) && row.participantsEntering.suppressed === "FEWER_THAN_FIVE")!;
    const bar = page.locator(`[data-cell="${small.region}|${small.period}|entering"]`);
    expect(await bar.locator("text").textContent()).toBe("<5");
    expect(await bar.locator("rect").getAttribute("fill")).toMatch(/^url\(#withheld-entering-FEWER_THAN_FIVE\)$/);
    expect(charted[`${small.region}|${small.period}|entering`].title).toBe(`${small.region}, ${small.period}, vstopi / entering: manj kot 5 / fewer than 5`);
    await page.getByTestId("indicators-legend").getByText(/manj kot 5 \/ fewer than 5: ni prikazano/).waitFor();
    await page.getByTestId("indicators-legend").getByText(/prikrito \/ withheld: skrito/).waitFor();

    // The details of the whole country for the year: its breakdowns say what the API says.
    const nationalYear = api.find((row) => row.region === NATIONAL && row.period === String(year))!;
    const detail = page.getByTestId("indicators-detail");
    const genders = await detail.locator(".indicators-breakdown").first().locator("g[data-shown]").evaluateAll((cells) => cells.map((cell) => (cell as SVGGElement).dataset.shown));
    expect(genders).toEqual(nationalYear.enteringByGender.map((cell) => cell.value.shown));

    // A region chosen from its chart: the details follow.
    await page.locator(`.indicators-panel[data-place="${small.region}"]`).getByRole("button", { name: small.region }).click();
    expect(await detail.getByLabel("Kraj / Place").inputValue()).toBe(small.region);
    await detail.getByLabel("Kraj / Place").selectOption(NATIONAL);

    // The screenshot: the whole view, tall enough that nothing scrolls inside it.
    const height = await page.locator(".indicators").evaluate((view) => Math.ceil(view.getBoundingClientRect().top + view.scrollHeight));
    await page.setViewportSize({ width: 1440, height });
    await page.screenshot({ path: SCREENSHOT });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The table view holds the same ESF+ table as the CSV.
    await page.getByRole("button", { name: "Tabela / Table" }).click();
    const table = page.getByTestId("esf-table");
    expect(await table.locator("thead th").allTextContents()).toEqual(ESF_HEADINGS);
    expect(await table.locator("tbody tr").count()).toBe(api.length);
    await page.getByRole("button", { name: "Grafi / Charts" }).click();
  }, 300_000);

  it("exports the ESF+ table as UTF-8 CSV with a BOM, the ESF+ codes in its headings and the API's figures in its cells", async () => {
    const year = Number(await page.getByLabel("Leto / Year").inputValue());
    const api = await seriesFor("analyst", year);
    const { name, bytes } = await download(page);
    expect(name).toBe(`kazalniki-esf-${year}-vsi-programi.csv`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [headings, ...rows] = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(headings).toEqual(ESF_HEADINGS);
    expect(rows.map((row) => `${row[0]}|${row[1]}`)).toEqual(api.map((row) => `${row.region}|${row.period}`));
    const column = (heading: string) => ESF_HEADINGS.findIndex((candidate) => candidate.startsWith(heading));
    const mapping: [string, (row: Row) => Value][] = [
      ["EECO11", (row) => row.participantsEntering],
      ["Ženske", (row) => cellOf(row.enteringByGender, "FEMALE")],
      ["Moški", (row) => cellOf(row.enteringByGender, "MALE")],
      ["EECO01", (row) => cellOf(row.enteringByLabourMarketStatus, "UNEMPLOYED")],
      ["EECO02", (row) => cellOf(row.enteringByLabourMarketStatus, "LONG_TERM_UNEMPLOYED")],
      ["EECO03", (row) => cellOf(row.enteringByLabourMarketStatus, "INACTIVE")],
      ["EECO04", (row) => cellOf(row.enteringByLabourMarketStatus, "EMPLOYED")],
      ["EECO06", (row) => cellOf(row.enteringByAgeGroup, "UNDER_30")],
      ["EECO07", (row) => cellOf(row.enteringByAgeGroup, "55_AND_OVER")],
      ["EECO15", (row) => row.enteringFromMarginalisedCommunities],
      ["Izstopi", (row) => row.participantsLeaving],
      ["EECR02", (row) => cellOf(row.leavingByOutcome, "EDUCATION")],
      ["EECR04", (row) => cellOf(row.leavingByOutcome, "EMPLOYMENT")],
      ["EECR05", (row) => row.inEmploymentSixMonthsAfterLeaving],
    ];
    rows.forEach((row, index) => {
      for (const [heading, pick] of mapping) {
        const value = pick(api[index]);
        const cell = row[column(heading)];
        // A shown figure is the count itself; a withheld one is the API's words, never a number.
        expect({ at: `${row[0]} ${row[1]} ${heading}`, cell }).toEqual({ at: `${row[0]} ${row[1]} ${heading}`, cell: value.count === null ? value.shown : String(value.count) });
        if (value.count === null) expect(WITHHELD_TEXTS).toContain(cell);
      }
    });
    // Two cells, named: the whole country's participants in the year, and a small region's quarter withheld.
    const national = rows.find((row) => row[0] === NATIONAL && row[1] === String(year))!;
    const nationalYear = api.find((row) => row.region === NATIONAL && row.period === String(year))!.participantsEntering;
    expect(national[column("EECO11")]).toBe(nationalYear.count === null ? nationalYear.shown : String(nationalYear.count));
    const small = api.find((row) => row.region !== NATIONAL && /-Q\d$/.test(row.period) && row.participantsEntering.suppressed === "FEWER_THAN_FIVE")!;
    expect(rows.find((row) => row[0] === small.region && row[1] === small.period)![column("EECO11")]).toBe("manj kot 5 / fewer than 5");
  }, 300_000);

  it("asks again for one programme type, and exports that", async () => {
    const year = Number(await page.getByLabel("Leto / Year").inputValue());
    const api = await seriesFor("analyst", year, "ROMA_WOMEN");
    await page.getByLabel("Vrsta programa / Programme type").selectOption("ROMA_WOMEN");
    const nationalYear = api.find((row) => row.region === NATIONAL && row.period === String(year))!;
    await page.locator(`[data-cell="${NATIONAL}|${year}-Q1|entering"][data-shown="${api.find((row) => row.region === NATIONAL && row.period === `${year}-Q1`)!.participantsEntering.shown}"]`).waitFor();
    const mark = { FEWER_THAN_FIVE: "<5", PROTECTS_ANOTHER_CELL: "×" }[nationalYear.participantsEntering.suppressed ?? ""] ?? nationalYear.participantsEntering.shown;
    expect(await page.locator(`.indicators-panel[data-place="${NATIONAL}"] .indicators-year-total`).textContent()).toContain(`vstopi / entering ${mark}`);
    const { name, bytes } = await download(page);
    expect(name).toBe(`kazalniki-esf-${year}-roma-women.csv`);
    const [, first] = parseCsv(bytes.subarray(3).toString("utf8"));
    expect(first.slice(0, 5)).toEqual([NATIONAL, String(year), "Rominje / Roma women", "ne / no", nationalYear.participantsEntering.shown]);
  }, 300_000);

  it.each(["officer", "social-worker"])("shows the demo %s their own region only", async (name) => {
    // Signing out starts the page afresh.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByTestId("signed-in").getByText(/Not signed in/).waitFor();
    await signInAndOpen(page, name);
    const year = Number(await page.getByLabel("Leto / Year").inputValue());
    const api = await seriesFor(name, year);
    const regions = [...new Set(api.map((row) => row.region))];
    expect(regions).toHaveLength(1);
    expect(STATISTICAL_REGIONS).toContain(regions[0]);
    expect(await chartedPlaces(page)).toEqual(regions);
    await page.locator(".indicators-scope").getByText(`Vaša regija / Your region: ${regions[0]}`).waitFor();
    const charted = await chartedCells(page);
    expect(Object.keys(charted).every((cell) => cell.startsWith(`${regions[0]}|`))).toBe(true);
    const [, ...rows] = parseCsv((await download(page)).bytes.subarray(3).toString("utf8"));
    expect([...new Set(rows.map((row) => row[0]))]).toEqual(regions);
  }, 300_000);

  it("went back to GraphiQL with its editor, stored nothing, asked nothing of another origin, and logged no error", async () => {
    await page.getByRole("button", { name: "GraphQL", exact: true }).click();
    await page.locator(".graphiql-query-editor").waitFor({ state: "visible" });
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(stored).toBe(JSON.stringify({ local: {}, session: {} }));
    const indicatorRequests = sent.filter((request) => request.operationName === "IndicatorSeries");
    expect(indicatorRequests.length).toBeGreaterThanOrEqual(4);
    expect(indicatorRequests.every((request) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(request.authorization ?? ""))).toBe(true);
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});
