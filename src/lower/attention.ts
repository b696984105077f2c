// Multi-head scaled dot-product attention with key padding masks, as tfjs ops.
import * as tf from "@tensorflow/tfjs";

export interface AttentionParams {
  wq: tf.Tensor; bq: tf.Tensor; wk: tf.Tensor; bk: tf.Tensor; wv: tf.Tensor; bv: tf.Tensor; wo: tf.Tensor; bo: tf.Tensor;
}

/** x [B, L, E] @ w [E, D] + b, via one 2-D matMul (the fast path on every backend). */
export function project(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [batch, len, e] = x.shape as [number, number, number];
  const y = tf.matMul(tf.reshape(x, [batch * len, e]), w as tf.Tensor2D);
  return tf.reshape(tf.add(y, b), [batch, len, w.shape[1]!]);
}

function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [batch, len, d] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [batch, len, heads, d / heads]), [0, 2, 1, 3]);
}

/**
 * queries [B, Lq, D] attend to keys/values [B, Lk, E]. keyTokens [B, Lk] (token ids, 0 = pad)
 * masks padded keys; causal masks later positions (self-attention only).
 */
export function multiHeadAttention(queries: tf.Tensor, keysValues: tf.Tensor, p: AttentionParams, heads: number, keyTokens?: tf.Tensor, causal = false): tf.Tensor {
  const [batch, lq, d] = queries.shape as [number, number, number];
  const lk = keysValues.shape[1]!;
  const q = splitHeads(project(queries, p.wq, p.bq), heads);
  const k = splitHeads(project(keysValues, p.wk, p.bk), heads);
  const v = splitHeads(project(keysValues, p.wv, p.bv), heads);
  let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d / heads)); // [B, H, Lq, Lk]
  if (keyTokens) {
    const pad = tf.reshape(tf.mul(tf.cast(tf.equal(keyTokens, 0), "float32"), -1e9), [batch, 1, 1, lk]);
    scores = tf.add(scores, pad);
  }
  if (causal) {
    const upper = tf.sub(1, tf.linalg.bandPart(tf.ones([lq, lk]), -1, 0));
    scores = tf.add(scores, tf.mul(upper, -1e9));
  }
  const weights = tf.softmax(scores, -1);
  const mixed = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [batch, lq, d]);
  return project(mixed, p.wo, p.bo);
}
