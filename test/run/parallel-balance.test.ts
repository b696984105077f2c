// The self-balancing split: the balancer moves items toward the thread that waits (on given
// times, so the test is deterministic), it may move only where the result does not depend
// on the split, and an uneven split gives the one-thread losses.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { SplitBalancer, defaultBalancerOptions, evenSplit, splitInvariant } from "../../src/runtime/parallel/balance.js";
import { useHelperThread } from "../../src/runtime/parallel/pool.js";
import { loadSpecData } from "../../src/runtime/run/run.js";
import { dataRequestOf } from "../../src/runtime/run/data-request.js";
import { Trainer } from "../../src/runtime/run/trainer.js";
import { TINY, checkedIr, wasm, setSteps } from "./helpers.js";

beforeAll(wasm);

/** Per-step compute times of a model where the main thread has `fixed` ms of extra work. */
function times(split: number, batch: number, perItem: number, fixed: number): [number, number] {
  return [fixed + perItem * split, perItem * (batch - split)];
}

function runBalancer(b: SplitBalancer, steps: number, timeOf: (split: number, step: number) => [number, number]): number[] {
  const seen: number[] = [];
  for (let s = 0; s < steps; s++) {
    seen.push(b.split);
    b.record(...timeOf(b.split, s));
  }
  return seen;
}

describe("SplitBalancer", () => {
  it("gives the main thread more items when the helper is the slower one, and settles there", () => {
    // The helper's items cost 7 ms, the main thread's 5 ms: balance at 64 * 7 / 12 = 37.3.
    const b = new SplitBalancer(64, 32);
    const seen = runBalancer(b, 200, (m) => [5 * m, 7 * (64 - m)]);
    expect(b.split).toBeGreaterThanOrEqual(36);
    expect(b.split).toBeLessThanOrEqual(38);
    // Settled: the last 100 steps hold one split.
    expect(new Set(seen.slice(100)).size).toBe(1);
    // It moves only every 8 steps.
    expect(seen.slice(0, 8).every((x) => x === 32)).toBe(true);
  });

  it("gives the helper more items when the main thread has extra work", () => {
    const b = new SplitBalancer(64, 32);
    runBalancer(b, 200, (m) => times(m, 64, 6, 60));
    // 60 + 6m = 6(64 - m) at m = 27.
    expect(b.split).toBeGreaterThanOrEqual(26);
    expect(b.split).toBeLessThanOrEqual(28);
  });

  it("stays put when balanced, whatever one slow step in eight says", () => {
    const b = new SplitBalancer(64, 32);
    const seen = runBalancer(b, 80, (m, s) => (s % 8 === 3 ? [6 * m + 500, 6 * (64 - m)] : [6 * m, 6 * (64 - m)]));
    expect(new Set(seen)).toEqual(new Set([32]));
  });

  it("keeps within its bounds and ignores steps without a time", () => {
    const b = new SplitBalancer(64, 32);
    runBalancer(b, 400, () => [1, 1000]);
    expect(b.split).toBe(defaultBalancerOptions(64).max);
    runBalancer(b, 400, () => [1000, 1]);
    expect(b.split).toBe(defaultBalancerOptions(64).min);
    const c = new SplitBalancer(64, 32);
    runBalancer(c, 40, () => [NaN, 1000]);
    expect(c.split).toBe(32);
  });
});

function specWith(layer: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-split-"));
  const file = path.join(dir, "tiny.mm");
  writeFileSync(file, readFileSync(TINY, "utf8").replace("  mean(over: L)\n", `  mean(over: L)\n  ${layer}\n`));
  return file;
}

describe("which specs may move the split", () => {
  it("moves it for a spec without random ops or batch statistics", () => {
    expect(splitInvariant(checkedIr(TINY))).toBe(true);
    expect(splitInvariant(checkedIr("specs/simple.mm"))).toBe(true);
    expect(splitInvariant(checkedIr(specWith("dropout(0)")))).toBe(true);
  });

  it("keeps it for augmentation, dropout and batch norm", () => {
    expect(splitInvariant(checkedIr("specs/augment.mm"))).toBe(false);
    expect(splitInvariant(checkedIr(specWith("dropout(0.1)")))).toBe(false);
    expect(splitInvariant(checkedIr(specWith("batch_norm()")))).toBe(false);
  });

  it("keeps the even split on whole swap groups", () => {
    expect(evenSplit(checkedIr(TINY))).toBe(16);
    expect(evenSplit(checkedIr(TINY, (ir) => ((ir.train.batch = 20), (ir.train.batches = "groups"))))).toBe(8);
  });
});

describe("an uneven split", () => {
  async function losses(spec: string, threads: 1 | 2, firstSplit?: number): Promise<{ losses: number[]; splits: number[] }> {
    const ir = checkedIr(spec, (x) => setSteps(x, 6));
    const trainer = new Trainer(ir, loadSpecData(ir, spec));
    const request = dataRequestOf(ir, path.dirname(spec));
    if (threads === 2) await useHelperThread(trainer, request, "wasm", { adaptive: true, firstSplit });
    const pool = (trainer as unknown as { pool?: { split: number } }).pool;
    const out = { losses: [] as number[], splits: [] as number[] };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) {
      out.splits.push(pool?.split ?? ir.train.batch);
      out.losses.push(trainer.trainStep());
    }
    // The model, optimizer state and nothing else: a step frees what it made.
    trainer.trainStep();
    const after = tf.memory().numTensors;
    trainer.trainStep();
    expect(tf.memory().numTensors).toBe(after);
    expect(after).toBeGreaterThanOrEqual(before);
    await trainer.dispose();
    return out;
  }

  it("gives the one-thread losses with the main thread on 24 of 32 items", async () => {
    const one = await losses(TINY, 1);
    const uneven = await losses(TINY, 2, 24);
    expect(uneven.splits[0]).toBe(24);
    uneven.losses.forEach((l, i) => expect(l).toBeCloseTo(one.losses[i]!, 4));
  });

  it("stays even where the split would change the result (dropout)", async () => {
    const two = await losses(specWith("dropout(0.1)"), 2, 24);
    expect(new Set(two.splits)).toEqual(new Set([16]));
  });
});
