// Our Mean gradient (src/kernels/mean-grad.ts): dy / n broadcast over the reduced axes, on every
// axis choice, against the gradient written out by hand.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { BACKENDS, useBackend } from "./backends.js";
import { seededValues } from "./reference.js";

const CASES: { axes: number | number[]; keepDims: boolean }[] = [
  { axes: [1, 2], keepDims: false },
  { axes: [1, 2], keepDims: true },
  { axes: -1, keepDims: false },
  { axes: 0, keepDims: true },
  { axes: [0, 1, 2, 3], keepDims: false },
];

describe.each(BACKENDS)("Mean gradient on %s", (backend) => {
  it.each(CASES)("axes $axes, keepDims $keepDims", async ({ axes, keepDims }) => {
    await useBackend(backend);
    const shape = [2, 3, 4, 5];
    const x = tf.tensor4d(seededValues(120, 1), shape as [number, number, number, number]);
    const mean = tf.mean(x, axes, keepDims);
    const w = tf.tensor(seededValues(mean.size, 2), mean.shape);
    const got = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, axes, keepDims), w)))(x);
    const reduced = tf.util.parseAxisParam(axes, shape);
    const n = reduced.reduce((p, a) => p * shape[a]!, 1);
    const wv = w.dataSync();
    const expected = new Float32Array(120);
    const outShape = shape.map((d, i) => (reduced.includes(i) ? 1 : d));
    for (let i = 0; i < 120; i++) {
      const idx = [Math.floor(i / 60), Math.floor(i / 20) % 3, Math.floor(i / 5) % 4, i % 5];
      const o = idx.map((v, k) => (reduced.includes(k) ? 0 : v));
      const flat = ((o[0]! * outShape[1]! + o[1]!) * outShape[2]! + o[2]!) * outShape[3]! + o[3]!;
      expected[i] = wv[flat]! / n;
    }
    expect(Array.from(got.dataSync())).toEqual(Array.from(expected));
    tf.dispose([x, mean, w, got]);
  });
});
