// The Node side of `mmc run --engine torch`, with a stand-in for the generated training
// script (fake-distributed.ts) under the real torchrun: the whole run folder is produced,
// `mmc eval` on it reproduces summary.json, an interrupted run resumes where it stopped,
// and a failing script leaves no run folder and shows the end of its log.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { runEval } from "../../src/cli/eval-command.js";
import { runTorchSpec, type TorchRunOptions } from "../../src/engine-torch/run-torch.js";
import type { Summary } from "../../src/runtime/run/run.js";
import summarySchema from "../../src/runtime/run/summary.schema.json" with { type: "json" };
import { FAKE_DISTRIBUTED_PY } from "./fake-distributed.js";

const hasTorch = spawnSync("/usr/bin/python3", ["-c", "import torch, numpy, PIL"], { stdio: "ignore" }).status === 0;
if (!hasTorch) console.log("torch engine tests skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)");

const dir = mkdtempSync(path.join(tmpdir(), "mmc-torch-engine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env["FAKE_MODE"];
});
const fake = path.join(dir, "fake");
mkdirSync(fake);
writeFileSync(path.join(fake, "fake_distributed.py"), FAKE_DISTRIBUTED_PY);
const spec = path.join(dir, "small.mm");
writeFileSync(
  spec,
  readFileSync("test/fixtures/tiny.mm", "utf8")
    .replace(/data shapes\([^)]*\)/, "data shapes(train: 64, test: 40, seed: 3)")
    .replace("batch: 32, steps: 60", "batch: 8, steps: 5"),
);

function options(out: string, extra: Partial<TorchRunOptions> = {}): TorchRunOptions {
  const checked = checkFile(spec, true);
  if (!checked.ir) throw new Error("the test spec does not check");
  return {
    checked: { ...checked, ir: checked.ir }, specPath: spec, specText: checked.source.text, out, backend: "wasm",
    nproc: 2, device: "cpu", module: "fake_distributed", pythonPath: [fake], ...extra,
  };
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;
const stepsIn = (run: string) => readFileSync(path.join(run, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string; step: number }).filter((l) => l.type === "step").map((l) => l.step);
const leftovers = () => readdirSync(dir).filter((f) => f.startsWith("."));

describe.skipIf(!hasTorch)("mmc run --engine torch, with a stand-in training script", () => {
  it("leaves the whole run folder, and mmc eval on it reproduces summary.json", async () => {
    const out = path.join(dir, "run-ok");
    const events: string[] = [];
    const result = await runTorchSpec(options(out, { onEvent: (e) => events.push(e.type) }));
    expect(result.dir).toBe(out);
    for (const f of ["spec.mm", "ir.json", "settings.json", "metrics.jsonl", "summary.json", "report.html", "torch.log", "model/model.json", "model/weights.bin", "embeddings/test-images.f32", "shards/info.json", "torch/mmc_model/model.py", "torch-out/checkpoint.pt"]) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(events).toEqual(["start", "step", "step", "step", "step", "step"]);
    expect(stepsIn(out)).toEqual([1, 2, 3, 4, 5]);
    const summary = readJson<Summary>(path.join(out, "summary.json"));
    expect(new Ajv({ allErrors: true }).validate(summarySchema, summary)).toBe(true);
    expect(summary).toMatchObject({ status: "completed", engine: "torch", world: 2, device: "cpu", steps: 5, totalSteps: 5, batch: 8 });
    expect(readJson<{ engine: string; nproc: number }>(path.join(out, "settings.json"))).toMatchObject({ engine: "torch", nproc: 2, device: "cpu" });
    expect(readFileSync(path.join(out, "torch.log"), "utf8")).toMatch(/-m fake_distributed --nproc 2/);
    expect(leftovers()).toEqual([]);

    const std = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await runEval(out, { backend: "wasm" })).toBe(0);
    } finally {
      std.mockRestore();
    }
    const again = readJson<{ metrics: Record<string, number> }>(path.join(out, "eval.json")).metrics;
    expect(Object.keys(again).sort()).toEqual(Object.keys(summary.metrics).sort());
    for (const [k, v] of Object.entries(summary.metrics)) expect(again[k], k).toBeCloseTo(v, 6);
  }, 120_000);

  it("evaluates every eval_every steps on tfjs while training goes on, and removes those weights", async () => {
    const every = path.join(dir, "every.mm");
    writeFileSync(every, readFileSync(spec, "utf8").replace("steps: 5", "steps: 5, eval_every: 2"));
    const out = path.join(dir, "run-every");
    const events: string[] = [];
    const checked = checkFile(every, true);
    await runTorchSpec({ ...options(out, { onEvent: (e) => events.push(e.type) }), checked: { ...checked, ir: checked.ir! }, specPath: every, specText: checked.source.text });
    const evals = readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string; step: number }).filter((l) => l.type === "eval");
    expect(evals.map((e) => e.step)).toEqual([2, 4, 5]);
    expect(events.filter((e) => e === "eval")).toHaveLength(2);
    expect(readdirSync(path.join(out, "torch-out")).filter((f) => f.startsWith("eval-"))).toEqual([]);
  }, 120_000);

  it("stops on an interrupt, saves the run as interrupted, and resumes from its checkpoint", async () => {
    process.env["FAKE_MODE"] = "slow";
    const out = path.join(dir, "run-cut");
    const stop = new AbortController();
    const first = await runTorchSpec(options(out, { stop: stop.signal, onEvent: (e) => e.type === "step" && e.step === 2 && stop.abort() }));
    expect(first.summary.status).toBe("interrupted");
    expect(first.summary.steps).toBeGreaterThanOrEqual(2);
    expect(first.summary.steps).toBeLessThan(5);
    expect(stepsIn(out)).toEqual(Array.from({ length: first.summary.steps }, (_, i) => i + 1));

    process.env["FAKE_MODE"] = "ok";
    const { out: _, ...rest } = options(out);
    const resumed = await runTorchSpec({ ...rest, resume: out });
    expect(resumed.summary.status).toBe("completed");
    expect(resumed.summary.steps).toBe(5);
    expect(stepsIn(out)).toEqual([1, 2, 3, 4, 5]);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it("reports the script's own error, and a crash with the end of torch.log; no run folder is left", async () => {
    process.env["FAKE_MODE"] = "error";
    await expect(runTorchSpec(options(path.join(dir, "run-error")))).rejects.toThrow(/^torch engine: the fake found a problem you can fix$/);
    process.env["FAKE_MODE"] = "crash";
    const crash = (await runTorchSpec(options(path.join(dir, "run-crash"))).then(() => ({ message: "no error" }), (e: unknown) => e)) as { message: string; detail?: string };
    expect(crash.message).toMatch(/^the training processes exited with code \d+ before training finished \(at step 0 of 5\)/);
    expect(crash.detail).toMatch(/RuntimeError: the fake rank fell over/);
    process.env["FAKE_MODE"] = "nan";
    await expect(runTorchSpec(options(path.join(dir, "run-nan")))).rejects.toThrow(/the loss became NaN or infinite at step 1; no run folder was written/);
    for (const name of ["run-error", "run-crash", "run-nan"]) expect(existsSync(path.join(dir, name))).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it("refuses a batch that the processes cannot split before writing anything", async () => {
    const out = path.join(dir, "run-odd");
    await expect(runTorchSpec(options(out, { nproc: 3 }))).rejects.toThrow(/train\.batch 8 does not split evenly across --nproc 3 processes/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  }, 60_000);
});
