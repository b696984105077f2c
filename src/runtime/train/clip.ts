// Gradient clipping by global norm (PyTorch's clip_grad_norm_).
import * as tf from "@tensorflow/tfjs";
import { gradEntries, type Grads } from "./grads.js";

export interface ClippedGrads {
  /** New tensors keyed by variable name; the caller disposes them (and its inputs). */
  grads: tf.NamedTensorMap;
  /**
   * Global L2 norm before clipping. NaN or Infinity when a gradient is not finite; the
   * gradients are then returned unscaled, and the caller should skip the step.
   */
  norm: number;
}

/**
 * Scales every gradient by min(1, maxNorm / (norm + 1e-6)), norm the L2 norm of all
 * gradients taken together, so their direction is kept.
 */
export function clipByGlobalNorm(grads: Grads, maxNorm: number): ClippedGrads {
  const entries = gradEntries(grads);
  const norm = entries.length === 0 ? 0 : tf.tidy(() => globalNorm(entries).dataSync()[0]!);
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of entries) out[name] = coef < 1 ? tf.mul(g, coef) : g.clone();
  return { grads: out, norm };
}

/**
 * The same scaling without reading the norm back: the factor stays on the device, so a
 * training step needs no host round trip for it (WebGPU in Node cannot read synchronously,
 * and every read there waits for the queue). A non-finite norm makes the gradients NaN,
 * which the step's loss check then reports. Returns new tensors; call inside tf.tidy.
 */
export function clipByGlobalNormOnDevice(grads: Grads, maxNorm: number): tf.NamedTensorMap {
  const entries = gradEntries(grads);
  const out: tf.NamedTensorMap = {};
  if (entries.length === 0) return out;
  const coef = tf.minimum(1, tf.div(maxNorm, tf.add(globalNorm(entries), 1e-6)));
  for (const [name, g] of entries) out[name] = tf.mul(g, coef);
  return out;
}

/**
 * The L2 norm of all gradients together, on the device. stack + sum, not addN: tfjs-webgpu's
 * addN binds every input at once and fails past the device's storage-buffer limit (8 by
 * default); its concat splits its inputs.
 */
function globalNorm(entries: [string, tf.Tensor][]): tf.Scalar {
  return tf.sqrt(tf.sum(tf.stack(entries.map(([, g]) => tf.sum(tf.square(g)))))) as tf.Scalar;
}
