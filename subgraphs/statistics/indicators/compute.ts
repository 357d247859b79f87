import type { IsoDate } from "../../../shared/calendar";
import { countYear, personMoves, releaseTable, type Facts, type ReleasedCell } from "./cube";

/** A quarter's release as stored: each cell `[count, published, suppression (0 none, 1 primary, 2 secondary)]`, attendance sums. */
export interface StoredRelease {
  cells: Record<string, [number, boolean, number]>;
  attendance: Record<string, number>;
}

/** What computing one quarter's release needs: the agencies' facts and the year's earlier releases, in order. */
export interface ReleaseJob {
  year: number;
  quarter: number;
  facts: Facts;
  earlier: { cells: Map<string, ReleasedCell>; attendance: Map<string, number> }[];
  today: IsoDate;
}

export const SUPPRESSIONS = [null, "PRIMARY", "SECONDARY"] as const;

/**
 * One quarter's release: the year counted from the facts, the quarter's table suppressed and
 * audited around the earlier releases (cube.ts), and the cells and attendance it publishes.
 * Seconds to minutes of CPU on small populations (the exact audit), so it runs in a worker thread
 * (release-worker.ts), never on a request's event loop.
 */
export async function computeRelease(job: ReleaseJob): Promise<StoredRelease> {
  const { year, quarter, facts, earlier, today } = job;
  const counts = countYear(year, facts, today);
  const moves = personMoves(year, counts, facts, today);
  const { table, released } = await releaseTable(year, quarter, counts, new Map(earlier.flatMap((each) => [...each.cells])), moves);
  const keys = new Set(released.map((period) => period.key));
  const cells = Object.fromEntries(
    table
      .entries()
      .filter(([cell]) => keys.has(cell.split("|")[0]))
      .map(([cell, state]) => [cell, [state.value, state.published, SUPPRESSIONS.indexOf(state.suppressed)] as [number, boolean, number]]),
  );
  const attendance = Object.fromEntries([...counts.attendance].filter(([at]) => keys.has(at.split("|")[0]) && !at.startsWith(`${year}|`)));
  // The year's attendance is its released quarters'.
  if (quarter === 4) {
    for (const [at, sum] of [...earlier.flatMap((each) => [...each.attendance]), ...Object.entries(attendance)]) {
      const [period, region, type] = at.split("|");
      if (!/^\d{4}-Q\d$/.test(period)) continue;
      attendance[`${year}|${region}|${type}`] = (attendance[`${year}|${region}|${type}`] ?? 0) + sum;
    }
  }
  return { cells, attendance };
}
