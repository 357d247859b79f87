import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where tests keep their databases and other scratch folders: /dev/shm (memory) where the machine
 * has it, else the system's temporary folder. Creating PGlite's thousand-odd files per database is
 * most of a test hub's start on a disk (this machine's ext4: 4.7 s to copy the five demo databases,
 * 0.3 s in /dev/shm). HUB_TEST_SCRATCH overrides it.
 */
export function scratchRoot(): string {
  const chosen = process.env.HUB_TEST_SCRATCH;
  if (chosen) return chosen;
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

/** A new empty folder under scratchRoot(), named `<prefix><random>`; the caller removes it. */
export const scratchFolder = (prefix: string): string => fs.mkdtempSync(path.join(scratchRoot(), prefix));
