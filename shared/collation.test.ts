import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import pg from "pg";
import { COLLATION_TABLE, compareSlovenian, slovenianSortKey, sortKey, sortKeyFunctionSql } from "./collation";

/**
 * The order of `slovenian_sort_key`, computed by the databases themselves (an in-process PGlite
 * and, when COORDINATION_DATABASE_URL is set, that PostgreSQL server), against an independent
 * oracle: ICU's Slovenian collation in Node (`Intl.Collator("sl")`). The function is created inside
 * a transaction that is rolled back, so the server's database is left as it was.
 *
 * Property runs use fast-check with a fixed seed (SEED below), which fc.assert prints with the
 * shrunk counterexample on failure, so a failure reproduces.
 */
const SEED = 20250113;
const RUNS = 40;
const NAMES_PER_RUN = 250;

const icu = new Intl.Collator("sl");

/** Letters, accented letters, space, hyphen and digits: what Slovenian names and unit names hold. */
const ALPHABET = [..."abcdefghijklmnopqrstuvwxyzčšžćđéöü", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZČŠŽĆĐÉÖÜ", " ", "-", ..."0123456789"];
/** Letters weighted up, and some strings repeating a prefix, so that ties at a level are frequent. */
const COMMON = [..."acčszšž", ..."ACČSZŠŽ", "e", "é", "E", "É"];

/** A name: up to 7 characters, half of them from the letters where Slovenian order differs from byte order. */
const nameArbitrary = fc.string({ unit: fc.oneof(fc.constantFrom(...COMMON), fc.constantFrom(...ALPHABET)), maxLength: 7 });
/** Lists with many near-ties: names that share a prefix and differ only in an accent, a case or a tail. */
const namesArbitrary = fc
  .array(nameArbitrary, { minLength: 1, maxLength: NAMES_PER_RUN })
  .chain((list) => fc.array(fc.tuple(fc.constantFrom(...list), nameArbitrary), { maxLength: 60 }).map((variants) => [...list, ...variants.map(([base, tail]) => base.slice(0, 3) + tail.slice(0, 2))]));

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

  it(`property: random names come out of the database in the order of Intl.Collator("sl") (seed ${SEED}, ${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(namesArbitrary, async (list) => {
        for (const db of databases) {
          const rows = await db.sorted(list);
          const order = rows.map((row) => row.name);
          expect([...order].sort()).toEqual([...list].sort());
          for (let i = 1; i < order.length; i += 1) {
            if (icu.compare(order[i - 1], order[i]) > 0) throw new Error(`${db.kind}: ${JSON.stringify(order[i - 1])} sorted before ${JSON.stringify(order[i])}, ICU says after`);
          }
          for (const row of rows) {
            if (row.key !== slovenianSortKey(row.name)) throw new Error(`${db.kind}: the key of ${JSON.stringify(row.name)} differs from slovenianSortKey`);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

});
