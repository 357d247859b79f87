import { useEffect, useMemo, useState } from "react";
import { BreakdownChart, largestShown, Legend, niceCeiling, QuarterPanel, WithheldPatterns } from "./indicator-charts";
import { csvFileName, downloadCsv, ESF_COLUMNS, esfCsv, INDICATOR_SERIES_QUERY, PROGRAMME_TYPES, ALL_PROGRAMMES, SUPPRESSION_TEXT, textOf, type IndicatorRate, type IndicatorValue, type Indicators } from "./esf-table";
import "./indicators.css";

/**
 * Kazalniki / Indicators (issue 17): the ESF+ indicators for people who would rather look than
 * read. One `indicatorSeries` request per year and programme type, with the signed-in user's
 * token, answers every place the user may see (ACCESS.md: national for OVERSIGHT, their own region
 * for the agencies, their own runs for a provider); the charts, the table and the CSV are all drawn
 * from that one answer, in this page's memory.
 */

/** The calendar year in Ljubljana, where the hub's periods are counted. */
const currentYear = () => Number(new Intl.DateTimeFormat("en", { timeZone: "Europe/Ljubljana", year: "numeric" }).format(new Date()));

type Answer = { state: "loading" } | { state: "failed"; problem: string } | { state: "preparing"; message: string } | { state: "answered"; rows: Indicators[] };

/** The hub is still computing a release (INDICATORS_IN_PREPARATION): the page asks again after the seconds it is told. */
class Preparing extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

async function fetchSeries(endpoint: string, token: string, year: number, programmeType: string, signal: AbortSignal): Promise<Indicators[]> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: INDICATOR_SERIES_QUERY, operationName: "IndicatorSeries", variables: { year, programmeType: programmeType || null } }),
    signal,
  });
  const answer = (await response.json().catch(() => null)) as { data?: { indicatorSeries: Indicators[] | null } | null; errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[] } | null;
  const preparing = answer?.errors?.find((error) => error.extensions?.code === "INDICATORS_IN_PREPARATION");
  if (preparing) throw new Preparing(preparing.message, preparing.extensions?.retryAfterSeconds ?? 15);
  if (answer?.errors?.length) throw new Error(answer.errors[0].message);
  if (!answer?.data?.indicatorSeries) throw new Error(`Kazalnikov ni bilo mogoče prebrati / The indicators could not be read (${response.status})`);
  return answer.data.indicatorSeries;
}

const isQuarter = (period: string) => /-Q[1-4]$/.test(period);

const rateText = (rate: IndicatorRate) => (rate.value === null ? SUPPRESSION_TEXT[rate.suppressed ?? "PROTECTS_ANOTHER_CELL"] : `${Math.round(rate.value * 100)} %`);

function Figure({ label, value }: { label: string; value: IndicatorValue | IndicatorRate }) {
  const shown = "shown" in value ? value.shown : rateText(value);
  const withheld = "shown" in value ? value.count === null : value.value === null;
  return (
    <div className={`indicators-figure${withheld ? " indicators-figure-withheld" : ""}`}>
      <dt>{label}</dt>
      <dd>{shown}</dd>
    </div>
  );
}

