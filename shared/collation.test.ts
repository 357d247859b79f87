import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { COLLATION_TABLE, compareSlovenian, slovenianSortKey, sortKey, sortKeyFunctionSql } from "./collation";

/**
 * The order of `slovenian_sort_key`, computed by the databases themselves (an in-process PGlite
 * and, when COORDINATION_DATABASE_URL is set, that PostgreSQL server), against an independent
 * oracle: ICU's Slovenian collation in Node (`Intl.Collator("sl")`). The function is created inside
 * a transaction that is rolled back, so the server's database is left as it was.
 *
 * Property runs are seeded (SEED below; a failure names the seed and the run), so a failure
 * reproduces. fast-check is not installed in this project's node_modules, hence the small
 * generator here rather than fc.assert.
 */
const SEED = 20250113;
const RUNS = 40;
const NAMES_PER_RUN = 250;

const icu = new Intl.Collator("sl");

/** Letters, accented letters, space, hyphen and digits: what Slovenian names and unit names hold. */
const ALPHABET = [..."abcdefghijklmnopqrstuvwxyzčšžćđéöü", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZČŠŽĆĐÉÖÜ", " ", "-", ..."0123456789"];
/** Letters weighted up, and some strings repeating a prefix, so that ties at a level are frequent. */
const COMMON = [..."acčszšž", ..."ACČSZŠŽ", "e", "é", "E", "É"];

/** mulberry32: a small seeded generator, enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function names(next: () => number, count: number): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const result: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const length = Math.floor(next() * 7);
    let name = "";
    for (let j = 0; j < length; j += 1) name += next() < 0.5 ? pick(COMMON) : pick(ALPHABET);
    // A variant of an earlier name: differs only in an accent, a case or a tail.
    if (result.length && next() < 0.3) name = pick(result).slice(0, 1 + Math.floor(next() * 4)) + name.slice(0, 2);
    result.push(name);
  }
  return result;
}

interface Database {
  kind: string;
  /** The names in the order of ORDER BY slovenian_sort_key(name) COLLATE "C", with their keys. */
  sorted(names: string[]): Promise<{ name: string; key: string }[]>;
  close(): Promise<void>;
}

const ORDERED = `SELECT name, slovenian_sort_key(name) AS key FROM unnest($1::text[]) AS name ORDER BY ${sortKey("name")}`;

async function pglite(): Promise<Database> {
  const db = await PGlite.create();
  await db.exec(sortKeyFunctionSql());
  return {
    kind: "PGlite",
    sorted: async (list) => (await db.query<{ name: string; key: string }>(ORDERED, [list])).rows,
    close: () => db.close(),
  };
}

async function postgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(sortKeyFunctionSql());
  return {
    kind: "PostgreSQL",
    sorted: async (list) => (await client.query<{ name: string; key: string }>(ORDERED, [list])).rows,
    close: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

const databases: Database[] = [];
beforeAll(async () => {
  databases.push(await pglite());
  if (process.env.COORDINATION_DATABASE_URL) databases.push(await postgres(process.env.COORDINATION_DATABASE_URL));
});
afterAll(() => Promise.all(databases.map((db) => db.close())));

const eachDatabase = async (check: (db: Database) => Promise<void>) => {
  expect(databases.length).toBeGreaterThan(0);
  for (const db of databases) await check(db);
};

describe("Slovenian order (contract README, Text)", () => {
  it("orders surnames C < Č < D, S < Š < T, Z < Ž, in the database and in memory", async () => {
    const surnames = ["Žagar", "Čeh", "Zorko", "Šinkovec", "Strojan", "Tomažič", "Cankar", "Dolenc"];
    const expected = ["Cankar", "Čeh", "Dolenc", "Strojan", "Šinkovec", "Tomažič", "Zorko", "Žagar"];
    expect([...surnames].sort(compareSlovenian)).toEqual(expected);
    await eachDatabase(async (db) => expect({ kind: db.kind, order: (await db.sorted(surnames)).map((row) => row.name) }).toEqual({ kind: db.kind, order: expected }));
  });

  it("puts Urad za delo Črnomelj before Urad za delo Novo mesto", async () => {
    const offices = ["Urad za delo Novo mesto", "Urad za delo Črnomelj", "Urad za delo Celje", "Urad za delo Ormož"];
    const expected = ["Urad za delo Celje", "Urad za delo Črnomelj", "Urad za delo Novo mesto", "Urad za delo Ormož"];
    expect([...offices].sort(compareSlovenian)).toEqual(expected);
    await eachDatabase(async (db) => expect({ kind: db.kind, order: (await db.sorted(offices)).map((row) => row.name) }).toEqual({ kind: db.kind, order: expected }));
  });

  it("orders every pair of the table's characters as ICU does, and the database's keys are the in-memory ones", async () => {
    const characters = [...COLLATION_TABLE.keys()];
    const disagreements: string[] = [];
    for (const a of characters) {
      for (const b of characters) {
        if (Math.sign(icu.compare(a, b)) !== Math.sign(compareSlovenian(a, b))) disagreements.push(`${JSON.stringify(a)} ${JSON.stringify(b)}`);
      }
    }
    expect(disagreements).toEqual([]);
    const names = [...characters, characters.join(""), "Łukasz Ølberg", "Ωmega 日本", ""];
    await eachDatabase(async (db) => {
      const keys = Object.fromEntries((await db.sorted(names)).map((row) => [row.name, row.key]));
      expect({ kind: db.kind, keys }).toEqual({ kind: db.kind, keys: Object.fromEntries(names.map((name) => [name, slovenianSortKey(name)])) });
    });
  });

  it("sorts characters outside the table after every letter, by code point", async () => {
    const names = ["Ω", "Žiga", "日", "Ж", "zz", "Ž"];
    // Ω U+03A9 < Ж U+0416 < 日 U+65E5.
    await eachDatabase(async (db) => expect({ kind: db.kind, order: (await db.sorted(names)).map((row) => row.name) }).toEqual({ kind: db.kind, order: ["zz", "Ž", "Žiga", "Ω", "Ж", "日"] }));
    expect([...names].sort(compareSlovenian)).toEqual(["zz", "Ž", "Žiga", "Ω", "Ж", "日"]);
  });

  it(`orders random names as Intl.Collator("sl") does (seed ${SEED}, ${RUNS} runs of ${NAMES_PER_RUN} names)`, async () => {
    const next = random(SEED);
    for (let run = 0; run < RUNS; run += 1) {
      const list = names(next, NAMES_PER_RUN);
      await eachDatabase(async (db) => {
        const rows = await db.sorted(list);
        const order = rows.map((row) => row.name);
        expect([...order].sort()).toEqual([...list].sort());
        for (let i = 1; i < order.length; i += 1) {
          if (icu.compare(order[i - 1], order[i]) > 0) {
            throw new Error(`seed ${SEED}, run ${run}, ${db.kind}: ${JSON.stringify(order[i - 1])} sorted before ${JSON.stringify(order[i])}, ICU says after`);
          }
        }
        for (const row of rows) {
          if (row.key !== slovenianSortKey(row.name)) throw new Error(`seed ${SEED}, run ${run}, ${db.kind}: key of ${JSON.stringify(row.name)} differs from slovenianSortKey`);
        }
      });
    }
  });
});
