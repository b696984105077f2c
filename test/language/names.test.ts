// The identifier rule: a non-ASCII name is one error that states the rule and, when obvious,
// an ASCII spelling; other stray characters name the ASCII character to type.
import { describe, expect, it } from "vitest";
import { asciiSpelling, nameAround, NAME_RULE, VALID_NAME } from "../../src/ast/names.js";
import { parseSpec } from "../../src/ast/parse.js";
import { SourceFile } from "../../src/source/source.js";

const errors = (text: string) => parseSpec(new SourceFile("t.mm", text)).diagnostics;

describe("asciiSpelling", () => {
  it("transliterates German letters and strips accents", () => {
    expect(asciiSpelling("größe")).toBe("groesse");
    expect(asciiSpelling("Übersicht")).toBe("Uebersicht");
    expect(asciiSpelling("café")).toBe("cafe");
    expect(asciiSpelling("e\u0301te\u0301")).toBe("ete");
    expect(asciiSpelling("søster")).toBe("soster");
  });
  it("drops emoji, which spell nothing", () => expect(asciiSpelling("enc🚀")).toBe("enc"));
  it("offers nothing when no spelling is obvious", () => {
    expect(asciiSpelling("层")).toBeUndefined();
    expect(asciiSpelling("🚀")).toBeUndefined();
    expect(asciiSpelling("2é")).toBeUndefined();
  });
  it("only offers names that follow the rule", () => {
    for (const n of ["größe", "café", "enc🚀", "x_ü1"]) expect(asciiSpelling(n)).toMatch(VALID_NAME);
  });
});

describe("nameAround", () => {
  it("widens to the whole word", () => {
    const text = "input größe: Image";
    expect(nameAround(text, text.indexOf("ö"))).toEqual({ start: 6, end: 11 });
  });
  it("is not a name for punctuation", () => expect(nameAround("a → b", 2)).toBeUndefined());
});

describe("parse", () => {
  it("reports a non-ASCII name once, with the rule and a spelling", () => {
    const ds = errors("input größe_ü: Image[B, 32, 32, 3]\n");
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: "MM1008", message: `\`größe_ü\` is not a valid name: ${NAME_RULE}`, help: "write it in ASCII, such as `groesse_ue`" });
    expect(ds[0]!.primary.message).toBe("`ö`, `ß` and `ü` are not ASCII");
  });
  it("gives a stray look-alike the character to type", () => {
    const ds = errors("train { lr: 1e−3 }\n");
    expect(ds.map((d) => [d.code, d.help])).toEqual([["MM1002", "a minus or dash is written `-`"]]);
  });
});
