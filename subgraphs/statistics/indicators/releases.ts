import type { DataSource } from "typeorm";
import { addDays, type IsoDate } from "../../../shared/calendar";
import type { Suppression } from "../../../shared/indicators/disclosure";
import { parsePeriod, type Period } from "../../../shared/indicators/grid";
import { countYear, releaseTable, type Facts, type ReleasedCell } from "./cube";

/**
 * Frozen releases (issue 17, red team: comparing live tables before and after one's own write gave
 * back that person's categories and withheld cells). Indicators are published a quarter at a time,
 * once the quarter has ended: the first request after that computes the quarter's release (with the
 * fourth, the year's) around the year's earlier releases, stores it, and every later answer reads
 * it as it was. A write after a release changes no figure anyone can see; a write for the current
 * quarter is seen only in its one release. Late changes to a released quarter are not revised (an
 * official revision policy would publish them in a revision release: not built).
 */
export interface Release {
  year: number;
  quarter: number;
  releasedAt: Date;
  cells: Map<string, ReleasedCell>;
  attendance: Map<string, number>;
}

const SUPPRESSIONS: Suppression[] = [null, "PRIMARY", "SECONDARY"];

/** The first day a quarter's figures may be published: the day after it ends. */
export const releaseDay = (year: number, quarter: number): IsoDate => addDays(parsePeriod(`${year}-Q${quarter}`).to, 1);

/** The quarter whose release publishes a period: its own, and for a year, the fourth. */
export const quarterReleasing = (period: Period): number =>
  period.kind === "YEAR" ? 4 : period.kind === "QUARTER" ? Number(period.key.slice(-1)) : Math.ceil(Number(period.key.slice(5, 7)) / 3);

/** The last quarter of `year` whose figures are released on `today` (0: none yet). */
export const lastReleasedQuarter = (year: number, today: IsoDate): number => [4, 3, 2, 1].find((quarter) => releaseDay(year, quarter) <= today) ?? 0;

export class ReleaseStore {
  private readonly memory = new Map<string, Release>();

  constructor(private readonly db: DataSource) {}

  private async read(year: number, quarter: number, population: string): Promise<Release | null> {
    const memoryKey = `${year}|${quarter}|${population}`;
    const known = this.memory.get(memoryKey);
    if (known) return known;
    const [row] = await this.db.query(`SELECT released_at, cells, attendance FROM indicator_releases WHERE year = $1 AND quarter = $2 AND population = $3`, [year, quarter, population]);
    if (!row) return null;
    const cells = new Map<string, ReleasedCell>(
      Object.entries(row.cells as Record<string, [number, boolean, number]>).map(([cell, [value, published, suppressed]]) => [cell, { value, published, suppressed: SUPPRESSIONS[suppressed] }]),
    );
    const release: Release = { year, quarter, releasedAt: new Date(row.released_at), cells, attendance: new Map(Object.entries(row.attendance as Record<string, number>)) };
    this.memory.set(memoryKey, release);
    return release;
  }

  /**
   * The year's releases up to `quarter`, computing and storing each that is missing, in order
   * (`facts` is asked for at most once). Two requests computing the same release together store
   * one: the first wins and both answer from it.
   */
  async releasesUpTo(year: number, quarter: number, population: string, facts: () => Promise<Facts>, today: IsoDate): Promise<Release[]> {
    const releases: Release[] = [];
    let counts: ReturnType<typeof countYear> | undefined;
    for (let q = 1; q <= quarter; q += 1) {
      let release = await this.read(year, q, population);
      if (!release) {
        counts ??= countYear(year, await facts(), today);
        const earlier = new Map<string, ReleasedCell>(releases.flatMap((each) => [...each.cells]));
        const { table, released } = releaseTable(year, q, counts, earlier);
        const keys = new Set(released.map((period) => period.key));
        const cells = Object.fromEntries(
          table
            .entries()
            .filter(([cell]) => keys.has(cell.split("|")[0]))
            .map(([cell, state]) => [cell, [state.value, state.published, SUPPRESSIONS.indexOf(state.suppressed)]]),
        );
        const attendance = Object.fromEntries(
          [...counts.attendance].filter(([at]) => keys.has(at.split("|")[0]) && !at.startsWith(`${year}|`)),
        );
        // The year's attendance is its released quarters'.
        if (q === 4) {
          const quarterly = [...releases.flatMap((each) => [...each.attendance]), ...Object.entries(attendance)];
          for (const [at, sum] of quarterly) {
            const [period, region, type] = at.split("|");
            if (!/^\d{4}-Q\d$/.test(period)) continue;
            attendance[`${year}|${region}|${type}`] = (attendance[`${year}|${region}|${type}`] ?? 0) + sum;
          }
        }
        await this.db.query(
          `INSERT INTO indicator_releases (year, quarter, population, cells, attendance) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (year, quarter, population) DO NOTHING`,
          [year, q, population, JSON.stringify(cells), JSON.stringify(attendance)],
        );
        release = (await this.read(year, q, population))!;
      }
      releases.push(release);
    }
    return releases;
  }
}
