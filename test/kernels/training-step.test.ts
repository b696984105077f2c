// Whole training steps: gradients of a model using every op family agree
// between stock cpu and our kernels on cpu and wasm; the handwritten seed
// model trains on wasm without leaking.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createHandwrittenSeed } from "../../bench/seed-handwritten.js";
import { registerTrainingKernels } from "../../src/kernels/index.js";
import { isInstalled } from "../../src/kernels/registry.js";
import { BACKENDS, leakedBy, useBackend } from "./backends.js";
import { mixedInputs, mixedLoss, mixedParams, SMALL } from "./mixed-model.js";
import { relativeError } from "./reference.js";

/** Per-parameter gradients of the mixed model, flattened, keyed by parameter. */
function mixedGradients(): Record<string, Float32Array> {
  return tf.tidy(() => {
    const params = mixedParams(SMALL);
    const inputs = mixedInputs(SMALL);
    const names = Object.keys(params);
    const f = (...values: tf.Tensor[]) =>
      mixedLoss(Object.fromEntries(names.map((n, i) => [n, values[i]!])), inputs, SMALL);
    const grads = tf.grads(f)(names.map((n) => params[n]!));
    return Object.fromEntries(names.map((n, i) => [n, grads[i]!.dataSync() as Float32Array]));
  });
}

describe("mixed model gradients", () => {
  it("agree between stock cpu and our kernels on cpu and wasm", async () => {
    await tf.setBackend("cpu");
    const stockCpu = mixedGradients();
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const ours = mixedGradients();
      for (const [name, grad] of Object.entries(stockCpu)) {
        expect(relativeError(ours[name]!, grad), `${backend} ${name}`).toBeLessThan(1e-4);
      }
    }
  });

  it.each(BACKENDS)("do not leak on %s", async (backend) => {
    await useBackend(backend);
    expect(leakedBy(() => void mixedGradients(), 2)).toEqual({ tensors: 0, buffers: 0 });
  });
});

describe("registerTrainingKernels", () => {
  it("is idempotent and leaves other backends alone", async () => {
    await useBackend("wasm");
    registerTrainingKernels("wasm");
    registerTrainingKernels("webgl");
    expect(isInstalled(tf.Conv2DBackpropFilter, "wasm")).toBe(true);
    expect(isInstalled(tf.Conv2DBackpropFilter, "cpu")).toBe(true);
    expect(isInstalled(tf.BatchMatMul, "cpu")).toBe(false);
    expect(isInstalled(tf.Conv2DBackpropFilter, "webgl")).toBe(false);
  });
});

describe("handwritten seed model", () => {
  it("trains on wasm: loss falls on a fixed batch, no tensors leak", async () => {
    await useBackend("wasm");
    const images = tf.randomUniform([8, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const tokens = tf.randomUniform([8, 12], 0, 128, "int32", 2) as tf.Tensor2D;
    const model = createHandwrittenSeed(3);
    const first = model.step(images, tokens);
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = model.step(images, tokens);
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first);
    model.dispose();
    tf.dispose([images, tokens]);
  });

  it("gives the same losses on cpu and wasm", async () => {
    const losses: number[][] = [];
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const images = tf.randomUniform([4, 32, 32, 3], 0, 1, "float32", 1) as tf.Tensor4D;
      const tokens = tf.randomUniform([4, 12], 0, 128, "int32", 2) as tf.Tensor2D;
      const model = createHandwrittenSeed(3);
      losses.push([model.step(images, tokens), model.step(images, tokens), model.step(images, tokens)]);
      model.dispose();
      tf.dispose([images, tokens]);
    }
    expect(relativeError(losses[1]!, losses[0]!)).toBeLessThan(1e-4);
  });
});
