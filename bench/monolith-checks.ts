import type { ChildProcess } from "node:child_process";
import { mintDevToken } from "../shared/auth/dev-token";
import { DEMO_PARTICIPANT_ID, DEMO_USERS } from "../shared/auth/demo-users";
import type { Caller } from "../shared/context";
import { demoUuid } from "../shared/demo-data";
import { scaleData } from "../shared/scale-data";
import { startService } from "./processes";

/** What the monolith's checks (bench/monolith-check.ts, bench/monolith-access-log-check.ts) share. */

/**
 * The callers and people the monolith's checks ask about (bench/monolith-check.ts,
 * bench/monolith-access-log-check.ts), on the scaled data set: the benchmark's coordinator
 * (bench/run.ts) and three people of its caseload or outside it, the benchmark's run, and the
 * README's demo users but the DPO, who all work with Jože Kastelic (DEMO_PARTICIPANT_ID).
 * `sub` names the check in the access log.
 */
export async function checkCast(dataDir: string, participants: number, sub: string) {
  const data = scaleData(participants);
  const token = (agency: string, unit: string, roles: string[]) => mintDevToken(dataDir, { sub, agency, unit, roles } satisfies Caller);
  const coordinator = demoUuid("scale:coordinator:5");
  const mine = data.participants.filter((person) => person.coordinatorId === coordinator);
  const providerOf = (runId: string) => data.programmes.find((programme) => programme.id === data.runs.find((run) => run.id === runId)!.programmeId)!.providerId;
  return {
    data,
    token,
    asCoordinator: await token("COORDINATION", coordinator, ["COORDINATOR"]),
    someone: mine.find((person) => person.consentGrantedAt)!,
    withoutConsent: mine.find((person) => !person.consentGrantedAt)!,
    stranger: data.participants.find((person) => person.coordinatorId && person.coordinatorId !== coordinator)!,
    providerOf,
    run: demoUuid("scale:run:3"),
    joze: DEMO_PARTICIPANT_ID,
    /** Agency, unit and role of each demo user but the DPO: coordinator, social worker, officer, provider's staff, analyst. */
    demoUsers: ["coordinator", "social-worker", "officer", "provider-staff", "analyst"].map((name) => {
      const { agency, unit, roles } = DEMO_USERS.get(name)!.caller;
      return [agency, unit, roles[0]] as [string, string, string];
    }),
  };
}

/** The monolith in a process of its own, on the same data directory's keys; `env` adds settings (MONOLITH_ACCESS_LOG). */
export async function startMonolith(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; process: ChildProcess }> {
  const { child, port } = await startService(["bench/monolith.ts"], { ...process.env, PORT: "0", DATA_DIR: dataDir, ...env });
  return { url: `http://127.0.0.1:${port}/graphql`, process: child };
}
