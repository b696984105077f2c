// wasm Slice/SplitV/Unpack/StridedSlice, Sum/Mean/Max and OneHot overrides
// against the stock wasm kernels and cpu.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { channelSplit, MAX_CHANNELS, poolableSplit } from "../../src/kernels/wasm-reduce.js";
import { copyBlock } from "../../src/kernels/strided-copy.js";
import { leakedBy, useBackend, withStockKernels } from "./backends.js";
import { relativeError, seededValues } from "./reference.js";

const SLICE_KERNELS = [tf.Slice, tf.SplitV, tf.Unpack, tf.StridedSlice];
const REDUCE_KERNELS = [tf.Sum, tf.Mean, tf.Max];

/** Runs `fn` on stock wasm, our wasm and cpu; returns the three flattened results. */
async function threeWays(stockKernels: string[], fn: () => number[]): Promise<[number[], number[], number[]]> {
  const stock = await withStockKernels("wasm", stockKernels, fn);
  await useBackend("wasm");
  const ours = fn();
  await useBackend("cpu");
  const cpu = fn();
  return [stock, ours, cpu];
}

const flat = (ts: tf.Tensor | tf.Tensor[]) => (Array.isArray(ts) ? ts : [ts]).flatMap((t) => [...t.shape, ...t.dataSync()]);

describe("copyBlock", () => {
  it("copies interior, edge and whole blocks of a rank-4 array", () => {
    const shape = [3, 4, 5, 6];
    const x = Float32Array.from({ length: 360 }, (_, i) => i);
    const at = (i: number, j: number, k: number, l: number) => ((i * 4 + j) * 5 + k) * 6 + l;
    for (const [begin, size] of [
      [[1, 1, 2, 0], [2, 2, 3, 6]],
      [[0, 0, 0, 1], [3, 4, 5, 4]],
      [[2, 3, 4, 5], [1, 1, 1, 1]],
      [[0, 0, 0, 0], [3, 4, 5, 6]],
      [[1, 0, 0, 0], [1, 4, 5, 6]],
    ]) {
      const out = new Float32Array(size!.reduce((a, b) => a * b));
      copyBlock(x, shape, begin!, size!, out);
      const expected: number[] = [];
      for (let i = 0; i < size![0]!; i++)
        for (let j = 0; j < size![1]!; j++)
          for (let k = 0; k < size![2]!; k++)
            for (let l = 0; l < size![3]!; l++) expected.push(at(begin![0]! + i, begin![1]! + j, begin![2]! + k, begin![3]! + l));
      expect(Array.from(out)).toEqual(expected);
    }
  });
});

describe("slicing on wasm", () => {
  const x = () => tf.tensor(seededValues(2 * 5 * 6 * 7, 1), [2, 5, 6, 7]);
  it.each([
    ["slice rank 4", () => tf.slice(x(), [1, 1, 2, 3], [1, 3, 3, 4])],
    ["slice rank 1", () => tf.slice(tf.range(0, 50), [7], [20])],
    ["slice rank 6", () => tf.slice(tf.reshape(x(), [2, 5, 2, 3, 7, 1]), [0, 1, 1, 0, 2, 0], [2, 3, 1, 3, 4, 1])],
    ["slice int32", () => tf.slice(tf.cast(tf.mul(x(), 100), "int32"), [0, 2, 0, 0], [2, 2, 6, 7])],
    ["slice bool", () => tf.slice(tf.greater(x(), 0), [1, 0, 3, 2], [1, 5, 2, 5])],
    ["split on the last axis", () => tf.split(x(), [2, 4, 1], 3)],
    ["split on axis 1", () => tf.split(x(), 5, 1)],
    ["unstack axis 0", () => tf.unstack(x())],
    ["unstack axis 2", () => tf.unstack(x(), 2)],
    ["strided slice, unit strides", () => tf.stridedSlice(x(), [0, 1, 0, 2], [2, 4, 6, 5], [1, 1, 1, 1])],
    ["strided slice, shrink axis", () => tf.stridedSlice(x(), [1, 0, 0, 0], [2, 5, 6, 7], [1, 1, 1, 1], 0, 0, 0, 0, 1)],
    ["strided slice, stride 2 (stock path)", () => tf.stridedSlice(x(), [0, 0, 1, 0], [2, 5, 6, 7], [1, 2, 2, 1])],
    ["concat gradient splits", () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.concat([t, tf.square(t)], 2), 3)))(x())],
  ] as const)("%s", async (_, op) => {
    const [stock, ours, cpu] = await threeWays(SLICE_KERNELS, () => tf.tidy(() => flat(op())));
    expect(ours).toEqual(stock);
    expect(ours).toEqual(cpu);
  });

  it("does not leak tensors", async () => {
    await useBackend("wasm");
    const t = x();
    const leaks = leakedBy(() => tf.dispose([tf.slice(t, [0, 1, 0, 0], [1, 2, 3, 4]), ...tf.split(t, 5, 1), ...tf.unstack(t, 3)]));
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    t.dispose();
  });
});

