import DataLoader from "dataloader";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in the hub are UUIDs; anything else cannot exist, so it is answered without asking the database. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A loader for rows with one key each: one statement per batch (the caller's query takes the
 * whole key array), answers in key order, null where no row exists.
 */
export function rowLoader<Row>(
  load: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader<string, Row | null>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** A loader for the many rows that belong to each key (a person's decisions, a run's enrolments). */
export function groupLoader<Row>(
  load: (keys: string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader<string, Row[]>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}
