// A model's layer parameters as one flat float array, in IR order, for shared memory.
import * as tf from "@tensorflow/tfjs";
import type { CompiledModel } from "../../lower/model.js";

export function copyParamsOut(model: CompiledModel, flat: Float32Array): void {
  let off = 0;
  for (const v of model.params.values()) {
    const values = v.dataSync() as Float32Array;
    flat.set(values, off);
    off += values.length;
  }
}

export function copyParamsIn(model: CompiledModel, flat: Float32Array): void {
  let off = 0;
  for (const v of model.params.values()) {
    const n = v.size;
    tf.tidy(() => v.assign(tf.tensor(flat.slice(off, off + n), v.shape, "float32")));
    off += n;
  }
}

/** Writes gradients (by variable name) in parameter order; a parameter without one gets zeros. */
export function copyGradsOut(model: CompiledModel, grads: tf.NamedTensorMap, flat: Float32Array): void {
  let off = 0;
  for (const v of model.params.values()) {
    const g = grads[v.name];
    if (g) flat.set(g.dataSync() as Float32Array, off);
    else flat.fill(0, off, off + v.size);
    off += v.size;
  }
}

/** Adds the helper's flat gradients into ours (tensors by variable name); returns new tensors. A frozen tower's weights get none. */
export function addFlatGrads(model: CompiledModel, grads: tf.NamedTensorMap, flat: Float32Array): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = { ...grads };
  const trainable = new Set(model.trainable());
  let off = 0;
  for (const v of model.params.values()) {
    if (!trainable.has(v)) {
      off += v.size;
      continue;
    }
    const other = tf.tensor(flat.subarray(off, off + v.size), v.shape, "float32");
    const mine = grads[v.name];
    out[v.name] = mine ? tf.add(mine, other) : other;
    off += v.size;
  }
  return out;
}
