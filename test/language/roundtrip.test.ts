// `mmc fmt` round trip: for every spec in specs/ and every golden .mm file that parses without
// errors, parse(print(ast)) equals ast (spans aside), printing is idempotent, and every
// comment survives.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../src/ast/parse.js";
import { printSpec } from "../../src/ast/print.js";
import { SourceFile } from "../../src/source/source.js";
import { GOLDEN_DIR, goldenCases, ROOT, specFiles } from "./support.js";

const SPAN_KEYS = new Set(["span", "dimsSpan", "bodySpan"]);

/** The AST without positions (what `fmt` must keep is everything else). */
function stripSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSpans);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !SPAN_KEYS.has(k)).map(([k, x]) => [k, stripSpans(x)]));
  }
  return v;
}

/** `//` comments outside strings, counted without the lexer. */
function countComments(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") inString = false;
    else if (inString && ch === "\\") i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === "/" && text[i + 1] === "/") {
      count++;
      while (i < text.length && text[i] !== "\n") i++;
    }
  }
  return count;
}

function parseClean(file: string, text: string) {
  const parsed = parseSpec(new SourceFile(file, text));
  return parsed;
}

const files = [
  ...specFiles(),
  ...goldenCases().flatMap((c) =>
    readdirSync(path.join(GOLDEN_DIR, c))
      .filter((f) => f.endsWith(".mm"))
      .map((f) => `test/golden/${c}/${f}`),
  ),
];

const clean = files.filter((f) => parseClean(f, readFileSync(path.join(ROOT, f), "utf8")).diagnostics.length === 0);

describe("fmt round trip", () => {
  it("has enough clean inputs", () => {
    expect(clean.length).toBeGreaterThanOrEqual(40);
  });

  for (const file of clean) {
    it(file, () => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const first = parseClean(file, text);
      const printed = printSpec(first.ast, text);
      const second = parseClean(file, printed);
      expect(second.diagnostics.map((d) => d.message)).toEqual([]);
      // parse(print(ast)) == ast, positions aside
      expect(stripSpans(second.ast.items)).toEqual(stripSpans(first.ast.items));
      // every comment survives, in order
      expect(second.ast.comments.map((c) => c.text.trimEnd())).toEqual(first.ast.comments.map((c) => c.text.trimEnd()));
      expect(second.ast.comments.length).toBe(countComments(text));
      // idempotent
      expect(printSpec(second.ast, printed)).toBe(printed);
    });
  }

  it("keeps comments from inside a call or an expression", () => {
    const text = "model m\nencoder e(image) {\n  conv2d(32, // filters\n    kernel: 3)\n  dense(8)\n}\nloss infonce(a, b) // first\n  + triplet(a, b) // second\n";
    const printed = printSpec(parseClean("m.mm", text).ast, text);
    expect(printed).toBe("model m\nencoder e(image) {\n  conv2d(32, kernel: 3) // filters\n  dense(8)\n}\n// first\nloss infonce(a, b) + triplet(a, b) // second\n");
    expect(printSpec(parseClean("m.mm", printed).ast, printed)).toBe(printed);
  });

  it("formats a messy spec into the canonical layout", () => {
    const messy = [
      "model   m   // name",
      "",
      "",
      "",
      "data shapes( train : 800 ,test:200 )",
      "input image : Image[ B , 32 , 32 , 3 ]",
      "encoder e ( image ) -> [ B , 8 ] {",
      "    // first",
      "    conv2d( 8 , kernel : [3,3] )   // odd spacing",
      "      mean(over:[H,W])",
      "  repeat 2 { residual { dense(8) } }",
      "}",
      "loss infonce(e,e)",
      "train {optimizer:adam(lr:1e-3),batch:32,epochs:1}",
      "",
    ].join("\n");
    const printed = printSpec(parseClean("m.mm", messy).ast, messy);
    expect(printed).toBe(
      [
        "model m // name",
        "",
        "data shapes(train: 800, test: 200)",
        "input image: Image[B, 32, 32, 3]",
        "encoder e(image) -> [B, 8] {",
        "  // first",
        "  conv2d(8, kernel: [3, 3]) // odd spacing",
        "  mean(over: [H, W])",
        "  repeat 2 {",
        "    residual {",
        "      dense(8)",
        "    }",
        "  }",
        "}",
        "loss infonce(e, e)",
        "train { optimizer: adam(lr: 1e-3), batch: 32, epochs: 1 }",
        "",
      ].join("\n"),
    );
  });
});
