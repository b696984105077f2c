// Ctrl-C during `mmc run`: the run stops after the current step, saves a checkpoint and a
// summary marked interrupted, exits 130, and `mmc run --resume DIR` trains on to the end.
// Only the exact child spawned here is ever signalled.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { hasStackTrace, ROOT, runCli, startCli } from "./cli.js";

const STEPS = 200;
let running: ChildProcess | undefined;

afterEach(() => {
  // A failed test must not leave its run behind (this child only, never a group).
  if (running && running.exitCode === null && running.signalCode === null) running.kill("SIGKILL");
  running = undefined;
});

/** Resolves once the partial run folder's metrics hold a training step. */
async function firstStep(metrics: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(metrics) && readFileSync(metrics, "utf8").includes('"type":"step"')) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no training step in ${metrics} after ${timeoutMs} ms`);
}

function stepsIn(metrics: string): number[] {
  return readFileSync(metrics, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; step: number })
    .filter((entry) => entry.type === "step")
    .map((entry) => entry.step);
}

describe("Ctrl-C during mmc run", () => {
  it("saves a checkpoint and an interrupted summary; --resume finishes the run", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-interrupt-"));
    const tiny = readFileSync(path.join(ROOT, "test/fixtures/tiny.mm"), "utf8");
    writeFileSync(
      path.join(dir, "cut.mm"),
      tiny.replace(/data shapes\([^)]*\)/, "data shapes(train: 256, test: 64, seed: 3)").replace(/train \{[^}]*\}/, `train { optimizer: adam(lr: 3e-3), batch: 16, steps: ${STEPS}, seed: 1 }`),
    );
    const flags = ["--backend", "wasm", "--threads", "1"];
    const { child, done } = startCli(["run", "cut.mm", "--out", "cut", ...flags], dir);
    running = child;
    await firstStep(path.join(dir, ".cut.partial", "metrics.jsonl"), 25_000);
    child.kill("SIGINT");
    const cut = await done;

    expect(cut.code, cut.stderr).toBe(130);
    expect(cut.stderr).toContain("stopping after this step; saving a checkpoint");
    expect(cut.stdout).toMatch(/continue with: mmc run --resume cut/);
    expect(hasStackTrace(cut)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["cut", "cut.mm"]);
    const interrupted = JSON.parse(readFileSync(path.join(dir, "cut", "summary.json"), "utf8")) as { status: string; steps: number; totalSteps: number };
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.totalSteps).toBe(STEPS);
    expect(interrupted.steps).toBeGreaterThan(0);
    expect(interrupted.steps).toBeLessThan(STEPS);
    expect(existsSync(path.join(dir, "cut", "checkpoint", "checkpoint.json"))).toBe(true);
    expect(stepsIn(path.join(dir, "cut", "metrics.jsonl"))).toEqual(Array.from({ length: interrupted.steps }, (_, i) => i + 1));

    const resumed = await runCli(["run", "--resume", "cut", ...flags], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming cut at step ${interrupted.steps} of ${STEPS}`);
    const summary = JSON.parse(readFileSync(path.join(dir, "cut", "summary.json"), "utf8")) as { status: string; steps: number; metrics: Record<string, number> };
    expect(summary.status).toBe("completed");
    expect(summary.steps).toBe(STEPS);
    // Every step once: the resumed run continues where the checkpoint stopped.
    expect(stepsIn(path.join(dir, "cut", "metrics.jsonl"))).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(summary.metrics["text_to_image_R@10"]).toBeGreaterThan(0.6); // chance: 10 of 64
    expect(readdirSync(dir).sort()).toEqual(["cut", "cut.mm"]);
  }, 60_000);
});
