// UnsortedSegmentSum and the gather/embedding gradient that uses it.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { BACKENDS, leakedBy, useBackend, withStockKernels } from "./backends.js";
import { refSegmentSum, relativeError, seededValues } from "./reference.js";

describe.each(BACKENDS)("UnsortedSegmentSum on %s", (backend) => {
  it("sums rows by id, dropping out-of-range ids", async () => {
    await useBackend(backend);
    const x = seededValues(7 * 5, 1);
    const ids = [3, 0, 3, -1, 9, 1, 3];
    const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x, [7, 5]), tf.tensor1d(ids, "int32"), 4).dataSync());
    expect(relativeError(out, refSegmentSum(x, ids, 5, 4))).toBeLessThan(1e-6);
  });

  it("keeps int32 and trailing dimensions", async () => {
    await useBackend(backend);
    const out = tf.tidy(() => {
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [4, 1, 2], "int32");
      const r = tf.unsortedSegmentSum(x, tf.tensor1d([1, 1, 0, 1], "int32"), 2);
      return { dtype: r.dtype, shape: r.shape, values: Array.from(r.dataSync()) };
    });
    expect(out).toEqual({ dtype: "int32", shape: [2, 1, 2], values: [5, 6, 1 + 3 + 7, 2 + 4 + 8] });
  });

  it("gives the embedding gradient of gather, matching stock cpu", async () => {
    const table = seededValues(50 * 8, 2);
    const tokens = Array.from({ length: 6 * 12 }, (_, i) => (i * 7) % 50);
    const upstream = seededValues(6 * 12 * 8, 3);
    const grad = () =>
      tf.tidy(() => {
        const dy = tf.tensor3d(upstream, [6, 12, 8]);
        const ids = tf.tensor2d(tokens, [6, 12], "int32");
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), dy)))(tf.tensor2d(table, [50, 8]));
        return g.dataSync();
      });
    const stock = await withStockKernels("cpu", [tf.UnsortedSegmentSum], grad);
    await useBackend(backend);
    expect(relativeError(grad(), stock)).toBeLessThan(1e-6);
    expect(relativeError(stock, refSegmentSum(upstream, tokens, 8, 50))).toBeLessThan(1e-6);
  });

  it("does not leak tensors", async () => {
    await useBackend(backend);
    const table = tf.tensor2d(seededValues(20 * 4, 1), [20, 4]);
    const ids = tf.tensor1d([1, 5, 5, 19], "int32");
    const leaks = leakedBy(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))(table)));
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    tf.dispose([table, ids]);
  });
});
