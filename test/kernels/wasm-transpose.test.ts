// Transpose plans, and the wasm Transpose/Identity/Cast overrides.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { collapseTranspose, planTranspose } from "../../src/kernels/transpose-plan.js";
import { leakedBy, useBackend, withStockKernels } from "./backends.js";
import { seededValues } from "./reference.js";

describe("collapseTranspose", () => {
  it("merges axes that stay adjacent and drops size-1 axes", () => {
    expect(collapseTranspose([64, 32, 32, 3], [3, 1, 2, 0])).toEqual({ shape: [64, 1024, 3], perm: [2, 1, 0] });
    expect(collapseTranspose([64, 32, 32, 8], [1, 2, 0, 3])).toEqual({ shape: [64, 1024, 8], perm: [1, 0, 2] });
    expect(collapseTranspose([2, 1, 5, 7], [0, 3, 1, 2])).toEqual({ shape: [2, 5, 7], perm: [0, 2, 1] });
    expect(collapseTranspose([4, 5, 6], [0, 1, 2])).toEqual({ shape: [120], perm: [0] });
    expect(collapseTranspose([3, 4, 5, 6], [2, 3, 0, 1])).toEqual({ shape: [12, 30], perm: [1, 0] });
  });

  it("plans only large transposes that move the innermost axis", () => {
    expect(planTranspose({ shape: [64, 1024, 32], perm: [2, 1, 0] })).toHaveLength(3);
    expect(planTranspose({ shape: [2048, 128], perm: [1, 0] })).toHaveLength(2);
    expect(planTranspose({ shape: [64, 1024, 32], perm: [1, 0, 2] })).toBeNull();
    expect(planTranspose({ shape: [100, 100], perm: [1, 0] })).toBeNull();
    expect(planTranspose({ shape: [2000, 100], perm: [1, 0] })).toBeNull();
  });
});

describe("Transpose on wasm", () => {
  it.each([
    [[64, 16, 16, 12], [3, 1, 2, 0]],
    [[64, 16, 16, 24], [1, 2, 0, 3]],
    [[2048, 64], [1, 0]],
    [[4, 512, 48], [0, 2, 1]],
    [[8, 128, 96], [2, 1, 0]],
    [[3, 256, 2, 96], [3, 2, 1, 0]],
    [[5, 7, 9], [1, 2, 0]],
  ])("%j by %j matches stock wasm and cpu", async (shape, perm) => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor(seededValues(shape.reduce((a, b) => a * b), 1), shape);
        const y = tf.transpose(x, perm);
        return [...y.shape, ...y.dataSync()];
      });
    const stock = await withStockKernels("wasm", [tf.Transpose], run);
    await useBackend("wasm");
    const ours = run();
    await useBackend("cpu");
    expect(ours).toEqual(stock);
    expect(ours).toEqual(run());
  });

  it("int32 and bool keep their values", async () => {
    await useBackend("wasm");
    const [ints, bools] = tf.tidy(() => {
      const x = tf.range(0, 4096 * 32, 1, "int32").reshape([4096, 32]);
      return [tf.transpose(x).dataSync(), tf.cast(tf.transpose(tf.greater(tf.mod(x, 3), 0)), "int32").dataSync()];
    });
    expect(ints[1]).toBe(32);
    expect(ints[4096]).toBe(1);
    expect(Array.from(bools.slice(0, 4))).toEqual([0, 1, 1, 0]);
  });
});

describe("Identity and Cast on wasm", () => {
  it("share the buffer without leaking it", async () => {
    await useBackend("wasm");
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    const cast = tf.cast(x, "float32");
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(cast.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([copy, cast]);
    const y = tf.tensor2d(seededValues(4096 * 32, 2), [4096, 32]);
    const leaks = leakedBy(() =>
      tf.tidy(() => {
        tf.clone(y);
        tf.cast(y, "float32");
        tf.cast(y, "int32");
        tf.transpose(y);
        tf.transpose(y.reshape([64, 64, 32]), [2, 1, 0]);
      }),
    );
    expect(leaks).toEqual({ tensors: 0, buffers: 0 });
    y.dispose();
  });

  it("variables survive assignment from clones", async () => {
    await useBackend("wasm");
    const v = tf.variable(tf.tensor1d([1, 2]));
    const source = tf.tensor1d([5, 6]);
    v.assign(tf.clone(source));
    source.dispose();
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    v.dispose();
  });
});
