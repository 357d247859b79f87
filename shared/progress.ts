import { performance } from "node:perf_hooks";
import { log, logFormat } from "./log";

/**
 * What start-up says while it works: the one function progress lines go through — plain lines on
 * the console in text mode, JSON log lines in json mode (production; shared/log.ts). Callers that
 * want quiet (tests, benchmarks) leave it out.
 */
export type Progress = (line: string) => void;

export const printProgress: Progress = (line) => (logFormat() === "json" ? log.info({ phase: "start" }, line) : console.log(line));

export const quiet: Progress = () => undefined;

export const secondsSince = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** Runs one phase of start-up, saying when it begins and how long it took. */
export async function phase<T>(progress: Progress, what: string, step: () => Promise<T>): Promise<T> {
  progress(`${what} …`);
  const started = performance.now();
  const result = await step();
  progress(`${what}: done in ${secondsSince(started)}`);
  return result;
}
