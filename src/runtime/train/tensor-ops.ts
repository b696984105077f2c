// Small tensor helpers shared by the losses. All are differentiable unless stated.
import * as tf from "@tensorflow/tfjs";

/** Rows scaled to unit L2 norm; a zero row stays zero (the norm is floored at sqrt(eps)). */
export function l2NormalizeRows(x: tf.Tensor2D, eps = 1e-12): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), eps))));
}

/**
 * Runs f on the inputs as a constant of the backward pass: zero gradient to every input.
 * Ops run inside a customGrad forward are not taped, so f may use ops that have no
 * gradient function in tfjs (Greater, ArgMin, Any, LogicalAnd, ...).
 */
export function withoutGradient(f: (...xs: tf.Tensor[]) => tf.Tensor, ...inputs: tf.Tensor[]): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const xs = args.slice(0, inputs.length) as tf.Tensor[];
    return { value: f(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return op(...inputs);
}

/** Identity in the forward pass, zero gradient in the backward pass (tfjs has no stop_gradient). */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return withoutGradient((v) => v.clone(), x);
}

/** The [n, n] identity as float32. */
export function eye(n: number): tf.Tensor2D {
  return tf.eye(n, n, undefined, "float32") as tf.Tensor2D;
}

/** Diagonal of a square matrix as a vector (differentiable, via a mask and a row sum). */
export function diagonal(m: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(m, eye(m.shape[0])), 1) as tf.Tensor1D);
}

/** A scalar tensor from a number, or the tensor itself. */
export function asScalar(x: tf.Scalar | number): tf.Scalar {
  return typeof x === "number" ? tf.scalar(x) : x;
}