describe("reductions on wasm", () => {
  it("poolableSplit finds a contiguous, non-innermost block", () => {
    expect(poolableSplit([2, 3, 4, 5], [0, 1, 2])).toEqual([1, 24, 5]);
    expect(poolableSplit([2, 3, 4, 5], [2, 1])).toEqual([2, 12, 5]);
    expect(poolableSplit([2, 3, 4, 5], [3])).toBeNull();
    expect(poolableSplit([2, 3, 4, 5], [0, 2])).toBeNull();
    expect(poolableSplit([2, 3, 4, 5], [1, 2, 3])).toBeNull();
  });

  it("channelSplit keeps channels at most MAX_CHANNELS and covers inner exactly", () => {
    expect(channelSplit(64)).toEqual([1, 64]);
    expect(channelSplit(18432)).toEqual([3, 6144]);
    expect(channelSplit(2 * MAX_CHANNELS + 2)).toEqual([3, (2 * MAX_CHANNELS + 2) / 3]);
    expect(channelSplit(16411)).toEqual([16411, 1]); // a prime: one channel per pixel
  });

  it("sums over a leading axis with more than 16384 inner values without corrupting the heap", async () => {
    // Stock XNNPACK average pooling over 18432 channels breaks the heap; the next free traps.
    const big = () => tf.tensor(seededValues(16 * 18432, 5), [16, 96, 192]);
    const [stock, ours, cpu] = await threeWays(REDUCE_KERNELS, () => tf.tidy(() => flat(tf.sum(big(), 0))));
    expect(relativeError(ours, stock)).toBeLessThan(1e-5);
    expect(relativeError(ours, cpu)).toBeLessThan(1e-5);
    await useBackend("wasm");
    tf.tidy(() => tf.ones([1000, 1000]).dataSync());
  });

  const x = () => tf.tensor(seededValues(4 * 6 * 5 * 8, 2), [4, 6, 5, 8]);
  it.each([
    ["sum over leading axes (bias gradient)", () => tf.sum(x(), [0, 1, 2])],
    ["sum over leading axes, keepDims", () => tf.sum(x(), [0, 1], true)],
    ["mean over H,W (global pooling)", () => tf.mean(x(), [1, 2])],
    ["mean over H,W, keepDims", () => tf.mean(x(), [2, 1], true)],
    ["max over H,W", () => tf.max(x(), [1, 2])],
    ["sum over the last axis (stock path)", () => tf.sum(x(), -1)],
    ["mean over all axes (stock path)", () => tf.mean(x())],
    ["sum over non-contiguous axes (stock path)", () => tf.sum(x(), [0, 2])],
    ["int32 sum (stock path)", () => tf.sum(tf.cast(tf.mul(x(), 10), "int32"), [0, 1])],
    ["gradient of mean and max", () => tf.grad((t: tf.Tensor) => tf.add(tf.sum(tf.mean(t, [1, 2])), tf.sum(tf.max(t, [0, 1]))))(x())],
  ] as const)("%s", async (_, op) => {
    const [stock, ours, cpu] = await threeWays(REDUCE_KERNELS, () => tf.tidy(() => flat(op())));
    expect(relativeError(ours, stock)).toBeLessThan(1e-6);
    expect(relativeError(ours, cpu)).toBeLessThan(1e-6);
  });

  it("does not leak tensors", async () => {
    await useBackend("wasm");
    const t = x();
    const leaks = leakedBy(() => tf.dispose([tf.sum(t, [0, 1, 2]), tf.mean(t, [1, 2], true), tf.max(t, [0, 1])]));
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    t.dispose();
  });
});

describe("OneHot on wasm", () => {
  it("returns real float32 ones (stock wasm returns int32 bit patterns)", async () => {
    const run = () => tf.tidy(() => Array.from(tf.oneHot(tf.tensor1d([0, 2, 1, 5], "int32"), 3, 2, -1, "float32").dataSync()));
    const [, ours, cpu] = await threeWays([tf.OneHot], run);
    expect(ours).toEqual([2, -1, -1, -1, -1, 2, -1, 2, -1, -1, -1, -1]);
    expect(ours).toEqual(cpu);
    await useBackend("wasm");
    expect(tf.tidy(() => Array.from(tf.oneHot(tf.tensor1d([1], "int32"), 2).dataSync()))).toEqual([0, 1]);
    expect(leakedBy(() => void run())).toEqual({ tensors: 0, buffers: 0 });
  });
});
