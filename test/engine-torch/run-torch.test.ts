// `mmc run --engine torch` end to end on a tiny spec (seconds): two processes train it from
// mmc's initial weights, the run folder is the tfjs engine's (summary schema, metrics.jsonl,
// model/ in mmc's format), the model learned, and `mmc eval` re-scores it on tfjs alike.
// Without PyTorch, one line says what to install and no run folder is left.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { hasStackTrace, MMC, ROOT, type CliResult } from "../cli/cli.js";
import { hasTorch } from "../torch/harness.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-engine-torch-"));
const spec = path.join(dir, "tiny.mm");
writeFileSync(spec, `model tiny_torch
data shapes(train: 256, test: 64, size: 16)
input image: Image[B, 16, 16, 3]
input text: Tokens[B, 8] vocab 64
encoder image_enc(image) -> [B, 32] {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(32)
}
encoder text_enc(text) -> [B, 32] {
  embed(32)
  mean(over: L)
  dense(32)
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 3e-3), batch: 32, steps: 30, seed: 1, eval_every: 15 }
evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
`);

function mmc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MMC, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number }) | null;
      resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: null, stdout, stderr });
    });
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mmc run --engine torch", () => {
  it("says in one line what to install when there is no PyTorch, and leaves no run folder", async () => {
    const out = path.join(dir, "no-torch");
    const r = await mmc(["run", spec, "--engine", "torch", "--out", out], { MMC_PYTHON: path.join(dir, "no-such-python") });
    expect(r.code).toBe(1);
    expect(hasStackTrace(r)).toBe(false);
    expect(r.stderr.trim().split("\n").filter((l) => l.includes("python3-torch"))).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a batch that --nproc does not divide before it writes anything", async () => {
    const out = path.join(dir, "bad-nproc");
    const r = await mmc(["run", spec, "--engine", "torch", "--nproc", "3", "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/32.*3|3.*32/);
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!hasTorch)("trains in two processes and leaves a run folder mmc eval re-scores on tfjs", async () => {
    const out = path.join(dir, "run");
    const r = await mmc(["run", spec, "--engine", "torch", "--nproc", "2", "--out", out]);
    expect(r.stderr).not.toContain("Traceback");
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, "summary.json"), "utf8")) as { status: string; engine: string; world: number; steps: number; metrics: Record<string, number>; chance: Record<string, number> };
    const schema = JSON.parse(readFileSync(path.join(ROOT, "src/runtime/run/summary.schema.json"), "utf8")) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(summary).toMatchObject({ status: "completed", engine: "torch", world: 2, steps: 30 });
    // 30 steps take R@10 from chance (0.156 on 64 items) to ~0.85; an untrained model stays near chance.
    expect(summary.metrics["text_to_image_R@10"]).toBeGreaterThan(0.5);
    const lines = readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { type: string; step: number; temperature?: number; metrics?: Record<string, number> });
    const steps = lines.filter((s) => s.type === "step");
    expect(steps).toHaveLength(30);
    // The learnable temperature is reported as the tfjs trainer reports it: starting at 0.07, learned.
    const temps = steps.map((s) => s.temperature!);
    expect(temps.every((t) => t > 0 && t < 1)).toBe(true);
    expect(Math.abs(temps[0]! - 0.07)).toBeLessThan(0.01);
    expect(new Set(temps).size).toBeGreaterThan(1);
    // eval_every 15: scored on tfjs at step 15 while training went on, and at the end.
    const evals = lines.filter((s) => s.type === "eval");
    expect(evals.map((e) => e.step)).toEqual([15, 30]);
    expect(evals[1]!.metrics!["text_to_image_R@10"]).toBe(summary.metrics["text_to_image_R@10"]);
    expect(existsSync(path.join(out, "model", "model.json"))).toBe(true);

    const evaluated = await mmc(["eval", out]);
    expect(evaluated.code).toBe(0);
    const again = JSON.parse(readFileSync(path.join(out, "eval.json"), "utf8")) as { metrics: Record<string, number> };
    for (const [name, value] of Object.entries(summary.metrics)) expect(Math.abs(again.metrics[name]! - value), name).toBeLessThanOrEqual(1e-3);
  }, 180_000);
});
