import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { constantLr, cosineWithWarmup, createSchedule, stepDecay } from "../../src/runtime/train/schedule.js";
import { clipByGlobalNorm, clipByGlobalNormOnDevice } from "../../src/runtime/train/clip.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("schedules", () => {
  it("constant", () => {
    expect([0, 10, 1000].map(constantLr(0.3))).toEqual([0.3, 0.3, 0.3]);
  });

  it("constant after a linear warm-up", () => {
    expect([0, 1, 2, 3, 4, 100].map(constantLr(2, 4))).toEqual([0.5, 1, 1.5, 2, 2, 2]);
    expect(createSchedule({ kind: "constant", lr: 2, warmupSteps: 4 })(1)).toBe(1);
  });

  it("cosine with linear warm-up", () => {
    const f = cosineWithWarmup({ lr: 1, warmupSteps: 4, totalSteps: 14, minLr: 0.1 });
    expect([0, 1, 2, 3].map(f)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(f(4)).toBeCloseTo(1, 12); // decay starts at the peak
    expect(f(9)).toBeCloseTo(0.55, 12); // halfway: (1 + 0.1) / 2
    expect(f(14)).toBe(0.1);
    expect(f(100)).toBe(0.1);
    for (let s = 4; s < 14; s++) expect(f(s + 1)).toBeLessThan(f(s));
    const noWarmup = cosineWithWarmup({ lr: 2, warmupSteps: 0, totalSteps: 10 });
    expect(noWarmup(0)).toBe(2);
    expect(noWarmup(5)).toBeCloseTo(1, 12);
  });

  it("step decay", () => {
    const f = stepDecay({ lr: 1, stepSize: 10, gamma: 0.5 });
    expect([0, 9, 10, 25].map(f)).toEqual([1, 1, 0.5, 0.25]);
    const w = stepDecay({ lr: 1, stepSize: 10, warmupSteps: 2 });
    expect([0, 1, 2, 10].map(w)).toEqual([0.5, 1, 1, 0.1]);
  });

  it("from a spec", () => {
    expect(createSchedule({ kind: "constant", lr: 0.5 })(3)).toBe(0.5);
    expect(createSchedule({ kind: "step", lr: 1, stepSize: 1 })(2)).toBeCloseTo(0.01, 12);
    expect(createSchedule({ kind: "cosine", lr: 1, warmupSteps: 1, totalSteps: 3 })(2)).toBeCloseTo(0.5, 12);
  });
});

describe("clipByGlobalNorm", () => {
  it("scales all gradients by one factor when the norm is too large", () => {
    const a = tf.tensor([3, 0]);
    const b = tf.tensor([[0, 4]]);
    const { grads, norm } = clipByGlobalNorm({ a, b }, 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(Array.from(grads.a.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(grads.b.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    expect(grads.b.shape).toEqual([1, 2]);
    tf.dispose([a, b, ...Object.values(grads)]);
  });

  it("returns copies unchanged under the limit, keyed by variable name", () => {
    const v = tf.variable(tf.tensor([1, 1]), true, "clip_test_var");
    const g = tf.tensor([0.3, 0.4]);
    const { grads, norm } = clipByGlobalNorm(new Map([[v, g]]), 1);
    expect(norm).toBeCloseTo(0.5, 6);
    expect(grads[v.name]).not.toBe(g);
    expect(Array.from(grads[v.name].dataSync())).toEqual(Array.from(g.dataSync()));
    tf.dispose([v, g, ...Object.values(grads)]);
  });

  it("reports a non-finite norm", () => {
    const g = tf.tensor([NaN, 1]);
    const { grads, norm } = clipByGlobalNorm({ g }, 1);
    expect(Number.isNaN(norm)).toBe(true);
    tf.dispose([g, ...Object.values(grads)]);
  });

  it("leaks no tensors", () => {
    const a = tf.tensor([3, 4]);
    const before = tf.memory().numTensors;
    const { grads } = clipByGlobalNorm({ a }, 1);
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});

describe("clipByGlobalNormOnDevice (no read of the norm)", () => {
  it("scales like clipByGlobalNorm above the limit and keeps gradients below it", () => {
    const a = tf.tensor([3, 0]);
    const b = tf.tensor([[0, 4]]);
    const before = tf.memory().numTensors;
    const over = tf.tidy(() => clipByGlobalNormOnDevice({ a, b }, 1));
    const under = tf.tidy(() => clipByGlobalNormOnDevice({ a, b }, 10));
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(Array.from(over.a!.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(over.b!.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    expect(over.b!.shape).toEqual([1, 2]);
    expect(Array.from(under.a!.dataSync())).toEqual([3, 0]);
    expect(Array.from(under.b!.dataSync())).toEqual([0, 4]);
    tf.dispose([a, b, ...Object.values(over), ...Object.values(under)]);
  });

  it("keeps a non-finite gradient non-finite (the step's loss check then stops training)", () => {
    const g = tf.tensor([NaN, 1]);
    const out = tf.tidy(() => clipByGlobalNormOnDevice({ g }, 1));
    expect(Number.isNaN(out.g!.dataSync()[0])).toBe(true);
    tf.dispose([g, out.g!]);
  });
});
