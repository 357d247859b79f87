/**
 * Slovenian alphabetical order, the same on PGlite and on any PostgreSQL server.
 *
 * The rule comes from the front-end contract (shared/contract/README.md, "Text"): lists ordered by
 * name follow the Slovenian alphabet, C < Č < D, S < Š < T, Z < Ž. ICU's Slovenian collation
 * (what `Intl.Collator("sl")` uses, and the oracle of collation.test.ts) is the reference for
 * everything the alphabet itself does not say: where ć, đ and foreign letters go, accents, case.
 *
 * Why not the database's collations: PGlite is built without ICU (no "sl-x-icu"), and a
 * PostgreSQL server's default collation is whatever its cluster was created with (C.UTF-8 orders
 * by code point: Z < Č); lower() and upper() are ASCII-only under the C locale. So the order is
 * data here, one table, from which a SQL function `slovenian_sort_key(text)` is generated. It
 * turns a name into a key of ASCII characters whose byte order is the intended order; every ORDER
 * BY over names compares keys with COLLATE "C" (`sortKey`), which both databases have.
 *
 * The key has ICU's three levels, each one character per character of the name:
 *   primary: the letter (a = á = A) | separator | secondary: the accent | separator | tertiary: the case
 * so names compare by letters first, then by accents, then by case (lower before upper).
 * Characters outside the table are kept as they are at every level: they sort after every letter,
 * among themselves by code point (UTF-8 byte order under COLLATE "C"). Names are stored in NFC
 * (contract README), and the table is of NFC characters: a decomposed é would be e + a combining
 * accent outside the table. Control characters other than the whitespace below are refused in text
 * input, so they are not in the table.
 */

/** Whitespace and punctuation, in ICU's order: all of them before any digit. */
const PUNCTUATION = ["\t", "\n", "\v", "\f", "\r", " ", "_", "-", ",", ";", ":", "!", "?", ".", "'", '"', "(", ")", "[", "]", "{", "}", "@", "*", "/", "\\", "&", "#", "%", "`", "^", "+", "<", "=", ">", "|", "~", "$"];

const DIGITS = [..."0123456789"];

/**
 * The Slovenian alphabet with the foreign letters q, w, x, y in their Latin places, and ć and đ
 * after č and d as ICU's Slovenian collation has them. Each is a letter of its own (primary level).
 */
const LETTERS = [..."abcčćdđefghijklmnopqrsštuvwxyzž"];

/**
 * Letters not in the alphabet: each sorts as its base letter and differs from it only by its
 * diacritic (secondary level), the diacritics in ICU's order. The base is the letter's canonical
 * decomposition, or `UNDECOMPOSED_BASE` for letters with a stroke.
 */
const DIACRITICS: readonly (readonly [diacritic: string, letters: string])[] = [
  ["acute", "áéíóúýĺńŕśź"],
  ["grave", "àèìòù"],
  ["breve", "ăĕğĭŏŭ"],
  ["circumflex", "âêîôûĉĝĥĵŝŵŷ"],
  ["caron", "ďěľňřť"],
  ["ring", "åů"],
  ["diaeresis", "äëïöüÿ"],
  ["double acute", "őű"],
  ["tilde", "ãñõĩũ"],
  ["dot above", "ċėġż"],
  ["slash", "ø"],
  ["cedilla", "çģķļņŗşţ"],
  ["ogonek", "ąęįų"],
  ["macron", "āēīōū"],
  ["stroke", "łħð"],
];
const UNDECOMPOSED_BASE: Readonly<Record<string, string>> = { ø: "o", ł: "l", ħ: "h", ð: "d" };

/** The three weights of one character of the table, each one ASCII character. */
export interface CollationWeights {
  primary: string;
  secondary: string;
  tertiary: string;
}

/** Between the levels of a key: below every weight, so that a name sorts before its extensions. */
const LEVEL_SEPARATOR = " ";
/** Weights are printable ASCII from "!" up, one character each. */
const weight = (rank: number) => {
  const code = 0x21 + rank;
  if (code > 0x7e) throw new Error("the collation table has more weights than printable ASCII characters");
  return String.fromCharCode(code);
};
const NO_DIACRITIC = weight(0);
const LOWER_OR_UNCASED = weight(0);
const UPPER = weight(1);

function baseOf(letter: string): string {
  const base = UNDECOMPOSED_BASE[letter] ?? letter.normalize("NFD")[0];
  if (!LETTERS.includes(base) || base === letter) throw new Error(`the collation table has no base letter for ${letter}`);
  return base;
}

