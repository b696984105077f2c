// The benchmark's arithmetic: FLOPs counted from the IR, interleaved ratios, option parsing;
// its contenders: the seed in tfjs, compiled and hand-written, and in PyTorch, generated and hand-written.
import * as tf from "@tensorflow/tfjs";
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { stepFlops } from "../../bench/flops.js";
import { interleave, median, roundOrder, timeRatio, type Contender } from "../../bench/interleave.js";
import { parseBenchArgs } from "../../bench/args.js";
import { busiestThreadMs, threadCpuMs } from "../../bench/thread-cpu.js";
import { compiledContender, handwrittenContender, loadSeedSpec } from "../../bench/seed-contenders.js";
import { startBackend } from "../../src/runtime/run/backend.js";
import { TorchContender } from "../../bench/torch-contender.js";
import { integerBounds, startGeneratedTorch } from "../../bench/torch-generated.js";
import { hasTorch } from "../torch/harness.js";

describe("stepFlops", () => {
  it("counts the seed model's training step by hand-checkable formulas", () => {
    const ir = checkFile("specs/simple.mm", false).ir!;
    const b = 64;
    const conv1 = 2 * b * 32 * 32 * 32 * 3 * 3 * 3;
    const conv2 = 2 * b * 32 * 32 * 64 * 3 * 3 * 32;
    const dense = 2 * b * (64 * 128 + 128 * 64 + 64 * 128);
    const similarity = 2 * b * b * 128;
    const forward = conv1 + conv2 + dense + similarity;
    // No input gradient for conv1 (its input is the image); text_enc's first dense reads the
    // embedding, which has a parameter, so it gets one.
    const backward = conv1 + 2 * conv2 + 2 * dense + 2 * similarity;
    const f = stepFlops(ir, b);
    expect(f.forward).toBe(forward);
    expect(f.backward).toBe(backward);
    expect(f.total / 1e9).toBeCloseTo(7.487, 2);
    expect(f.byNode[0]!.label).toContain("conv2d(64");
  });

  it("leaves out nodes the loss does not need (the fusion head)", () => {
    const ir = checkFile("specs/simple.mm", false).ir!;
    expect(stepFlops(ir, 64).byNode.some((n) => n.label.startsWith("joint"))).toBe(false);
  });
});

describe("interleave", () => {
  it("changes who goes first and who follows whom, drops each turn's lead-in steps, and takes ratios round by round", async () => {
    const order: string[] = [];
    const asked: number[] = [];
    let slow = 1;
    const make = (name: string, ms: number): Contender => ({
      name,
      run: (steps) => {
        order.push(name);
        asked.push(steps);
        // Every round is slower than the last (a busier machine): per-round ratios stay exact.
        return Array.from({ length: steps }, () => ({ wallMs: ms * slow, cpuMs: ms }));
      },
    });
    const t = await interleave([make("a", 30), make("b", 10)], { rounds: 4, stepsPerRound: 3, warmup: 1, leadIn: 1, onRound: () => (slow *= 2) });
    expect(order.slice(2)).toEqual(["a", "b", "b", "a", "b", "a", "a", "b"]);
    expect(asked.slice(2).every((n) => n === 4)).toBe(true);
    expect(t.rounds.wall.get("a")).toHaveLength(4);
    expect(timeRatio(t, "a", "b")).toEqual({ median: 3, min: 3, max: 3 });
    expect(timeRatio(t, "a", "b", "cpu").median).toBe(3);
  });

  it("has every contender follow every neighbour both ways within two rounds", () => {
    const pairs = (order: string[]) => order.slice(1).map((x, i) => `${order[i]}>${x}`);
    const seen = new Set([...pairs(roundOrder(["a", "b", "c"], 0)), ...pairs(roundOrder(["a", "b", "c"], 1))]);
    for (const p of ["a>b", "b>a", "b>c", "c>b"]) expect(seen.has(p), p).toBe(true);
  });

  it("median of even and odd lengths", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});

describe("parseBenchArgs", () => {
  it("reads options and rejects bad ones in one line", () => {
    expect(parseBenchArgs(["--backend", "cpu", "--no-torch"])).toMatchObject({ backend: "cpu", torch: false, rounds: 2 });
    expect(parseBenchArgs(["--rounds", "3", "--steps", "1", "--batch", "16"])).toMatchObject({ rounds: 3, stepsPerRound: 1, batch: 16 });
    expect(parseBenchArgs(["--rounds", "0"])).toBe("--rounds needs a positive whole number");
    expect(parseBenchArgs(["--backend", "tpu"])).toMatch(/^--backend must be one of/);
    expect(parseBenchArgs(["--fast"])).toMatch(/^unknown option --fast/);
  });
});

describe("thread CPU", () => {
  it("the busiest thread is the one whose CPU time grew most; threads born in between count from zero", () => {
    const before = new Map([["1", 100], ["2", 50]]);
    const after = new Map([["1", 130], ["2", 120], ["3", 40]]);
    expect(busiestThreadMs(before, after)).toBe(70);
    expect(busiestThreadMs(undefined, after)).toBeUndefined();
  });

  it.runIf(process.platform === "linux")("reads this process's threads from /proc", () => {
    const t = threadCpuMs()!;
    expect(t.has(String(process.pid))).toBe(true);
    for (const ms of t.values()) expect(ms).toBeGreaterThanOrEqual(0);
  });
});

describe("seed contenders", () => {
  it("train the compiled and the hand-written seed with synchronous and asynchronous reads, leaving no tensors", async () => {
    await startBackend("wasm");
    const seed = loadSeedSpec("specs/simple.mm", 8);
    const before = tf.memory().numTensors;
    for (const sync of [true, false]) {
      for (const c of [compiledContender("compiled", seed, sync), handwrittenContender("hand", seed, sync)]) {
        const times = await c.run(2);
        expect(times).toHaveLength(2);
        for (const t of times) expect(t.wallMs).toBeGreaterThan(0);
        await c.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe("PyTorch contenders", () => {
  it("bound each integer input by its vocabulary or classes", () => {
    const ir = checkFile("specs/multitask.mm", false).ir!;
    expect(integerBounds(ir)).toEqual({ text: 128, labels: 6 });
  });

  it.runIf(hasTorch)("train the generated seed package and the hand-written seed, same threads, then remove the package", async () => {
    await startBackend("wasm");
    const seed = loadSeedSpec("specs/simple.mm", 8);
    const generated = await startGeneratedTorch("generated", seed.ir, 2);
    const hand = await TorchContender.start("hand", 2, 8);
    expect(readdirSync(generated.folder)).toEqual(["mmc_model"]);
    try {
      expect(generated.threads).toBe(hand.threads);
      for (const c of [generated, hand]) {
        const times = await c.run(2);
        expect(times).toHaveLength(2);
        for (const t of times) expect(t.wallMs).toBeGreaterThan(0);
      }
    } finally {
      await generated.stop();
      await hand.stop();
    }
    expect(existsSync(generated.folder)).toBe(false);
  }, 60_000);

  it.runIf(hasTorch)("say which script failed to start and why, and clean up after it", async () => {
    let cleaned = false;
    const start = TorchContender.spawn("generated", "torch_generated.py", ["/nonexistent/mmc_model", "1", "8", "{}"], () => (cleaned = true));
    await expect(start).rejects.toThrow(/^torch_generated\.py exited before it was ready: ModuleNotFoundError: No module named 'mmc_model'/);
    expect(cleaned).toBe(true);
  }, 60_000);
});
