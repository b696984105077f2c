// The one did-you-mean: a swap of two adjacent letters is one edit.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance, suggestionHelp } from "../../src/diagnostics/suggest.js";
import { checkSpec } from "../../src/check/check.js";
import { SourceFile } from "../../src/source/source.js";
import { FUZZ_OPTIONS } from "./fuzz.js";
import { ROOT } from "./support.js";

describe("did you mean", () => {
  it("counts an adjacent swap as one edit", () => {
    expect(editDistance("cnov2d", "conv2d")).toBe(1);
    expect(editDistance("rleu", "relu")).toBe(1);
    expect(editDistance("desne", "dense")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the swapped word among candidates", () => {
    const layers = ["conv2d", "dense", "dropout", "layer_norm", "relu", "gelu"];
    expect(closest("cnov2d", layers)).toBe("conv2d");
    expect(closest("desne", layers)).toBe("dense");
    expect(closest("rleu", layers)).toBe("relu");
    expect(didYouMean("lyaer_norm", layers)).toBe("did you mean `layer_norm`?");
  });

  it("hands the suggested name to the fix itself, so no help text is parsed", () => {
    expect(suggestionHelp("desne", ["dense", "relu"])).toEqual({ help: "did you mean `dense`?", suggestion: "dense" });
    expect(suggestionHelp("banana", ["dense"])).toEqual({});
    const text = 'model m\ndata emoji(train: "twemoj")\ninput image: Image[B, 32, 32, 3]\nencoder e(image) -> [B, 8] {\n  desne(8)\n}\n';
    const fixes = checkSpec(new SourceFile("fix.mm", text), FUZZ_OPTIONS).diagnostics.map((d) => [d.code, d.fixes?.[0]?.edits[0]?.text]);
    expect(fixes).toContainEqual(["MM2007", '"twemoji"']);
    expect(fixes).toContainEqual(["MM2001", "dense"]);
  });

  it("stays quiet for short or far words", () => {
    expect(closest("xy", ["yx"])).toBeUndefined();
    expect(closest("banana", ["conv2d", "dense"])).toBeUndefined();
  });
});

describe("one suggester", () => {
  it("is the restricted (optimal string alignment) form: a swapped pair is not edited again", () => {
    expect(editDistance("ca", "abc")).toBe(3);
    expect(editDistance("ab", "ba")).toBe(1);
  });

  it("is the only edit distance in src/", () => {
    const files = readdirSync(path.join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const defining = files.filter((f) => /function (editDistance|closest|didYouMean)\b|levenshtein/i.test(readFileSync(path.join(ROOT, "src", f), "utf8")));
    expect(defining).toEqual([path.join("diagnostics", "suggest.ts")]);
  });
});
