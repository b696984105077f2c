// wasm GatherV2, Tile, MaxPoolGrad and Tanh overrides against stock wasm and cpu.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { leakedBy, useBackend, withStockKernels } from "./backends.js";
import { relativeError, seededValues } from "./reference.js";

const KERNELS = [tf.GatherV2, tf.Tile, tf.MaxPoolGrad, tf.Tanh];

async function threeWays(fn: () => number[]): Promise<[number[], number[], number[]]> {
  const stock = await withStockKernels("wasm", KERNELS, fn);
  await useBackend("wasm");
  const ours = fn();
  await useBackend("cpu");
  const cpu = fn();
  return [stock, ours, cpu];
}

const flat = (t: tf.Tensor) => [...t.shape, ...t.dataSync()];
const values = (shape: number[], seed = 1) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

// Stock wasm is wrong for gather with batchDims and for some max-pool
// gradients (it drops gradient at some window maxima); those cases are
// checked against cpu only.
const STOCK_WASM_WRONG = new Set(["gather with batchDims 1", "max pool gradient 2x2/2 valid"]);

describe("exact overrides on wasm", () => {
  it.each([
    ["gather rows (embedding)", () => tf.gather(values([30, 20]), tf.tensor2d([[3, 0, 29], [7, 7, 1]], [2, 3], "int32"))],
    ["gather narrow rows", () => tf.gather(values([30, 3]), tf.tensor1d([3, 0, 29, 3], "int32"))],
    ["gather on axis 1", () => tf.gather(values([4, 9, 5]), tf.tensor1d([8, 0, 2], "int32"), 1)],
    ["gather with batchDims 1", () => tf.gather(values([3, 6, 5]), tf.tensor2d([[0, 5], [1, 1], [4, 2]], [3, 2], "int32"), 1, 1)],
    ["gather int32", () => tf.gather(tf.range(0, 40, 1, "int32").reshape([8, 5]), tf.tensor1d([7, 2], "int32"))],
    ["tile rank 1", () => tf.tile(values([5]), [3])],
    ["tile rank 3", () => tf.tile(values([2, 3, 20]), [2, 1, 3])],
    ["tile rank 4, narrow", () => tf.tile(values([2, 1, 3, 2]), [1, 4, 2, 3])],
    ["broadcastTo", () => tf.broadcastTo(values([1, 6, 1]), [4, 6, 17])],
    ["tile bool", () => tf.cast(tf.tile(tf.greater(values([3, 4]), 0), [2, 2]), "float32")],
    ["max pool gradient 2x2/2 valid", () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"), values([2, 4, 5, 3], 2))))(values([2, 8, 10, 3]))],
    ["max pool gradient 3x3/2 same, overlapping", () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, 3, 2, "same"), values([2, 4, 4, 3], 2))))(values([2, 7, 8, 3]))],
    ["max pool gradient with ties (after relu)", () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(tf.relu(x) as tf.Tensor4D, [2, 3], [2, 1], "valid"), values([1, 3, 6, 4], 2))))(values([1, 6, 8, 4]))],
  ] as const)("%s", async (name, op) => {
    const [stock, ours, cpu] = await threeWays(() => tf.tidy(() => flat(op())));
    expect(ours).toEqual(cpu);
    if (STOCK_WASM_WRONG.has(name)) expect(ours).not.toEqual(stock);
    else expect(ours).toEqual(stock);
  });

  it("rejects out-of-range gather indices like the stock kernel", async () => {
    await useBackend("wasm");
    expect(() => tf.tidy(() => tf.gather(values([4, 3]), tf.tensor1d([4], "int32")))).toThrow(/not in \[0, 3\]/);
  });
});

describe("tanh on wasm", () => {
  it("stays within 3e-7 of libm tanh, gradient included", async () => {
    const x = () => tf.mul(values([1000], 3), 6);
    const f = () => tf.tidy(() => [...tf.tanh(x()).dataSync(), ...tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(t)))(x()).dataSync()]);
    const [stock, ours, cpu] = await threeWays(f);
    expect(relativeError(ours, stock)).toBeLessThan(3e-7);
    expect(relativeError(ours, cpu)).toBeLessThan(3e-7);
  });
});

describe("no leaks", () => {
  it("in gather, tile, max pool gradient and tanh", async () => {
    await useBackend("wasm");
    const x = values([2, 8, 8, 3]);
    const table = values([10, 20]);
    const ids = tf.tensor1d([1, 9, 9], "int32");
    const leaks = leakedBy(() => {
      tf.dispose([tf.gather(table, ids), tf.tile(table, [2, 2]), tf.tanh(table)]);
      tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, "same")))(x));
    });
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    tf.dispose([x, table, ids]);
  });
});
