// Activation functions by the names the language accepts.
import * as tf from "@tensorflow/tfjs";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function activate(x: tf.Tensor, name: string): tf.Tensor {
  switch (name) {
    case "linear":
    case "none":
      return x;
    case "relu":
      return tf.relu(x);
    case "gelu":
      // tanh approximation (as GPT-2 and many CLIP ports use).
      return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_OVER_PI)))));
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "silu":
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
    case "leaky_relu":
      return tf.leakyRelu(x, 0.2);
    case "elu":
      return tf.elu(x);
    case "softplus":
      return tf.softplus(x);
  }
  throw new Error(`unknown activation ${name}`);
}

/** Activations that tfjs can fuse into conv2d/matMul with a gradient. */
export function fusable(name: string): "linear" | "relu" | undefined {
  return name === "linear" || name === "none" ? "linear" : name === "relu" ? "relu" : undefined;
}
