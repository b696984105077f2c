// `evaluate zero_shot(...)` on emoji's emojibase subgroups, end to end on a small slice of
// specs/zero_shot_emoji.mm: the run classifies each test drawing into the 99 subgroup names,
// its labels are each emoji's own subgroup, and the summary notes the prompt words that the
// emoji names' vocabulary lacks (MM4016 says the same at check time).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { emojiCatalog } from "../../src/runtime/data/emoji.js";
import { loadSpecData, runSpec, type Summary } from "../../src/runtime/run/run.js";
import { checkedIr, wasm } from "./helpers.js";

const EXAMPLE = "specs/zero_shot_emoji.mm";
const LIMIT = 256;

let spec: string;
let summary: Summary;

beforeAll(async () => {
  await wasm();
  const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-zero-shot-emoji-"));
  spec = path.join(dir, "zero_shot_emoji_small.mm");
  const text = readFileSync(EXAMPLE, "utf8")
    .replace(/data emoji\(([^)]*)\)/, `data emoji($1, limit: ${LIMIT})`)
    .replace(/train \{[^}]*\}/, "train { optimizer: adam(lr: 1e-3), batch: 32, steps: 20, seed: 1 }");
  writeFileSync(spec, text);
  const checked = checkFile(spec, true);
  if (!checked.ir) throw new Error(checked.diagnostics.map((d) => d.message).join("; "));
  expect(checked.diagnostics.map((d) => d.code)).toEqual(["MM4016"]);
  const out = path.join(dir, "runs", "z");
  await runSpec({ checked: { ...checked, ir: checked.ir }, specPath: spec, specText: checked.source.text, out, backend: "wasm", threads: 1 });
  summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as Summary;
}, 240_000);

describe("zero-shot classification on emoji subgroups", () => {
  it("classifies into the 99 emojibase subgroups, against chance 1/99 and 5/99", () => {
    const z = summary.zeroShot!;
    expect(z.classes).toEqual(emojiCatalog().subgroups);
    expect(z.classes.length).toBe(99);
    expect(z.templates).toEqual(["{}", "a {}", "a {} emoji"]);
    expect(z.chance.top1).toBeCloseTo(1 / 99, 12);
    expect(z.chance.top5).toBeCloseTo(5 / 99, 12);
    expect(z.top1).toBeGreaterThanOrEqual(0);
    expect(z.top5).toBeGreaterThanOrEqual(z.top1);
    expect(z.top5).toBeLessThanOrEqual(1);
  });

  it("labels each test drawing with its own subgroup: per-class counts are the slice's subgroup counts", () => {
    const ir = checkedIr(spec);
    const data = loadSpecData(ir, spec);
    const subgroupOf = new Map(emojiCatalog().items.map((item) => [item.name, emojiCatalog().subgroups[item.subgroup]!]));
    const expected = new Map<string, number>();
    for (const caption of data.test.captions) expected.set(subgroupOf.get(caption)!, (expected.get(subgroupOf.get(caption)!) ?? 0) + 1);
    const z = summary.zeroShot!;
    expect(z.confusion.flat().reduce((a, b) => a + b, 0)).toBe(LIMIT);
    for (const c of z.perClass) expect(c.count, c.name).toBe(expected.get(c.name) ?? 0);
    expect(subgroupOf.get("grinning face")).toBe("face smiling");
  });

  it("notes the subgroup names and template words the emoji names' vocabulary lacks", () => {
    const note = summary.notes?.find((n) => n.startsWith("zero-shot:"));
    expect(note).toMatch(/zero-shot: \d+ of 99 class names \(.*"emotion".*\) hold no word of the training captions/);
    expect(note).toMatch(/the template words ("a", )?"emoji" are not in the vocabulary/);
  });
});
