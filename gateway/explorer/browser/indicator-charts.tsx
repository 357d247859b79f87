import { useId } from "react";
import { SUPPRESSION_TEXT, type IndicatorValue, type Indicators, type Suppression } from "./esf-table";

/**
 * The indicators page's charts, plain SVG drawn here: no chart library, nothing loaded. A withheld
 * figure is never drawn as a bar of any length: its column is hatched from the axis to the top of
 * the plot, marked "<5" (fewer than 5) or "×" (withheld so that a small cell cannot be worked out),
 * and the legend says what the marks mean. Each chart is one image to a screen reader, named by
 * its title and described, figure by figure, by its description; the page's table view holds the
 * same figures.
 */
export type SeriesKey = "entering" | "leaving";

export const SERIES: readonly { key: SeriesKey; label: string; pick(row: Indicators): IndicatorValue }[] = [
  { key: "entering", label: "vstopi / entering", pick: (row) => row.participantsEntering },
  { key: "leaving", label: "izstopi / leaving", pick: (row) => row.participantsLeaving },
];

const MARK: Record<Suppression, string> = { FEWER_THAN_FIVE: "<5", PROTECTS_ANOTHER_CELL: "×" };
const REASONS = Object.keys(MARK) as Suppression[];

/** The mark and pattern of a withheld figure; a figure withheld for no reason the page knows is drawn as the safer "×". */
const reasonOf = (value: IndicatorValue): Suppression => value.suppressed ?? "PROTECTS_ANOTHER_CELL";
const patternId = (series: SeriesKey, reason: Suppression) => `withheld-${series}-${reason}`;

/** The hatches every chart refers to, once per page (an SVG with display: none would not paint them). */
export function WithheldPatterns() {
  return (
    <svg className="indicators-patterns" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        {SERIES.flatMap(({ key }) =>
          REASONS.map((reason) => (
            <pattern key={`${key}-${reason}`} id={patternId(key, reason)} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="hatch-ground" />
              <line x1="0" y1="0" x2="0" y2="6" className={`hatch-line hatch-${key}`} />
              {reason === "PROTECTS_ANOTHER_CELL" && <line x1="0" y1="3" x2="6" y2="3" className={`hatch-line hatch-${key}`} />}
            </pattern>
          )),
        )}
      </defs>
    </svg>
  );
}

function Swatch({ series, reason }: { series: SeriesKey; reason?: Suppression }) {
  return (
    <svg className="indicators-swatch" width="18" height="14" aria-hidden="true" focusable="false">
      {reason ? <rect x="0.5" y="0.5" width="17" height="13" fill={`url(#${patternId(series, reason)})`} className={`withheld-outline withheld-${series}`} /> : <rect width="18" height="14" className={`bar-${series}`} />}
    </svg>
  );
}

/** What the colours and the hatches mean, and why figures are withheld. */
export function Legend() {
  return (
    <div className="indicators-legend" data-testid="indicators-legend">
      {SERIES.map(({ key, label }) => (
        <span key={key}>
          <Swatch series={key} /> {label}
        </span>
      ))}
      <span>
        <Swatch series="entering" reason="FEWER_THAN_FIVE" />
        <Swatch series="leaving" reason="FEWER_THAN_FIVE" /> <strong>{MARK.FEWER_THAN_FIVE}</strong> {SUPPRESSION_TEXT.FEWER_THAN_FIVE}: ni prikazano, da nihče ne bi bil prepoznaven / not shown, so that no one can be recognised
      </span>
      <span>
        <Swatch series="entering" reason="PROTECTS_ANOTHER_CELL" />
        <Swatch series="leaving" reason="PROTECTS_ANOTHER_CELL" /> <strong>{MARK.PROTECTS_ANOTHER_CELL}</strong> {SUPPRESSION_TEXT.PROTECTS_ANOTHER_CELL}: skrito, da manjše številke ne bi bilo mogoče izračunati iz drugih / hidden, so that a small figure cannot be worked out from the others
      </span>
      <span className="indicators-legend-note">Višina šrafiranega stolpca ne pomeni ničesar / A hatched column's height means nothing.</span>
    </div>
  );
}

/** A round top for the axis: 5, 10, 20, 25, 50, 100, … at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 5) return 5;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * power).find((top) => top >= value)!;
}

/** The largest figure shown among these rows' series: the charts that share a scale share it. */
export const largestShown = (rows: readonly Indicators[]) => Math.max(0, ...rows.flatMap((row) => SERIES.map(({ pick }) => pick(row).count ?? 0)));

const quarterOf = (period: string) => period.replace(/^\d{4}-/, "");

/** A figure in a line of text: the count, or a withheld figure's mark with its words for a tooltip and a screen reader. */
function Figure({ value }: { value: IndicatorValue }) {
  if (value.count !== null) return <>{value.shown}</>;
  return (
    <abbr className="indicators-abbr" title={value.shown} aria-label={value.shown}>
      {MARK[reasonOf(value)]}
    </abbr>
  );
}

interface PanelProps {
  place: string;
  /** The place's year row, for the caption. */
  year: Indicators | undefined;
  /** The place's four quarters, in order. */
  quarters: readonly Indicators[];
  /** The top of the value axis. */
  top: number;
  large?: boolean;
  selected: boolean;
  onSelect(place: string): void;
}

