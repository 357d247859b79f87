import { badInput } from "./errors";

/**
 * The contract's text rule (../shared/contract/README.md, "Text"), in one place. Every string any
 * client sends to any subgraph passes `checkText` before a resolver or permission rule sees it
 * (shared/input-rules.ts); fields with a meaning of their own add `requireName`, `requireLine` or
 * `optionalNote`, which trim, bound the length and, for names, normalise to NFC.
 *
 * Why each character class is refused:
 * - C0/C1 control characters (NUL among them): PostgreSQL cannot store NUL in text at all, and the
 *   others are invisible in every caseworker's screen. Notes and agreements may hold line breaks
 *   and tabs, so TAB, LF and CR pass the rule for all text; single-line fields refuse them too.
 * - Unpaired surrogates: not Unicode text; PostgreSQL would store U+FFFD instead of what was sent,
 *   so the answer would acknowledge a value that is not the one stored.
 * - Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a
 *   name or a note display in an order other than the one stored ("Trojan Source", CVE-2021-42574).
 */

/** The most characters (UTF-16 code units) of any one string argument, whatever the field. */
export const TEXT_LIMIT = 10_000;

/** How many characters of a refused value an error quotes, so a huge value is not echoed back. */
const QUOTED = 40;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029\u0085]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/**
 * Characters that show nothing or nothing reliable: format characters (zero-width space and
 * joiners, BOM, soft hyphen, bidi marks), the other default-ignorables (variation selectors, the
 * Hangul filler), private-use characters and noncharacters. Not part of a name or a number.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Co}\p{Noncharacter_Code_Point}]/u;
const LETTER = /\p{L}/u;

/** Shape: any value → a short, escaped quotation of it for an error message ("…" when cut). */
export function quoted(value: string): string {
  const cut = [...value.slice(0, QUOTED + 1)].slice(0, QUOTED).join("");
  return JSON.stringify(cut.length < value.length ? `${cut}…` : cut);
}

/**
 * The rule for every string input: throws BAD_USER_INPUT naming `field` for a control character
 * other than TAB/LF/CR, an unpaired surrogate, a bidirectional control, or more than TEXT_LIMIT
 * characters; returns the value unchanged otherwise. The error says which character and where,
 * never the whole value.
 */
export function checkText(field: string, value: string): string {
  if (value.length > TEXT_LIMIT) throw badInput(field, `must be at most ${TEXT_LIMIT} characters (got ${value.length})`);
  if (!value.isWellFormed()) throw badInput(field, `is not Unicode text: it holds an unpaired surrogate at position ${unpairedAt(value)}`);
  const control = CONTROL.exec(value);
  if (control) throw badInput(field, `must not contain control character ${codePoint(control[0])} (at position ${control.index})`);
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) throw badInput(field, `must not contain bidirectional control ${codePoint(bidi[0])} (at position ${bidi.index}): it changes the order text is displayed in`);
  return value;
}

/**
 * A person's name (first name, last name, a case worker's name): one line, at least one letter, no
 * invisible format characters, at most `maxLength` characters after trimming; returned trimmed and
 * in Unicode NFC (the contract: "names are stored in NFC"), so "Č" typed as C + combining caron
 * and "Č" typed precomposed are the same name, found by the same search and sorted alike.
 */
export function requireName(field: string, value: string | null | undefined, maxLength = 100): string {
  const name = requireLine(field, value, maxLength);
  if (!LETTER.test(name)) throw badInput(field, "must contain at least one letter");
  return name;
}

/**
 * One line of visible text (a decision's number): trimmed, in NFC, not empty, no tab or line
 * break, no invisible character (two numbers that look alike are alike), at most `maxLength` characters.
 */
export function requireLine(field: string, value: string | null | undefined, maxLength = 200): string {
  const text = checkText(field, value ?? "").trim().normalize("NFC");
  if (!text) throw badInput(field, "must not be empty");
  const breaks = LINE_BREAK_OR_TAB.exec(text);
  if (breaks) throw badInput(field, `must be one line: it holds ${codePoint(breaks[0])} at position ${breaks.index}`);
  const invisible = INVISIBLE.exec(text);
  if (invisible) throw badInput(field, `must not contain the invisible character ${codePoint(invisible[0])} (at position ${invisible.index})`);
  if (text.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters (got ${text.length})`);
  return text;
}

/** Free text that may span lines (a note, agreements): trimmed, not empty, at most `maxLength` characters. */
export function requireNote(field: string, value: string | null | undefined, maxLength = 2000): string {
  const text = optionalNote(field, value, maxLength);
  if (!text) throw badInput(field, "must not be empty");
  return text;
}

/** Like `requireNote`, but an empty or missing note is null. */
export function optionalNote(field: string, value: string | null | undefined, maxLength = 2000): string | null {
  const text = checkText(field, value ?? "").trim();
  if (text.length > maxLength) throw badInput(field, `must be at most ${maxLength} characters (got ${text.length})`);
  return text || null;
}

const codePoint = (character: string) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

function unpairedAt(value: string): number {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < value.length) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return index;
  }
  return -1;
}
