// The golden runner: every folder in test/golden holds an input.mm and the outputs it must
// produce: shapes.txt (the shape summary of a valid spec) and/or errors.txt (the rendered
// diagnostics, no colour). `UPDATE_GOLDENS=1 npx vitest run test/golden.test.ts` rewrites
// them (and deletes outputs a case no longer produces). Without the flag, an expected file
// the case does not produce (an orphan), a produced output with no expected file, or a case
// folder without input.mm fails the run. Every diagnostic code must appear in some case.
import { SHOWN_ELSEWHERE } from "./shown-elsewhere.js";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../src/check/check.js";
import { renderSummary } from "../src/check/summary.js";
import { ALL_CODES } from "../src/diagnostics/codes.js";
import { renderAll } from "../src/diagnostics/render.js";
import { MAX_SPEC_CHARS } from "../src/source/limits.js";
import { SourceFile } from "../src/source/source.js";
import { checkPath, GOLDEN_DIR, goldenCases, ROOT } from "./language/support.js";

const UPDATE = !!process.env["UPDATE_GOLDENS"];
const OUTPUTS = ["shapes.txt", "errors.txt"] as const;

interface Produced {
  "shapes.txt"?: string;
  "errors.txt"?: string;
  codes: string[];
}

/**
 * Cases whose input is too large to store: the test writes it. Their folder holds the
 * outputs and `generated.txt`, which says what the input is (instead of input.mm).
 */
const GENERATED: Record<string, () => string> = {
  // A spec padded with comment lines past MAX_SPEC_CHARS.
  err_spec_too_large: () => {
    const tiny = readFileSync(path.join(ROOT, "test/fixtures/tiny.mm"), "utf8");
    const pad = "// a comment line that a generator wrote out many times over\n";
    return tiny + pad.repeat(Math.ceil((MAX_SPEC_CHARS + 1 - tiny.length) / pad.length));
  },
};

function produce(caseName: string): Produced {
  const file = `test/golden/${caseName}/input.mm`;
  const generate = GENERATED[caseName];
  const result = generate ? checkSpec(new SourceFile(file, generate())) : checkPath(file);
  const out: Produced = { codes: result.diagnostics.map((d) => d.code) };
  if (result.ir) out["shapes.txt"] = renderSummary(result.ir);
  if (result.diagnostics.length) out["errors.txt"] = renderAll(result.diagnostics) + "\n";
  return out;
}

const cases = goldenCases();
const produced = new Map<string, Produced>();

describe("golden cases", () => {
  it("run from the repository root (diagnostics show paths relative to it)", () => {
    expect(process.cwd()).toBe(ROOT);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(GOLDEN_DIR, name);
      if (!GENERATED[name] && !existsSync(path.join(dir, "input.mm"))) {
        throw new Error(`test/golden/${name} has no input.mm: every case folder needs one (delete the folder or add the spec)`);
      }
      const got = produce(name);
      produced.set(name, got);
      const problems: string[] = [];
      for (const file of OUTPUTS) {
        const expectedPath = path.join(dir, file);
        const actual = got[file];
        const exists = existsSync(expectedPath);
        if (UPDATE) {
          if (actual !== undefined) writeFileSync(expectedPath, actual);
          else if (exists) rmSync(expectedPath);
          continue;
        }
        if (actual === undefined && exists) problems.push(`${file} is an orphan: the case produces no ${file === "shapes.txt" ? "shapes (it has errors)" : "diagnostics"}`);
        if (actual !== undefined && !exists) problems.push(`${file} is produced but not expected; run UPDATE_GOLDENS=1 and review it`);
      }
      if (problems.length) throw new Error(`test/golden/${name}: ${problems.join("; ")}`);
      for (const file of OUTPUTS) {
        const actual = got[file];
        if (actual === undefined || UPDATE) continue;
        expect(actual, `test/golden/${name}/${file} (UPDATE_GOLDENS=1 rewrites it)`).toBe(readFileSync(path.join(dir, file), "utf8"));
      }
    });
  }

  it("cover every diagnostic code, with enough valid and mistaken cases", () => {
    for (const name of cases) if (!produced.has(name) && (GENERATED[name] || existsSync(path.join(GOLDEN_DIR, name, "input.mm")))) produced.set(name, produce(name));
    const seen = new Set([...produced.values()].flatMap((p) => p.codes));
    const missing = ALL_CODES.filter((c) => !seen.has(c) && !Object.hasOwn(SHOWN_ELSEWHERE, c));
    expect(missing, "codes no golden case produces").toEqual([]);
    const mistakes = [...produced.values()].filter((p) => p["errors.txt"] !== undefined).length;
    const valid = [...produced.values()].filter((p) => p["shapes.txt"] !== undefined).length;
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(mistakes).toBeGreaterThanOrEqual(28);
    expect(valid).toBeGreaterThanOrEqual(12);
  });
});
