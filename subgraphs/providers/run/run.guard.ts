import type { EntityManager } from "typeorm";
import { ErrorCode, refused } from "../../../shared/errors";
import { requireId } from "../../../shared/validation";
import { ProgrammeRunEntity } from "./run.entity";

/** Loads a run for a write, optionally locked so that concurrent enrolments queue on it. */
export async function requireRun(manager: EntityManager, runId: string, options: { lock: boolean }): Promise<ProgrammeRunEntity> {
  requireId("runId", runId);
  const query = manager.getRepository(ProgrammeRunEntity).createQueryBuilder("run").where("run.id = :runId", { runId });
  if (options.lock) query.setLock("pessimistic_write");
  const run = await query.getOne();
  if (!run) throw refused(ErrorCode.NOT_FOUND, `No programme run has id ${runId}`, { field: "runId" });
  return run;
}
