// Kernels receive TensorInfo; our composed kernels want Tensors to call ops on.
import * as tf from "@tensorflow/tfjs";

/**
 * A Tensor view of a kernel input. Ops pass real Tensors to kernels, so this
 * is usually the input itself; otherwise a new Tensor shares the data and
 * holds its own reference, released when the enclosing tf.tidy disposes it.
 */
export function toTensor<T extends tf.Tensor = tf.Tensor>(info: tf.TensorInfo): T {
  if (info instanceof tf.Tensor) return info as T;
  const engine = tf.engine();
  engine.backend.incRef(info.dataId);
  return engine.makeTensorFromTensorInfo(info) as T;
}

/** Takes ownership of a fresh kernel output (e.g. from calling a stock kernel directly). */
export function adoptTensor<T extends tf.Tensor = tf.Tensor>(info: tf.TensorInfo): T {
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

/** Product of the dimensions (1 for a scalar or an empty list). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
