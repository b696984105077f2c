// A small model touching every op family the compiler emits for training:
// embeddings, dense layers on rank-3 tensors, layer norm, multi-head softmax
// attention, dropout, convolutions with stride, max/avg pooling, concat and a
// one-hot cross-entropy. Used to compare gradients across backends and to
// profile which kernels a training step spends its time in.
import * as tf from "@tensorflow/tfjs";
import { seededValues } from "./reference.js";

export interface MixedSizes {
  batch: number;
  tokens: number;
  vocab: number;
  width: number;
  heads: number;
  image: number;
  classes: number;
}

export const SMALL: MixedSizes = { batch: 3, tokens: 6, vocab: 20, width: 16, heads: 2, image: 12, classes: 5 };

type Params = Record<string, tf.Tensor>;

/** Deterministic parameters (plain tensors, so tf.grads can differentiate them). */
export function mixedParams(s: MixedSizes): Params {
  const shapes: Record<string, number[]> = {
    embedding: [s.vocab, s.width],
    position: [s.tokens, s.width],
    ln1Gamma: [s.width], ln1Beta: [s.width],
    wq: [s.width, s.width], wk: [s.width, s.width], wv: [s.width, s.width], wo: [s.width, s.width],
    ln2Gamma: [s.width], ln2Beta: [s.width],
    mlp1: [s.width, 2 * s.width], mlp1Bias: [2 * s.width], mlp2: [2 * s.width, s.width],
    conv1: [3, 3, 3, 8], conv1Bias: [8], conv2: [3, 2, 8, 12],
    head: [s.width + 12, s.classes], headBias: [s.classes],
  };
  let seed = 10;
  return Object.fromEntries(
    Object.entries(shapes).map(([name, shape]) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const scale = name.endsWith("Gamma") ? 0 : 1 / Math.sqrt(shape.length > 1 ? shape[shape.length - 2]! : 4);
      const values = seededValues(size, seed++).map((v) => v * scale + (name.endsWith("Gamma") ? 1 : 0));
      return [name, tf.tensor(values, shape)];
    }),
  );
}

export function mixedInputs(s: MixedSizes): { tokens: tf.Tensor2D; images: tf.Tensor4D; labels: tf.Tensor1D } {
  const tokens = Array.from({ length: s.batch * s.tokens }, (_, i) => (i * 7 + 3) % s.vocab);
  return {
    tokens: tf.tensor2d(tokens, [s.batch, s.tokens], "int32"),
    images: tf.tensor4d(seededValues(s.batch * s.image * s.image * 3, 99), [s.batch, s.image, s.image, 3]),
    labels: tf.tensor1d(Array.from({ length: s.batch }, (_, i) => i % s.classes), "int32"),
  };
}

function dense(x: tf.Tensor, w: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const [rows, inner] = [x.size / x.shape[x.rank - 1]!, x.shape[x.rank - 1]!];
  let y = tf.matMul(tf.reshape(x, [rows, inner]), w);
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), w.shape[1]!]);
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta);
}

function attention(x: tf.Tensor, p: Params, s: MixedSizes, dropoutSeed: number): tf.Tensor {
  const headDim = s.width / s.heads;
  const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [s.batch, s.tokens, s.heads, headDim]), [0, 2, 1, 3]);
  const [q, k, v] = [p.wq!, p.wk!, p.wv!].map((w) => split(dense(x, w)));
  const scores = tf.div(tf.matMul(q!, k!, false, true), Math.sqrt(headDim));
  const weights = tf.dropout(tf.softmax(scores), 0.1, undefined, dropoutSeed);
  const merged = tf.reshape(tf.transpose(tf.matMul(weights, v!), [0, 2, 1, 3]), [s.batch, s.tokens, s.width]);
  return dense(merged, p.wo!);
}

function textFeatures(p: Params, tokens: tf.Tensor2D, s: MixedSizes): tf.Tensor {
  let x = tf.add(tf.gather(p.embedding!, tokens), p.position!);
  x = tf.add(x, attention(layerNorm(x, p.ln1Gamma!, p.ln1Beta!), p, s, 5));
  const hidden = tf.tanh(dense(layerNorm(x, p.ln2Gamma!, p.ln2Beta!), p.mlp1!, p.mlp1Bias!));
  x = tf.add(x, dense(hidden, p.mlp2!));
  return tf.mean(x, 1);
}

function imageFeatures(p: Params, images: tf.Tensor4D): tf.Tensor {
  let h = tf.relu(tf.add(tf.conv2d(images, p.conv1 as tf.Tensor4D, 1, "same"), p.conv1Bias!)) as tf.Tensor4D;
  h = tf.maxPool(h, 2, 2, "same");
  h = tf.relu(tf.conv2d(h, p.conv2 as tf.Tensor4D, [2, 1], "valid"));
  h = tf.avgPool(h, [2, 2], 1, "valid");
  return tf.mean(h, [1, 2]);
}

/** Mean softmax cross-entropy of the class logits. */
export function mixedLoss(p: Params, inputs: ReturnType<typeof mixedInputs>, s: MixedSizes): tf.Scalar {
  const features = tf.concat([textFeatures(p, inputs.tokens, s), imageFeatures(p, inputs.images)], 1);
  const logits = tf.add(tf.matMul(features, p.head!), p.headBias!);
  return tf.losses.softmaxCrossEntropy(tf.oneHot(inputs.labels, s.classes), logits) as tf.Scalar;
}
