// A did-you-mean's quick fix, applied: it writes the suggested name over the misspelled word
// (quotes kept), and the repaired spec no longer has that mistake.
import { describe, expect, it } from "vitest";
import { checkSpec } from "../../src/check/check.js";
import { SourceFile } from "../../src/source/source.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

const SPEC = (data: string, layer: string) => `model m

data ${data}

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 64

encoder image_enc(image) -> [B, 64] {
  conv2d(32, kernel: 3, activation: relu)
  mean(over: [H, W])
  ${layer}
}

encoder text_enc(text) -> [B, 64] {
  embed(64)
  mean(over: L)
}

loss infonce(image_enc, text_enc)
`;

function diagnostics(text: string): Diagnostic[] {
  return checkSpec(new SourceFile("fix.mm", text)).diagnostics;
}

function applyOnlyFix(text: string, d: Diagnostic): string {
  expect(d.fixes, `${d.code} ${d.message}`).toHaveLength(1);
  const [edit] = d.fixes![0]!.edits;
  return text.slice(0, edit!.span.start) + edit!.text + text.slice(edit!.span.end);
}

describe("did-you-mean fixes", () => {
  for (const [what, data, layer, code, fixed] of [
    ["an unknown layer", "shapes(train: 8, test: 4)", "dens(64)", "MM2001", "dense(64)"],
    ["an unknown argument", "shapes(trian: 8, test: 4)", "dense(64)", "MM2002", "shapes(train: 8, test: 4)"],
    ["a data kind's quoted choice", 'emoji(train: "twemoj")', "dense(64)", "MM2007", 'emoji(train: "twemoji")'],
    ["a data kind's bare choice", "emoji(train: notto)", "dense(64)", "MM2007", "emoji(train: noto)"],
  ] as const) {
    it(`repairs ${what}`, () => {
      const text = SPEC(data, layer);
      const ds = diagnostics(text);
      const d = ds.find((x) => x.code === code);
      expect(d, JSON.stringify(ds.map((x) => x.message))).toBeDefined();
      const repaired = applyOnlyFix(text, d!);
      expect(repaired).toContain(fixed);
      expect(diagnostics(repaired).filter((x) => x.code === code)).toEqual([]);
    });
  }

  it("gives no fix where the help is advice, not a name", () => {
    const text = SPEC("shapes(train: 8, test: 4)", "zzzzzz(64)");
    const d = diagnostics(text).find((x) => x.code === "MM2001")!;
    expect(d.help).toBeUndefined();
    expect(d.fixes).toBeUndefined();
  });
});
