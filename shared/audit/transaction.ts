import type { DataSource, EntityManager } from "typeorm";
import type { AccessRecorder } from "./recorder";

/**
 * One transaction per mutation, with its access-log record written inside it: the change and the
 * record of it commit together or not at all.
 */
export function auditedTransaction<Result>(
  context: { db: DataSource; audit: AccessRecorder },
  work: (manager: EntityManager) => Promise<Result>,
): Promise<Result> {
  return context.db.transaction(async (manager) => {
    const result = await work(manager);
    await context.audit.flush(manager);
    return result;
  });
}
