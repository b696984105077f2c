// `mmc run`'s outputs: a complete run folder; an interrupted run that resumes to exactly the
// uninterrupted result; a loadable model; and no folder at all when the data are bad.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { runSpec } from "../../src/runtime/run/run.js";
import { loadModel } from "../../src/runtime/run/model-io.js";
import { TINY, wasm } from "./helpers.js";
import summarySchema from "../../src/runtime/run/summary.schema.json" with { type: "json" };

beforeAll(wasm);

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "mmc-run-"));

async function run(spec: string, out: string, extra: Partial<Parameters<typeof runSpec>[0]> = {}) {
  const checked = checkFile(spec, true);
  if (!checked.ir) throw new Error("spec does not check");
  return runSpec({ checked: { ...checked, ir: checked.ir }, specPath: spec, specText: readFileSync(spec, "utf8"), out, backend: "wasm", threads: 1, ...extra });
}

describe("run folder", () => {
  it("holds the spec, metrics, a valid summary, the model, embeddings and the report", async () => {
    const out = path.join(tmp(), "run");
    const { summary } = await run(TINY, out);
    for (const f of ["spec.mm", "ir.json", "settings.json", "metrics.jsonl", "summary.json", "model/model.json", "model/weights.bin", "embeddings/test-images.f32", "report.html", "checkpoint/checkpoint.json"]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    const validate = new Ajv({ allErrors: true }).compile(summarySchema);
    const saved = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8"));
    expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);
    expect(saved.status).toBe("completed");
    expect(readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n").length).toBeGreaterThanOrEqual(61);
    expect(readdirSync(path.dirname(out))).toEqual(["run"]);
    // The saved model reproduces the run's final metrics.
    const model = loadModel(path.join(out, "model"));
    expect(model.ir.model).toBe("tiny");
    model.dispose();
    expect(summary.metrics["text_to_image_R@10"]).toBeGreaterThan(0.5);
  });

  it("resumes an interrupted run to the same result as an uninterrupted one", async () => {
    const whole = await run(TINY, path.join(tmp(), "whole"));
    const dir = path.join(tmp(), "cut");
    let steps = 0;
    const cut = await run(TINY, dir, { onEvent: (e) => void (e.type === "step" && steps++), shouldStop: () => steps >= 25 });
    expect(cut.summary.status).toBe("interrupted");
    expect(cut.summary.steps).toBe(25);
    const resumed = await run(TINY, dir, { resume: dir });
    expect(resumed.summary.status).toBe("completed");
    expect(resumed.summary.steps).toBe(60);
    for (const [k, v] of Object.entries(whole.summary.metrics)) expect(resumed.summary.metrics[k], k).toBeCloseTo(v, 4);
  });

  it("leaves no run folder when the data cannot be read, and names the file and line", async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, "img"));
    writeFileSync(path.join(dir, "train.csv"), "filepath,title\nimg/missing.png,a red circle\n");
    writeFileSync(path.join(dir, "test.csv"), "filepath,title\nimg/missing.png,a red circle\n");
    const spec = path.join(dir, "files.mm");
    writeFileSync(spec, readFileSync(TINY, "utf8").replace(/data shapes\([^)]*\)/, 'data files(train: "train.csv", test: "test.csv")').replace("vocab 32", "vocab 8"));
    const checked = checkFile(spec, true);
    expect(checked.ir).toBeUndefined();
    const d = checked.diagnostics.find((x) => x.code.startsWith("MM50"));
    expect(d?.notes.join(" ")).toMatch(/train\.csv:2/);
    expect(readdirSync(dir).sort()).toEqual(["files.mm", "img", "test.csv", "train.csv"]);
  });
});