/** The ESF+ table, as the CSV holds it: a row per place and period; a withheld cell says so in words. */
function EsfTable({ rows }: { rows: readonly Indicators[] }) {
  return (
    <div className="indicators-table-wrap">
      <table className="indicators-table" data-testid="esf-table">
        <caption>Tabela ESF+ (Uredba (EU) 2021/1057, Priloga I) / ESF+ table (Regulation (EU) 2021/1057, Annex I)</caption>
        <thead>
          <tr>
            {ESF_COLUMNS.map((column) => (
              <th key={column.heading} scope="col">
                {column.heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.region}|${row.period}`}>
              {ESF_COLUMNS.map((column, index) => {
                const value = column.value(row);
                const withheld = typeof value !== "string" && value.count === null;
                return index === 0 ? (
                  <th key={column.heading} scope="row">
                    {textOf(value)}
                  </th>
                ) : (
                  <td key={column.heading} className={withheld ? "indicators-cell-withheld" : undefined}>
                    {textOf(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IndicatorsView({ endpoint, token }: { endpoint: string; token: string | null }) {
  const thisYear = useMemo(currentYear, []);
  // Last year to begin with: the last one released whole (a quarter's figures are released once it has ended).
  const [year, setYear] = useState(thisYear - 1);
  const [programmeType, setProgrammeType] = useState("");
  const [display, setDisplay] = useState<"charts" | "table">("charts");
  const [answer, setAnswer] = useState<Answer>({ state: "loading" });
  const [place, setPlace] = useState<string | null>(null);
  const [period, setPeriod] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    setAnswer({ state: "loading" });
    const ask = () =>
      fetchSeries(endpoint, token, year, programmeType, controller.signal).then(
        (rows) => setAnswer({ state: "answered", rows }),
        (error: Error) => {
          if (controller.signal.aborted) return;
          if (error instanceof Preparing) {
            setAnswer({ state: "preparing", message: error.message });
            retry = setTimeout(ask, error.retryAfterSeconds * 1000);
          } else setAnswer({ state: "failed", problem: error.message });
        },
      );
    void ask();
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, [endpoint, token, year, programmeType]);

  const rows = answer.state === "answered" ? answer.rows : [];
  const places = useMemo(() => [...new Set(rows.map((row) => row.region))], [rows]);
  const rowsOf = (where: string) => rows.filter((row) => row.region === where);
  const shownPlace = place && places.includes(place) ? place : places[0];
  const periods = shownPlace ? rowsOf(shownPlace).map((row) => row.period) : [];
  const shownPeriod = period && periods.includes(period) ? period : periods[0];
  const detail = rows.find((row) => row.region === shownPlace && row.period === shownPeriod);
  // Several places: the first is Slovenija, charted on its own scale; one place is the user's own region.
  const national = places.length > 1 ? places[0] : null;
  const regional = places.length > 1 ? places.slice(1) : places;
  const regionalTop = niceCeiling(largestShown(rows.filter((row) => row.region !== national && isQuarter(row.period))));
  const ownRunsOnly = rows.some((row) => row.ownRunsOnly);

  if (!token) {
    return (
      <section className="indicators" aria-labelledby="indicators-heading">
        <h1 id="indicators-heading">Kazalniki ESF+ / ESF+ indicators</h1>
        <p>Prijavite se zgoraj, da vidite kazalnike / Sign in above to see the indicators.</p>
      </section>
    );
  }

  const panel = (where: string, large: boolean, top: number) => {
    const mine = rowsOf(where);
    return (
      <QuarterPanel
        key={where}
        place={where}
        year={mine.find((row) => !isQuarter(row.period))}
        quarters={mine.filter((row) => isQuarter(row.period))}
        top={top}
        large={large}
        selected={where === shownPlace}
        onSelect={setPlace}
      />
    );
  };

  return (
    <section className="indicators" aria-labelledby="indicators-heading" data-testid="indicators">
      <WithheldPatterns />
      <div className="indicators-controls">
        <h1 id="indicators-heading">Kazalniki ESF+ / ESF+ indicators</h1>
        <label>
          Leto / Year{" "}
          <select value={year} onChange={(event) => setYear(Number(event.target.value))}>
            {Array.from({ length: 6 }, (_, back) => thisYear - back).map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </select>
        </label>
        <label>
          Vrsta programa / Programme type{" "}
          <select value={programmeType} onChange={(event) => setProgrammeType(event.target.value)}>
            <option value="">{ALL_PROGRAMMES}</option>
            {PROGRAMME_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
        </label>
        <span className="indicators-display" role="group" aria-label="Prikaz / Display">
          <button type="button" aria-pressed={display === "charts"} onClick={() => setDisplay("charts")}>
            Grafi / Charts
          </button>
          <button type="button" aria-pressed={display === "table"} onClick={() => setDisplay("table")}>
            Tabela / Table
          </button>
        </span>
        <button type="button" className="indicators-export" disabled={answer.state !== "answered"} onClick={() => downloadCsv(csvFileName(year, programmeType || null), esfCsv(rows))}>
          Izvozi CSV / Export CSV
        </button>
      </div>
      <p className="indicators-scope">
        {answer.state === "answered" &&
          `${places.length > 1 ? `${places[0]} in ${places.length - 1} statističnih regij / and ${places.length - 1} statistical regions` : `Vaša regija / Your region: ${places[0] ?? "—"}`}${ownRunsOnly ? "; samo izvedbe vašega izvajalca / your own runs only" : ""}. Nobena številka pod 5 ni prikazana / No figure below 5 is shown. Četrtletje je objavljeno, ko se konča, leto s četrtim četrtletjem / A quarter is released once it has ended, a year with its fourth quarter.`}
      </p>
      {answer.state === "loading" && <p className="indicators-status">Nalaganje … / Loading …</p>}
      {answer.state === "preparing" && (
        <p className="indicators-status" role="status" data-testid="indicators-preparing">
          Kazalniki se pripravljajo; stran jih bo kmalu prebrala sama / The indicators are being prepared; the page will read them again by itself. ({answer.message})
        </p>
      )}
      {answer.state === "failed" && (
        <p className="indicators-problem" role="alert" data-testid="indicators-problem">
          {answer.problem}
        </p>
      )}
      {answer.state === "answered" && display === "table" && <EsfTable rows={rows} />}
      {answer.state === "answered" && display === "charts" && (
        <>
          <h2>Vstopi in izstopi po četrtletjih / Participants entering and leaving per quarter, {year}</h2>
          <div className="indicators-overview">
            {national && panel(national, true, niceCeiling(largestShown(rowsOf(national).filter((row) => isQuarter(row.period)))))}
            {regional.length === 1 && !national ? panel(regional[0], true, regionalTop) : null}
            <Legend />
          </div>
          {regional.length > 1 && (
            <>
              <h3>Statistične regije / Statistical regions (skupna lestvica / one scale)</h3>
              <div className="indicators-regions">{regional.map((where) => panel(where, false, regionalTop))}</div>
            </>
          )}
          {detail && (
            <section className="indicators-detail" aria-labelledby="indicators-detail-heading" data-testid="indicators-detail">
              <h2 id="indicators-detail-heading">
                Podrobnosti / Details:{" "}
                <select aria-label="Kraj / Place" value={shownPlace} onChange={(event) => setPlace(event.target.value)}>
                  {places.map((where) => (
                    <option key={where}>{where}</option>
                  ))}
                </select>{" "}
                <select aria-label="Obdobje / Period" value={shownPeriod} onChange={(event) => setPeriod(event.target.value)}>
                  {periods.map((each) => (
                    <option key={each}>{each}</option>
                  ))}
                </select>
              </h2>
              <dl className="indicators-figures">
                <Figure label="Vstopi / Entering" value={detail.participantsEntering} />
                <Figure label="Izstopi / Leaving" value={detail.participantsLeaving} />
                <Figure label="Zaključili / Completed" value={detail.completed} />
                <Figure label="Predčasno izstopili / Left early" value={detail.leftEarly} />
                <Figure label="Delež zaključenih / Completion rate" value={detail.completionRate} />
                <Figure label="Delež predčasnih izstopov / Early-leaving rate" value={detail.earlyLeavingRate} />
                <Figure label="Povprečna udeležba / Average attendance" value={detail.averageAttendance} />
                <Figure label="Iz marginaliziranih skupnosti / From marginalised communities" value={detail.enteringFromMarginalisedCommunities} />
                <Figure label="Zaposleni 6 mesecev po izstopu / Employed 6 months after leaving" value={detail.inEmploymentSixMonthsAfterLeaving} />
              </dl>
              <div className="indicators-breakdowns">
                <BreakdownChart title="Vstopi po spolu / Entering by gender" cells={detail.enteringByGender} whole={detail.participantsEntering} series="entering" />
                <BreakdownChart title="Vstopi po starosti / Entering by age group" cells={detail.enteringByAgeGroup} whole={detail.participantsEntering} series="entering" />
                <BreakdownChart title="Vstopi po statusu na trgu dela / Entering by labour-market status" cells={detail.enteringByLabourMarketStatus} whole={detail.participantsEntering} series="entering" />
                <BreakdownChart title="Izstopi po izhodu / Leaving by outcome" cells={detail.leavingByOutcome} whole={detail.participantsLeaving} series="leaving" />
              </div>
            </section>
          )}
        </>
      )}
    </section>
  );
}
