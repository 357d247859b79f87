import type { DataSource } from "typeorm";
import { addDays, type IsoDate } from "../../../shared/calendar";
import { parsePeriod, type Period } from "../../../shared/indicators/grid";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { SUPPRESSIONS, type ReleaseJob, type StoredRelease } from "./compute";
import type { Facts, ReleasedCell } from "./cube";

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

/**
 * The one worker thread of this process that computes releases (release-worker.ts), started on
 * first use and again after it fails; jobs queue in its message port and run one at a time.
 */
class ReleaseWorker {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (release: StoredRelease) => void; reject: (error: Error) => void }>();

  private start(): Worker {
    const file = path.join(__dirname, `release-worker${path.extname(__filename)}`);
    // From TypeScript (tests, tsx), the worker needs the same loader; the build runs it as JavaScript.
    const worker = new Worker(file, { execArgv: file.endsWith(".ts") ? ["--require", require.resolve("tsx/cjs")] : [] });
    worker.unref();
    worker.on("message", ({ id, release, error }: { id: number; release?: StoredRelease; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (error !== undefined) waiter?.reject(new Error(`computing an indicators release failed: ${error}`));
      else waiter?.resolve(release!);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the indicators worker stopped (exit code ${code})`)));
    return worker;
  }

  /** Stops the thread, failing the jobs it still has (a computation not finished is not stored). */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  run(job: ReleaseJob): Promise<StoredRelease> {
    this.worker ??= this.start();
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ id, job });
    });
  }
}

export const releaseWorker = new ReleaseWorker();


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
    let known: Facts | undefined;
    for (let q = 1; q <= quarter; q += 1) {
      let release = await this.read(year, q, population);
      if (!release) {
        known ??= await facts();
        const { cells, attendance } = await releaseWorker.run({ year, quarter: q, facts: known, earlier: releases.map(({ cells, attendance }) => ({ cells, attendance })), today });
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
