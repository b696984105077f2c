// `mmc run --backend webgpu` and `mmc eval --backend webgpu` end to end, in Node through Dawn
// (here on Debian chromium's SwiftShader, a CPU Vulkan driver): a complete run folder, and the
// same losses and embeddings as the same run on cpu. Each run is a child process (a backend is
// process-global state; Dawn reads its Vulkan setup from the environment it starts with).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { relativeError } from "./parity-case.js";
import type { RunChildResult } from "./run-child.js";
import { NO_VULKAN, webgpuEnv } from "./webgpu-env.js";

/**
 * Relative L2 error against cpu. Measured here (SwiftShader, 4 Adam steps with clipping):
 * losses 9.3e-8, test embeddings <= 6.7e-7 (float32 on both, different summation orders). The bounds leave room for other
 * drivers while still catching a wrong kernel or a skipped update (those err by > 1e-2).
 */
const TOLERANCE = { losses: 1e-4, embeddings: 1e-3 };

const FOLDER_FILES = [
  "spec.mm", "ir.json", "settings.json", "metrics.jsonl", "summary.json", "report.html", "eval.json",
  "model/model.json", "model/weights.bin", "checkpoint/checkpoint.json", "checkpoint/optimizer.bin", "checkpoint/weights.bin",
  "embeddings/test-images.f32", "embeddings/test-texts.f32", "embeddings/embeddings.json",
];

async function runIn(backend: string, env: NodeJS.ProcessEnv): Promise<RunChildResult | { ok: false; reason: string }> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), `mmc-${backend}-`)), "run");
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/backends/run-child.ts", backend, out], {
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    timeout: 110_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as RunChildResult | { ok: false; reason: string };
}

const floats = (file: string) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const json = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), "utf8"));

describe("mmc run and mmc eval on webgpu", () => {
  it("train and evaluate the tiny spec like cpu, leaving a complete run folder", { timeout: 120_000 }, async (ctx) => {
    const env = webgpuEnv();
    if (!env) {
      console.log(`webgpu run skipped: ${NO_VULKAN}`);
      ctx.skip();
      return;
    }
    const gpu = await runIn("webgpu", env);
    if (!gpu.ok) {
      console.log(`webgpu run skipped: ${gpu.reason}`);
      ctx.skip();
      return;
    }
    const cpu = await runIn("cpu", {});
    if (!cpu.ok) throw new Error(`the cpu run failed: ${cpu.reason}`);
    console.log(`webgpu run on ${gpu.device}`);

    expect(gpu.backend).toBe("webgpu");
    for (const f of FOLDER_FILES) expect(existsSync(path.join(gpu.dir, f)), f).toBe(true);
    const summary = json(gpu.dir, "summary.json");
    expect(summary).toMatchObject({ status: "completed", backend: "webgpu", steps: 4, totalSteps: 4 });
    const lines = readFileSync(path.join(gpu.dir, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "step").map((l) => l.loss)).toEqual(gpu.losses);
    expect(lines.every((l) => l.type !== "step" || l.temperature > 0)).toBe(true);
    expect(gpu.tensorsLeft).toBe(0);
    // mmc eval on webgpu re-derives the run's own final metrics from the saved model.
    expect(gpu.evalExit).toBe(0);
    expect(json(gpu.dir, "eval.json")).toMatchObject({ backend: "webgpu", metrics: summary.metrics });

    expect(gpu.losses).toHaveLength(4);
    expect(relativeError(gpu.losses, cpu.losses), `losses ${gpu.losses} vs cpu ${cpu.losses}`).toBeLessThan(TOLERANCE.losses);
    for (const f of ["embeddings/test-images.f32", "embeddings/test-texts.f32"]) {
      expect(relativeError(floats(path.join(gpu.dir, f)), floats(path.join(cpu.dir, f))), f).toBeLessThan(TOLERANCE.embeddings);
    }
  });
});
