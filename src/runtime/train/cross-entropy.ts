// Softmax cross-entropy for classification heads.
import * as tf from "@tensorflow/tfjs";

/**
 * Mean over the batch of -log softmax(logits)[label], via logSoftmax (stable for large
 * logits). labels: int class ids, a tensor or plain numbers, each in [0, C).
 */
export function crossEntropyLoss(logits: tf.Tensor2D, labels: tf.Tensor1D | ArrayLike<number>): tf.Scalar {
  return tf.tidy(() => {
    const [b, c] = logits.shape;
    const ids = labels instanceof tf.Tensor ? tf.cast(labels, "int32") : tf.tensor1d(Array.from(labels), "int32");
    if (ids.shape[0] !== b) throw new Error(`crossEntropy: ${b} rows of logits but ${ids.shape[0]} labels`);
    // Build the one-hot as int32 then cast: float32 OneHot is broken on the wasm backend.
    const target = tf.cast(tf.oneHot(ids as tf.Tensor1D, c), "float32");
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits, 1)), 1))) as tf.Scalar;
  });
}
