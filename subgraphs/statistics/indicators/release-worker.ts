import { parentPort } from "node:worker_threads";
import { computeRelease, type ReleaseJob } from "./compute";

/**
 * The worker thread that computes releases (compute.ts), one job at a time, so that the statistics
 * subgraph keeps answering (health, other indicators) while an audit runs. Started by releases.ts.
 */
parentPort?.on("message", async ({ id, job }: { id: number; job: ReleaseJob }) => {
  try {
    parentPort!.postMessage({ id, release: await computeRelease(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
