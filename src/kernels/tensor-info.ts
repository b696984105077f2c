// Kernels receive TensorInfo; our composed kernels want Tensors to call ops on.
import * as tf from "@tensorflow/tfjs";

/**
 * A Tensor view of `info`. Ops pass real Tensors to kernels, so usually this
 * is the input itself; otherwise a new Tensor sharing the data is made, which
 * the enclosing tf.tidy disposes (that only drops a reference).
 */
export function toTensor<T extends tf.Tensor = tf.Tensor>(info: tf.TensorInfo): T {
  if (info instanceof tf.Tensor) return info as T;
  return tf.engine().makeTensorFromTensorInfo(info) as T;
}

/** Product of the dimensions (1 for a scalar or an empty list). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
