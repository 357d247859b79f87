import type { EntityManager } from "typeorm";
import type { DemoData } from "../../shared/demo-data.types";

/** __Pascal__'s demo data, loaded into an empty database at start outside production. */
export async function load__Pascal__DemoData(_manager: EntityManager, _data: DemoData): Promise<void> {
  // Insert demo rows here; keep them deterministic (see shared/demo-data.ts).
}
