import fs from "node:fs";
import path from "node:path";

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Whether a process with this pid runs (signal 0 checks without sending anything). */
export const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Builds a folder once, however many processes ask for it at the same time: the first takes
 * `<folder>.lock` (holding its pid) and builds; the others wait until `<folder>.ready` exists. A
 * lock left by a process that died mid-build is taken over and the half-built folder built again.
 * Used for the embedded databases' empty cluster (shared/database.ts: five subgraph processes
 * starting on a new DATA_DIR run PostgreSQL's initdb once, not five times) and the test run's
 * template databases (test/support/hub.ts).
 * @param folder absolute path of the folder to build
 * @param build fills the folder, which exists and is empty when it is called
 * @returns the folder, once ready
 */
export async function buildOnce(folder: string, build: (folder: string) => Promise<void>): Promise<string> {
  const ready = `${folder}.ready`;
  const lock = `${folder}.lock`;
  // A folder swept away under a long run (from /tmp, say) is built again.
  const built = () => fs.existsSync(ready) && fs.existsSync(folder);
  for (;;) {
    if (built()) return folder;
    fs.mkdirSync(path.dirname(folder), { recursive: true });
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const builder = Number(fs.readFileSync(lock, "utf8"));
      if (builder && !isRunning(builder)) fs.rmSync(lock, { force: true });
      else await sleep(100);
    }
  }
  try {
    // Another process may have finished between our check and taking the lock.
    if (built()) return folder;
    fs.rmSync(ready, { force: true });
    fs.rmSync(folder, { recursive: true, force: true });
    fs.mkdirSync(folder, { recursive: true });
    await build(folder);
    fs.writeFileSync(ready, "");
    return folder;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
