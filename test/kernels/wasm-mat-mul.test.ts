// BatchMatMul / _FusedMatMul on wasm: our rewrites against the stock wasm
// kernels (scalar loops, but exact in layout) and against cpu.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { leakedBy, useBackend, withStockKernels } from "./backends.js";
import { relativeError, seededValues } from "./reference.js";

/** Float32 products of up to 96 terms, summed in different orders. */
const TOLERANCE = 1e-5;

interface Case {
  name: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const CASES: Case[] = [
  { name: "2-D", a: [5, 7], b: [7, 3] },
  { name: "2-D transposeA", a: [7, 5], b: [7, 3], transposeA: true },
  { name: "2-D transposeB", a: [5, 7], b: [3, 7], transposeB: true },
  { name: "2-D both transposed", a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { name: "rank 3 @ rank 2 (dense on sequences)", a: [4, 6, 8], b: [8, 5] },
  { name: "rank 3 @ rank 2, transposeB", a: [4, 6, 8], b: [5, 8], transposeB: true },
  { name: "rank 4 transposeA @ rank 2", a: [2, 3, 8, 6], b: [8, 5], transposeA: true },
  { name: "rank 2 @ batched rank 3", a: [6, 8], b: [3, 8, 5] },
  { name: "batched, small (stock loop)", a: [3, 4, 5], b: [3, 5, 6] },
  { name: "batched, large (loop of products)", a: [3, 40, 64], b: [3, 64, 48] },
  { name: "batched, large, transposeB (attention scores)", a: [2, 2, 40, 64], b: [2, 2, 48, 64], transposeB: true },
  { name: "batched, large, transposeA", a: [3, 64, 40], b: [3, 64, 48], transposeA: true },
  { name: "broadcast batch [2,1] x [1,3]", a: [2, 1, 4, 5], b: [1, 3, 5, 6] },
  { name: "broadcast batch [2,3] x [3] large", a: [2, 3, 40, 64], b: [3, 64, 40] },
];

function inputs(c: Case): [tf.Tensor, tf.Tensor] {
  return [tf.tensor(seededValues(c.a.reduce((x, y) => x * y), 1), c.a), tf.tensor(seededValues(c.b.reduce((x, y) => x * y), 2), c.b)];
}

const product = (c: Case) => () => tf.tidy(() => tf.matMul(...inputs(c), c.transposeA, c.transposeB).dataSync());

describe("BatchMatMul on wasm", () => {
  it.each(CASES)("matches stock wasm and cpu: $name", async (c) => {
    const stockWasm = await withStockKernels("wasm", [tf.BatchMatMul], product(c));
    await useBackend("cpu");
    const cpu = product(c)();
    await useBackend("wasm");
    const ours = product(c)();
    expect(relativeError(ours, stockWasm)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours, cpu)).toBeLessThan(TOLERANCE);
  });

  // tfjs's matMul gradient does not reduce broadcast batch dimensions, so a
  // dense layer on [b,t,d] reshapes to 2-D (as tf.layers does); attention
  // products are batched on both sides.
  const project = (x: tf.Tensor, w: tf.Tensor) => tf.reshape(tf.matMul(tf.reshape(x, [-1, 64]), w), [4, 48, 40]);
  it.each([
    ["dense on rank 3 via reshape", project],
    ["attention scores q @ k^T", (x: tf.Tensor, w: tf.Tensor) => tf.matMul(project(x, w), x, true, false)],
    ["attention values p @ v", (x: tf.Tensor, w: tf.Tensor) => tf.matMul(tf.softmax(tf.matMul(project(x, w), project(x, w), false, true)), x)],
  ] as const)("gives gradients matching cpu: %s", async (_, layer) => {
    const grads = () =>
      tf.tidy(() => {
        const x = tf.tensor3d(seededValues(4 * 48 * 64, 1), [4, 48, 64]);
        const w = tf.tensor2d(seededValues(64 * 40, 2), [64, 40]);
        const f = (xt: tf.Tensor, wt: tf.Tensor) => tf.sum(tf.square(layer(xt, wt)));
        return tf.grads(f)([x, w]).map((g) => g.dataSync());
      });
    await useBackend("cpu");
    const cpu = grads();
    await useBackend("wasm");
    const ours = grads();
    expect(relativeError(ours[0]!, cpu[0]!)).toBeLessThan(TOLERANCE);
    expect(relativeError(ours[1]!, cpu[1]!)).toBeLessThan(TOLERANCE);
  });

  it("does not leak tensors", async () => {
    await useBackend("wasm");
    for (const c of CASES) {
      const [a, b] = inputs(c);
      const leaks = leakedBy(() => tf.matMul(a, b, c.transposeA, c.transposeB).dispose());
      expect(leaks, c.name).toEqual({ tensors: 0, buffers: 0 });
      tf.dispose([a, b]);
    }
  });
});

describe("_FusedMatMul on wasm", () => {
  const FUSED: Array<Case & { activation: tf.fused.Activation; bias?: number[]; prelu?: number[] }> = [
    { name: "2-D relu, transposeB", a: [5, 7], b: [3, 7], transposeB: true, activation: "relu", bias: [3] },
    { name: "rank 3, bias, linear", a: [4, 6, 8], b: [8, 5], activation: "linear", bias: [5] },
    { name: "rank 3, transposeA, elu", a: [4, 8, 6], b: [8, 5], transposeA: true, activation: "elu", bias: [5] },
    { name: "rank 3, prelu per column", a: [2, 6, 8], b: [8, 5], activation: "prelu", prelu: [5] },
    { name: "rank 3, prelu per row and column", a: [2, 6, 8], b: [8, 5], activation: "prelu", prelu: [6, 5] },
    { name: "batched b, leakyrelu", a: [3, 40, 64], b: [3, 64, 48], activation: "leakyrelu", bias: [48] },
  ];
  const fused = (c: (typeof FUSED)[number]) => () =>
    tf.tidy(() => {
      const [a, b] = inputs(c);
      return tf.fused
        .matMul({
          a, b, transposeA: c.transposeA, transposeB: c.transposeB, activation: c.activation,
          bias: c.bias ? tf.tensor(seededValues(c.bias.reduce((x, y) => x * y), 3), c.bias) : undefined,
          preluActivationWeights: c.prelu ? tf.tensor(seededValues(c.prelu.reduce((x, y) => x * y), 4), c.prelu) : undefined,
          leakyreluAlpha: 0.1,
        })
        .dataSync();
    });

  it.each(FUSED)("matches cpu: $name", async (c) => {
    await useBackend("cpu");
    const cpu = fused(c)();
    await useBackend("wasm");
    expect(relativeError(fused(c)(), cpu)).toBeLessThan(TOLERANCE);
  });

  it("does not leak tensors", async () => {
    await useBackend("wasm");
    for (const c of FUSED) expect(leakedBy(() => void fused(c)()), c.name).toEqual({ tensors: 0, buffers: 0 });
  });
});
