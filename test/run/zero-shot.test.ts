// `evaluate zero_shot(...)` end to end on shapes: a model trained for real (400 small steps,
// seconds) classifies test images by their first-named shape far above chance from the class
// names alone; the same model untrained stays near chance. The run folder's summary.json
// (schema-valid), report.html (confusion matrix) and mmc run's table all carry it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { resultTable } from "../../src/cli/run-command.js";
import { runSpec, loadSpecData, type Summary } from "../../src/runtime/run/run.js";
import { Trainer } from "../../src/runtime/run/trainer.js";
import summarySchema from "../../src/runtime/run/summary.schema.json" with { type: "json" };
import { checkedIr, wasm } from "./helpers.js";

const EXAMPLE = "specs/zero_shot_shapes.mm";
const CHANCE = 1 / 6; // six shapes

/** The example spec on a budget that trains in seconds. */
function smallSpec(dir: string): string {
  const text = readFileSync(EXAMPLE, "utf8")
    .replace(/data shapes\([^)]*\)/, "data shapes(train: 1024, test: 400, seed: 11)")
    .replace(/train \{[^}]*\}/, "train { optimizer: adam(lr: 2e-3), batch: 32, steps: 400, seed: 1 }");
  const spec = path.join(dir, "zero_shot_small.mm");
  writeFileSync(spec, text);
  return spec;
}

let dir: string;
let spec: string;
let summary: Summary;
let report: string;

beforeAll(async () => {
  await wasm();
  dir = mkdtempSync(path.join(os.tmpdir(), "mmc-zero-shot-"));
  spec = smallSpec(dir);
  const checked = checkFile(spec, true);
  if (!checked.ir) throw new Error(checked.diagnostics.map((d) => d.message).join("; "));
  const out = path.join(dir, "runs", "z");
  await runSpec({ checked: { ...checked, ir: checked.ir }, specPath: spec, specText: checked.source.text, out, backend: "wasm", threads: 1 });
  summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as Summary;
  report = readFileSync(path.join(out, "report.html"), "utf8");
}, 240_000);

describe("zero-shot classification on shapes", () => {
  it("trained: top-1 far above chance (1/6), a margin no constant or random model reaches", () => {
    const z = summary.zeroShot!;
    expect(z.classes).toEqual(["circle", "square", "triangle", "cross", "diamond", "ring"]);
    expect(z.chance).toEqual({ top1: CHANCE, top5: 5 / 6 });
    // A model that predicts one class scores that class's share (~1/6); random guesses ~1/6
    // with a standard deviation of 0.019 on 400 images. 0.27 is five of those above chance.
    expect(z.top1).toBeGreaterThan(0.27);
    expect(z.top5).toBeGreaterThan(z.top1);
    expect(summary.metrics["zero_shot_top1"]).toBe(z.top1);
    expect(summary.chance["zero_shot_top5"]).toBeCloseTo(5 / 6, 12);
  });

  it("counts every test image once in the confusion matrix, and per-class accuracy agrees with it", () => {
    const z = summary.zeroShot!;
    const total = z.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(400);
    const right = z.confusion.reduce((s, row, c) => s + row[c]!, 0);
    expect(right / total).toBeCloseTo(z.top1, 12);
    z.perClass.forEach((c, i) => {
      expect(c.count).toBe(z.confusion[i]!.reduce((a, b) => a + b, 0));
      expect(c.accuracy).toBeCloseTo(z.confusion[i]![i]! / c.count, 12);
    });
  });

  it("writes a summary.json that matches its schema", () => {
    const validate = new Ajv({ allErrors: true }).compile(summarySchema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(summary.zeroShot!.templates).toEqual(["a {}", "a {} left of a {}", "a {} above a {}"]);
  });

  it("draws the confusion matrix and the per-class table in report.html", () => {
    expect(report).toContain('<a href="#zero-shot">');
    expect(report).toMatch(/<section[^>]*id="zero-shot"/);
    expect(report).toContain('id="zero-shot-confusion"');
    expect((report.match(/class="cell( diag)?"[^>]*data-tip="[^"]* → /g) ?? []).length).toBe(36);
    for (const name of summary.zeroShot!.classes) expect(report).toContain(`data-class="${name}"`);
  });

  it("prints top-1 and top-5 against chance and each class in mmc run's table", () => {
    const table = resultTable(summary);
    expect(table).toMatch(/zero-shot top-1 +0\.\d{3} +0\.167/);
    expect(table).toMatch(/zero-shot top-5 +0\.\d{3} +0\.833/);
    expect(table).toContain("zero-shot top-1 by class (chance 0.167):");
    for (const c of summary.zeroShot!.perClass) expect(table).toMatch(new RegExp(`\\n  ${c.name} +${c.accuracy!.toFixed(3)}  \\(${c.count} images\\)`));
  });

  it("untrained: the same model stays near chance", async () => {
    const ir = checkedIr(spec);
    const trainer = new Trainer(ir, loadSpecData(ir, spec));
    const { zeroShot } = await trainer.evaluate();
    await trainer.dispose();
    expect(zeroShot!.top1).toBeLessThan(0.24);
    expect(zeroShot!.top1).toBeLessThan(summary.zeroShot!.top1 - 0.05);
  });
});