/** Shape: every character of the table → its weights. Built once from the lists above. */
export const COLLATION_TABLE: ReadonlyMap<string, CollationWeights> = (() => {
  const table = new Map<string, CollationWeights>();
  const add = (character: string, weights: CollationWeights) => {
    if (table.has(character)) throw new Error(`the collation table lists ${character} twice`);
    table.set(character, weights);
  };
  const primaryOf = new Map([...PUNCTUATION, ...DIGITS, ...LETTERS].map((character, rank) => [character, weight(rank)]));
  const addWithCapital = (letter: string, primary: string, secondary: string) => {
    add(letter, { primary, secondary, tertiary: LOWER_OR_UNCASED });
    const capital = letter.toUpperCase();
    if (capital !== letter && capital.length === 1) add(capital, { primary, secondary, tertiary: UPPER });
  };
  for (const character of [...PUNCTUATION, ...DIGITS]) add(character, { primary: primaryOf.get(character)!, secondary: NO_DIACRITIC, tertiary: LOWER_OR_UNCASED });
  for (const letter of LETTERS) addWithCapital(letter, primaryOf.get(letter)!, NO_DIACRITIC);
  DIACRITICS.forEach(([, letters], rank) => {
    for (const letter of letters) addWithCapital(letter, primaryOf.get(baseOf(letter))!, weight(1 + rank));
  });
  return table;
})();

/**
 * Shape: a name → its sort key (primary | secondary | tertiary, see the top of this file), the
 * same text that the SQL function `slovenian_sort_key` returns. Compare keys with
 * `compareSortKeys` (code point order, as COLLATE "C" does), not with `<` on JS strings.
 */
export function slovenianSortKey(name: string): string {
  const levels = ["", "", ""];
  for (const character of name) {
    const weights = COLLATION_TABLE.get(character);
    levels[0] += weights?.primary ?? character;
    levels[1] += weights?.secondary ?? character;
    levels[2] += weights?.tertiary ?? character;
  }
  return levels.join(LEVEL_SEPARATOR);
}

/**
 * Shape: text → its primary level alone (letters without case or foreign accents: "Müller" and
 * "muller" give the same). A name starts with a search string, in the sense of a caseworker's
 * search box, when its key starts with this (`startsWithSearch`): case-blind on both databases
 * (lower() folds only ASCII under PGlite's C locale), Č still not C.
 */
export function primaryKey(text: string): string {
  let primary = "";
  for (const character of text) primary += COLLATION_TABLE.get(character)?.primary ?? character;
  return primary;
}

/** Shape: a SQL text expression and a parameter holding `primaryKey(search)` → SQL true when the text starts with the search. */
export const startsWithSearch = (expression: string, parameter: string): string => `starts_with(${SORT_KEY_FUNCTION}(${expression}), ${parameter})`;

/** Byte order of the UTF-8 text: what COLLATE "C" compares. */
export const compareSortKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** Two names in Slovenian order, in memory: negative when `a` comes first, 0 only for equal names. */
export const compareSlovenian = (a: string, b: string): number => compareSortKeys(slovenianSortKey(a), slovenianSortKey(b));

/** A PostgreSQL escape string literal (E'…'): the same text whatever standard_conforming_strings says. */
const literal = (text: string) => `E'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The name of the SQL function, for index definitions and `sortKey`. */
export const SORT_KEY_FUNCTION = "slovenian_sort_key";

/**
 * Shape: the SQL that creates (or replaces) `slovenian_sort_key(text) RETURNS text`, IMMUTABLE so
 * that indexes may be built over it, generated from the table: three translate() calls over the
 * same character list, one per level. Each subgraph's migration runs it (collation.migration.ts).
 * A change to the table changes keys that indexes hold: it needs a new migration that runs this
 * again and REINDEXes every index over the function.
 */
export function sortKeyFunctionSql(): string {
  const characters = [...COLLATION_TABLE.keys()];
  const level = (pick: (weights: CollationWeights) => string) => characters.map((character) => pick(COLLATION_TABLE.get(character)!)).join("");
  const from = literal(characters.join(""));
  const levels = [level((w) => w.primary), level((w) => w.secondary), level((w) => w.tertiary)].map((to) => `translate($1, ${from}, ${literal(to)})`);
  return `CREATE OR REPLACE FUNCTION ${SORT_KEY_FUNCTION}(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $sort_key$ SELECT ${levels.join(` || ${literal(LEVEL_SEPARATOR)} || `)} $sort_key$`;
}

/**
 * Shape: a SQL expression of text → the expression to ORDER BY (or compare) for Slovenian order:
 * its key under COLLATE "C". Indexes that serve such an order are built over the same expression.
 */
export const sortKey = (expression: string): string => `${SORT_KEY_FUNCTION}(${expression}) COLLATE "C"`;

/** Shape: the SQL that drops the function, for a migration's down() once its indexes are gone. */
export const dropSortKeyFunctionSql = (): string => `DROP FUNCTION IF EXISTS ${SORT_KEY_FUNCTION}(text)`;
