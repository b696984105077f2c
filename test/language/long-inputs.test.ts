// Long inputs never crash: very long towers, nesting of every kind 1000 deep, huge lines and
// files each end in diagnostics (or a summary), quickly, never in an exception.
import { describe, expect, it } from "vitest";
import { checkSpec } from "../../src/check/check.js";
import { renderSummary } from "../../src/check/summary.js";
import { renderAll } from "../../src/diagnostics/render.js";
import { MAX_NODES } from "../../src/source/limits.js";
import { SourceFile } from "../../src/source/source.js";
import { checkOne, FUZZ_OPTIONS } from "./fuzz.js";
import { deepNesting, hugeLine, longTower, NESTINGS } from "./long-inputs.js";

function codes(text: string): string[] {
  return checkSpec(new SourceFile("long.mm", text), FUZZ_OPTIONS).diagnostics.map((d) => d.code);
}

describe("long inputs", () => {
  it("20,000 written-out layers: one MM3016, no crash, in a few seconds", () => {
    const start = performance.now();
    const text = longTower(20_000);
    expect(checkOne(text)).toBeUndefined();
    expect(codes(text)).toEqual(["MM3016"]);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it("just under the node limit, the model checks and its summary renders", () => {
    const result = checkSpec(new SourceFile("long.mm", longTower(MAX_NODES - 10)), FUZZ_OPTIONS);
    expect(result.diagnostics).toEqual([]);
    expect(renderSummary(result.ir!).split("\n").length).toBeGreaterThan(MAX_NODES - 10);
  });

  for (const kind of NESTINGS) {
    it(`${kind} nested 1000 deep: MM1005, no crash`, () => {
      const text = deepNesting(1000, kind);
      expect(checkOne(text)).toBeUndefined();
      expect(codes(text)).toEqual(["MM1005"]);
    });
  }

  it("nesting within the limit still checks", () => {
    for (const kind of ["repeat", "residual", "mixed", "parens"] as const) expect(codes(deepNesting(20, kind))).toEqual([]);
  });

  it("a line past the limit is MM1007, and a diagnostic on a long line shows a window of it", () => {
    expect(codes(hugeLine(50_000))).toEqual(["MM1007"]);
    // `k` twice: the second is 9,000 columns after the first, so each gets a window of its own.
    const text = hugeLine(9000).replace(/\]\)\n$/, "], k: 3)\n");
    const rendered = renderAll(checkSpec(new SourceFile("long.mm", text), FUZZ_OPTIONS).diagnostics);
    expect(rendered).toContain("...");
    const rows = rendered.split("\n");
    expect(Math.max(...rows.map((l) => l.length))).toBeLessThan(200);
    // Each mark still sits under its own text inside its window.
    const caretRow = rows.findIndex((l) => /\|\s+\^/.test(l));
    expect(rows[caretRow - 1]!.slice(rows[caretRow]!.indexOf("^"))).toMatch(/^k: 3\)/);
    const dashRow = rows.findIndex((l) => /\|\s+-/.test(l));
    expect(rows[dashRow - 1]!.slice(rows[dashRow]!.indexOf("-"))).toMatch(/^\[1, 2, 3/);
  });

  it("a file of 50 MB is MM1006 without being lexed", () => {
    const start = performance.now();
    expect(codes(longTower(4_200_000))).toEqual(["MM1006"]);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it("written-out arguments, list items and diagnostics by the ten thousand stay linear", () => {
    const many = (n: number, s: string) => Array(n).fill(s).join(",\n");
    const lines = "encoder image_enc(image) -> [B, 16] {\n  mean(over: [H, W])\n  dense(16)\n";
    const cases = [
      longTower(0).replace(lines, lines + `  dense(16, ${many(30_000, "16")})\n`),
      longTower(0).replace(lines, lines + `  dense(16 + ${Array(30_000).fill("(1)").join(" +\n")})\n`),
      longTower(0) + `head j(concat(${many(30_000, "image_enc")})) {\n  dense(2)\n}\n`,
      longTower(0).replace(lines, lines + "  dense(16) ~\n".repeat(20_000)),
    ];
    for (const text of cases) expect(checkOne(text)).toBeUndefined();
  });
});
