// A run on a CSV manifest whose captions repeat (class-style captions): summary.json and
// report.html say so, the chance is that of the metrics computed, and image -> text ranks
// stay within the distinct captions.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { runSpec, type Summary } from "../../src/runtime/run/run.js";
import summarySchema from "../../src/runtime/run/summary.schema.json" with { type: "json" };
import { TINY, wasm } from "./helpers.js";

const CAPTIONS = ["red circle", "blue square", "green triangle", "red square"];
const COPIES = 6;

function png(shade: number): Buffer {
  const image = new PNG({ width: 12, height: 12 });
  for (let p = 0; p < 144; p++) image.data.set([shade, 255 - shade, (shade * 7) % 256, 255], p * 4);
  return PNG.sync.write(image);
}

/** A folder with 24 images, 4 captions x 6 copies, one manifest for train and test, and a spec. */
function makeFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-repeated-"));
  mkdirSync(path.join(dir, "img"));
  const rows: string[] = [];
  for (let i = 0; i < CAPTIONS.length * COPIES; i++) {
    writeFileSync(path.join(dir, "img", `${i}.png`), png((i * 10) % 256));
    rows.push(`img/${i}.png,${CAPTIONS[i % CAPTIONS.length]}`);
  }
  writeFileSync(path.join(dir, "items.csv"), ["filepath,title", ...rows].join("\n") + "\n");
  const spec = readFileSync(TINY, "utf8")
    .replace(/data shapes\([^)]*\)/, `data files(train: "items.csv", test: "items.csv")`)
    .replace("vocab 32", "vocab 8")
    .replace(/train \{[^}]*\}/, "train { optimizer: adam(lr: 3e-3), batch: 4, steps: 2, seed: 1 }");
  writeFileSync(path.join(dir, "repeated.mm"), spec);
  return dir;
}

let dir: string;
let summary: Summary;

beforeAll(async () => {
  await wasm();
  dir = makeFolder();
  const spec = path.join(dir, "repeated.mm");
  const checked = checkFile(spec, true);
  if (!checked.ir) throw new Error(checked.diagnostics.map((d) => d.message).join("; "));
  const out = path.join(dir, "runs", "r");
  await runSpec({ checked: { ...checked, ir: checked.ir }, specPath: spec, specText: checked.source.text, out, backend: "wasm", threads: 1 });
  summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as Summary;
});

describe("a run whose test captions repeat", () => {
  it("notes it in summary.json, which still matches its schema", () => {
    expect(summary.notes).toHaveLength(1);
    expect(summary.notes![0]).toMatch(/24 test items carry 4 distinct captions/);
    const validate = new Ajv({ allErrors: true }).compile(summarySchema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
  });

  it("reports the chance of the metrics computed", () => {
    // Image -> text: one of 4 distinct captions. Text -> image: 6 of 24 images are right.
    expect(summary.chance["image_to_text_R@1"]).toBeCloseTo(1 / 4, 12);
    expect(summary.chance["image_to_text_R@5"]).toBe(1);
    expect(summary.chance["text_to_image_R@1"]).toBeCloseTo(6 / 24, 12);
    expect(summary.chance["image_to_text_median_rank"]).toBe(2);
  });

  it("keeps recall ordered and image -> text ranks within the distinct captions", () => {
    const m = summary.metrics;
    for (const dir of ["text_to_image", "image_to_text"]) {
      expect(m[`${dir}_R@1`]).toBeLessThanOrEqual(m[`${dir}_R@5`]!);
      expect(m[`${dir}_R@5`]).toBeLessThanOrEqual(m[`${dir}_R@10`]!);
    }
    expect(m["image_to_text_median_rank"]).toBeLessThanOrEqual(CAPTIONS.length);
    expect(m["image_to_text_mean_rank"]).toBeLessThanOrEqual(CAPTIONS.length);
    expect(m["image_to_text_R@5"]).toBe(1);
  });

  it("shows the note in report.html", () => {
    const html = readFileSync(path.join(dir, "runs", "r", "report.html"), "utf8");
    expect(html).toMatch(/<p class="note" data-note>Captions repeat: 24 test items carry 4 distinct captions/);
  });
});
