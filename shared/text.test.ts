import fc from "fast-check";
import { GraphQLError } from "graphql";
import { canonicalId } from "./identifiers";
import { checkText, optionalNote, quoted, requireLine, requireName, TEXT_LIMIT } from "./text";

/** fast-check runs with one seed, printed by fc.assert on failure, so that any failure can be replayed. */
const PROPERTY_RUNS = { seed: 20261130, numRuns: 300 } as const;

const refusal = (run: () => unknown): { field?: unknown; message: string } | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    return { field: error.extensions.field, message: error.message };
  }
};

describe("the text rule (contract README, Text)", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["escape", "X\u001b[31m"],
    ["DEL", "a\u007f"],
    ["C1 control", "a\u0085b".replace("\u0085", "\u0090")],
    ["lone high surrogate", "a\ud800b"],
    ["lone low surrogate", "\udc00"],
    ["right-to-left override", "\u202eNovak"],
    ["left-to-right isolate", "Novak\u2066"],
  ])("refuses %s, naming the field", (_what, value) => {
    expect(refusal(() => checkText("filter.search", value))).toEqual({ field: "filter.search", message: expect.stringMatching(/^filter\.search: /) });
  });

  it("lets notes hold line breaks and tabs, and any script", () => {
    const note = "Dogovor:\n\t1. Obisk CSD\r\n2. Ćevapčići, Ђорђе, 東京, 👩‍👩‍👧";
    expect(checkText("input.agreements", note)).toBe(note);
    expect(optionalNote("input.agreements", ` ${note} `)).toBe(note);
  });

  it("refuses more than TEXT_LIMIT characters without echoing the value", () => {
    const huge = "x".repeat(TEXT_LIMIT + 1);
    const answer = refusal(() => checkText("text", huge))!;
    expect(answer.message.length).toBeLessThan(200);
  });

  it("property: any well-formed text without controls passes unchanged; one control, lone surrogate or bidi control anywhere is refused", () => {
    const clean = fc.string({ unit: "grapheme", maxLength: 40 }).filter((text) => !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(text));
    const poison = fc.constantFrom("\u0000", "\u0007", "\u001f", "\u007f", "\u009b", "\ud800", "\udfff", "\u202a", "\u202e", "\u2067", "\u2069");
    fc.assert(fc.property(clean, (text) => checkText("f", text) === text), PROPERTY_RUNS);
    fc.assert(
      fc.property(clean, poison, fc.nat(), (text, bad, at) => {
        const index = at % (text.length + 1);
        // A lone surrogate next to its partner would pair up: keep poison away from surrogate halves.
        const value = `${text.slice(0, index)}${bad}${text.slice(index)}`;
        if (value.isWellFormed() && /[\ud800-\udfff]/.test(bad)) return true;
        return refusal(() => checkText("f", value))?.field === "f";
      }),
      PROPERTY_RUNS,
    );
  });
});

describe("names", () => {
  it("are stored in NFC: a decomposed Č becomes the precomposed one", () => {
    const decomposed = "C\u030Ceh";
    expect(requireName("input.lastName", ` ${decomposed} `)).toBe("\u010Ceh");
  });

  it.each([
    ["only zero-width characters", "\u200b\u200c\u200d"],
    ["a zero-width space inside", "Nov\u200bak"],
    ["only a byte order mark", "\ufeff"],
    ["a leading right-to-left override", "\u202eKavon"],
    ["no letter at all", "1234"],
    ["a line break", "Ana\nMarija"],
    ["a tab", "Ana\tMarija"],
    ["nothing but spaces", "   "],
    ["only a Hangul filler (U+3164, default-ignorable)", "\u3164"],
    ["a variation selector", "Ana\ufe0f"],
    ["a private-use character", "Ana\ue000"],
    ["a noncharacter", "Ana\ufffe"],
  ])("refuse %s", (_what, value) => {
    expect(refusal(() => requireName("input.firstName", value))?.field).toBe("input.firstName");
  });

  it("accept Slovenian, Croatian and other real names", () => {
    for (const name of ["Žagar", "Šinkovec", "Đurđević", "O'Brien", "Ana-Marija", "Müller-Lüdenscheidt", "Nguyễn"]) {
      expect(requireName("input.lastName", name)).toBe(name.normalize("NFC"));
    }
  });

  it("property: NFC whatever the input's normal form, and idempotent", () => {
    const letters = fc.string({ unit: fc.constantFrom(..."aAcCčČćĆsSšŠzZžŽđĐeéEÉöÖ -'"), minLength: 1, maxLength: 30 }).filter((name) => /\p{L}/u.test(name));
    fc.assert(
      fc.property(letters, (name) => {
        const stored = requireName("n", name.normalize("NFD"));
        return stored === name.trim().normalize("NFC") && requireName("n", stored) === stored;
      }),
      PROPERTY_RUNS,
    );
  });
});

describe("one-line text", () => {
  it("refuses line breaks in a decision's number", () => {
    expect(refusal(() => requireLine("input.number", "DSP-1\n2"))?.field).toBe("input.number");
  });

  it.each([["zero-width space", "DSP\u200b1"], ["zero-width joiner", "DSP\u200d1"], ["left-to-right mark", "DSP\u200e1"], ["Arabic letter mark", "DSP\u061c1"]])(
    "refuses a %s in a decision's number: two numbers that look alike are alike",
    (_what, value) => {
      expect(refusal(() => requireLine("input.number", value))?.field).toBe("input.number");
    },
  );
});

describe("identifiers (contract README, Identifiers)", () => {
  const id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  it("any letter case is the same id, given back in lower case", () => {
    expect(canonicalId("id", id.toUpperCase())).toBe(id);
    expect(canonicalId("id", "0A1b2C3d-4E5f-4A6b-8C7d-9E0f1A2b3C4d")).toBe(id);
  });

  it("a 1 MB invalid id is refused naming the field, quoting at most 40 characters of it", () => {
    const huge = "z".repeat(1024 * 1024);
    const answer = refusal(() => canonicalId("participantId", huge))!;
    expect(answer.field).toBe("participantId");
    expect(answer.message.length).toBeLessThan(150);
    expect(quoted(huge)).toBe(JSON.stringify(`${"z".repeat(40)}…`));
  });

  it("property: canonicalId is idempotent and case-blind for every UUID", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }), (uuid, upper) => {
        const mixed = [...uuid].map((character, index) => (upper[index] ? character.toUpperCase() : character)).join("");
        return canonicalId("id", mixed) === uuid.toLowerCase() && canonicalId("id", canonicalId("id", mixed)) === uuid.toLowerCase();
      }),
      PROPERTY_RUNS,
    );
  });
});