/** One place's participants entering and leaving, per quarter, as grouped columns. */
export function QuarterPanel({ place, year, quarters, top, large, selected, onSelect }: PanelProps) {
  const id = useId();
  const width = large ? 560 : 300;
  const height = large ? 220 : 160;
  const margin = { left: 30, right: 8, top: 18, bottom: 22 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const baseline = margin.top + plotHeight;
  const band = plotWidth / Math.max(quarters.length, 1);
  const barWidth = Math.min(band * 0.34, large ? 36 : 24);
  // niceCeiling's tops divide into these steps: 10 by 5, 25 by 5, 20 by 4, 50 by 10, …
  const step = top <= 5 ? top : top <= 10 ? top / 2 : top / 5;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  const y = (count: number) => baseline - (count / top) * plotHeight;
  const description = quarters.map((row) => `${quarterOf(row.period)}: ${SERIES.map(({ label, pick }) => `${label} ${pick(row).shown}`).join(", ")}`).join("; ");

  return (
    <figure className={`indicators-panel${large ? " indicators-panel-large" : ""}${selected ? " indicators-panel-selected" : ""}`} data-place={place}>
      <figcaption>
        <button type="button" className="indicators-place" aria-pressed={selected} onClick={() => onSelect(place)} title="Podrobnosti tega kraja spodaj / Details of this place below">
          {place}
        </button>
        {year && (
          <span className="indicators-year-total">
            {year.period}:{" "}
            {SERIES.map(({ key, label, pick }, index) => (
              <span key={key}>
                {index > 0 && " · "}
                {label} <Figure value={pick(year)} />
              </span>
            ))}
          </span>
        )}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="indicators-chart">
        <title id={`${id}-title`}>{`${place}: vstopi in izstopi po četrtletjih / participants entering and leaving per quarter, ${year?.period ?? ""}`}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((tick) => (
          <g key={tick} className="indicators-tick">
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
            <text x={margin.left - 4} y={y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {quarters.map((row, index) => {
          const left = margin.left + index * band + band / 2 - barWidth - 1;
          return (
            <g key={row.period}>
              {SERIES.map(({ key, label, pick }, offset) => {
                const value = pick(row);
                const x = left + offset * (barWidth + 2);
                const mid = x + barWidth / 2;
                const cellName = `${place}, ${row.period}, ${label}: ${value.shown}`;
                if (value.count === null) {
                  const reason = reasonOf(value);
                  return (
                    <g key={key} className="indicators-withheld" data-cell={`${place}|${row.period}|${key}`} data-shown={value.shown}>
                      <title>{cellName}</title>
                      <rect x={x} y={margin.top} width={barWidth} height={plotHeight} fill={`url(#${patternId(key, reason)})`} className={`withheld-outline withheld-${key}`} />
                      <text x={mid} y={margin.top - 5} textAnchor="middle" className="indicators-mark">
                        {MARK[reason]}
                      </text>
                    </g>
                  );
                }
                return (
                  <g key={key} className="indicators-shown" data-cell={`${place}|${row.period}|${key}`} data-shown={value.shown}>
                    <title>{cellName}</title>
                    <rect x={x} y={y(value.count)} width={barWidth} height={baseline - y(value.count)} className={`bar-${key}`} />
                    <text x={mid} y={y(value.count) - 4} textAnchor="middle" className="indicators-value">
                      {value.shown}
                    </text>
                  </g>
                );
              })}
              <text x={margin.left + index * band + band / 2} y={height - 6} textAnchor="middle" className="indicators-axis-label">
                {quarterOf(row.period)}
              </text>
            </g>
          );
        })}
        <line x1={margin.left} x2={width - margin.right} y1={baseline} y2={baseline} className="indicators-baseline" />
      </svg>
    </figure>
  );
}

interface BreakdownProps {
  title: string;
  cells: readonly { label: string; value: IndicatorValue }[];
  /** What the categories are parts of (entering or leaving): the bars' full length when it is shown. */
  whole: IndicatorValue;
  series: SeriesKey;
}

/** One breakdown of one place and period, as horizontal bars: each category's label and figure above its bar. */
export function BreakdownChart({ title, cells, whole, series }: BreakdownProps) {
  const id = useId();
  const width = 480;
  const barArea = 270;
  const row = 38;
  const height = cells.length * row + 4;
  const full = Math.max(whole.count ?? 0, ...cells.map((cell) => cell.value.count ?? 0), 1);
  return (
    <figure className="indicators-breakdown">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="indicators-chart">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{cells.map((cell) => `${cell.label}: ${cell.value.shown}`).join("; ")}</desc>
        {cells.map((cell, index) => {
          const top = index * row;
          const withheld = cell.value.count === null;
          return (
            <g key={cell.label} className={withheld ? "indicators-withheld" : "indicators-shown"} data-shown={cell.value.shown}>
              <title>{`${cell.label}: ${cell.value.shown}`}</title>
              <text x="0" y={top + 13} className="indicators-category">
                {cell.label}
              </text>
              <text x={barArea + 8} y={top + 30} className={withheld ? "indicators-mark" : "indicators-value"}>
                {withheld ? `${MARK[reasonOf(cell.value)]} ${cell.value.shown}` : cell.value.shown}
              </text>
              {withheld ? (
                <rect x="0.5" y={top + 18.5} width={barArea - 1} height="13" fill={`url(#${patternId(series, reasonOf(cell.value))})`} className={`withheld-outline withheld-${series}`} />
              ) : (
                <>
                  <rect x="0" y={top + 18} width={barArea} height="14" className="indicators-track" />
                  <rect x="0" y={top + 18} width={(cell.value.count! / full) * barArea} height="14" className={`bar-${series}`} />
                </>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
