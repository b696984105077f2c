// One tfjs implementation per IR op. No shape logic here: the IR decided every shape, and
// the model asserts that tfjs agrees after each node.
import * as tf from "@tensorflow/tfjs";
import type { IRNodeOf } from "../ir/ir.js";
import type { Activation, Op } from "../ir/ops.js";
import type { Rng } from "../common/random.js";
import { activate, fusable } from "./activations.js";
import { multiHeadAttention, type AttentionParams } from "./attention.js";
import { augmentBatch } from "./augment.js";
import { CompilerBug } from "../ir/verify.js";
import { runTfjsModel, type BuiltTfjsModel } from "./tfjs-model-node.js";

export interface OpContext {
  training: boolean;
  rng: Rng;
  /** Running statistics of batch_norm nodes (not trained by gradients). */
  stats: Map<string, tf.Variable>;
  /** The tfjs models `tfjs_model` nodes run, by node id; their weights are the node's params. */
  tfjsModels: ReadonlyMap<number, BuiltTfjsModel>;
}

export type OpImpl<K extends Op> = (node: IRNodeOf<K>, inputs: tf.Tensor[], params: Record<string, tf.Tensor>, ctx: OpContext) => tf.Tensor;

/** One implementation per op but `input` (fed, not computed); tsc asks for every new op. */
export type OpTable = { [K in Exclude<Op, "input">]: OpImpl<K> };

const attn = (p: Record<string, tf.Tensor>) => p as unknown as AttentionParams;

function denseLast(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined, activation: Activation): tf.Tensor {
  const inSize = x.shape[x.shape.length - 1]!;
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inSize]) as tf.Tensor2D;
  const fused = fusable(activation);
  let y: tf.Tensor = fused
    ? tf.fused.matMul({ a: flat, b: kernel as tf.Tensor2D, ...(bias ? { bias } : {}), activation: fused })
    : activate(bias ? tf.add(tf.matMul(flat, kernel as tf.Tensor2D), bias) : tf.matMul(flat, kernel as tf.Tensor2D), activation);
  if (x.rank !== 2) y = tf.reshape(y, [...x.shape.slice(0, -1), kernel.shape[1]!]);
  return y;
}

export const OPS: OpTable = {
  conv2d(node, [x], p) {
    const a = node.attrs;
    const fused = fusable(a.activation);
    if (fused) {
      return tf.fused.conv2d({ x: x as tf.Tensor4D, filter: p["kernel"] as tf.Tensor4D, strides: a.stride, pad: a.padding, dilations: a.dilation, ...(p["bias"] ? { bias: p["bias"] } : {}), activation: fused });
    }
    const y = tf.conv2d(x as tf.Tensor4D, p["kernel"] as tf.Tensor4D, a.stride, a.padding, "NHWC", a.dilation);
    return activate(p["bias"] ? tf.add(y, p["bias"]) : y, a.activation);
  },
  max_pool(node, [x]) {
    const a = node.attrs;
    return tf.maxPool(x as tf.Tensor4D, a.size, a.stride, a.padding);
  },
  avg_pool(node, [x]) {
    const a = node.attrs;
    return tf.avgPool(x as tf.Tensor4D, a.size, a.stride, a.padding);
  },
  patch_embed(node, [x], p) {
    const size = node.attrs.size;
    const y = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: p["kernel"] as tf.Tensor4D, strides: size, pad: "valid", bias: p["bias"]! });
    return tf.reshape(y, [y.shape[0]!, y.shape[1]! * y.shape[2]!, y.shape[3]!]);
  },
  augment(node, [x], _p, ctx) {
    return ctx.training ? augmentBatch(x as tf.Tensor4D, node.attrs, ctx.rng) : x;
  },
  dense(node, [x], p) {
    return denseLast(x!, p["kernel"]!, p["bias"], node.attrs.activation);
  },
  activation(node, [x]) {
    return activate(x!, node.attrs.activation);
  },
  dropout(node, [x], _p, ctx) {
    const rate = node.attrs.rate;
    if (!ctx.training || rate === 0) return x!;
    return tf.dropout(x!, rate, undefined, ctx.rng.int(2 ** 31));
  },
  layer_norm(node, [x], p) {
    const { mean, variance } = tf.moments(x!, -1, true);
    const norm = tf.mul(tf.sub(x!, mean), tf.rsqrt(tf.add(variance, node.attrs.epsilon)));
    return tf.add(tf.mul(norm, p["gamma"]!), p["beta"]!);
  },
  batch_norm(node, [x], p, ctx) {
    const axes = x!.shape.slice(0, -1).map((_, i) => i);
    const eps = node.attrs.epsilon;
    const runMean = ctx.stats.get(`${node.id}/mean`)!;
    const runVar = ctx.stats.get(`${node.id}/variance`)!;
    let mean: tf.Tensor = runMean;
    let variance: tf.Tensor = runVar;
    if (ctx.training) {
      const m = tf.moments(x!, axes);
      mean = m.mean;
      variance = m.variance;
      const momentum = node.attrs.momentum;
      runMean.assign(tf.add(tf.mul(runMean, momentum), tf.mul(mean, 1 - momentum)));
      runVar.assign(tf.add(tf.mul(runVar, momentum), tf.mul(variance, 1 - momentum)));
    }
    return tf.batchNorm(x!, mean, variance, p["beta"], p["gamma"], eps);
  },
  reduce(node, [x]) {
    const axes = node.attrs.axes;
    const kind = node.attrs.reduction;
    return kind === "mean" ? tf.mean(x!, axes) : kind === "sum" ? tf.sum(x!, axes) : tf.max(x!, axes);
  },
  reshape(node, [x]) {
    return tf.reshape(x!, [-1, ...node.attrs.to]);
  },
  embed(_node, [tokens], p) {
    return tf.gather(p["table"]!, tokens as tf.Tensor2D);
  },
  positional(_node, [x], p) {
    return tf.add(x!, p["table"]!);
  },
  attention(node, inputs, p) {
    const [x, tokens] = inputs;
    return multiHeadAttention(x!, x!, attn(p), node.attrs.heads, tokens, node.attrs.causal);
  },
  cross_attention(node, inputs, p) {
    const [x, other, tokens] = inputs;
    return multiHeadAttention(x!, other!, attn(p), node.attrs.heads, tokens);
  },
  attention_pool(node, inputs, p) {
    const [x, tokens] = inputs;
    const batch = x!.shape[0]!;
    const query = tf.tile(tf.expandDims(p["query"]!, 0), [batch, 1, 1]);
    const pooled = multiHeadAttention(query, x!, attn(p), node.attrs.heads, tokens);
    return tf.reshape(pooled, [batch, x!.shape[2]!]);
  },
  add(_node, inputs) {
    return inputs.slice(1).reduce((acc, t) => tf.add(acc, t), inputs[0]!);
  },
  concat(_node, inputs) {
    return tf.concat(inputs, -1);
  },
  tfjs_model(node, [x], p, ctx) {
    const built = ctx.tfjsModels.get(node.id);
    if (!built) throw new CompilerBug(`\`${node.label}\` has no tfjs model built`);
    return runTfjsModel(built, x!, p, ctx.training);
  },
  gated(_node, [a, b], p) {
    const gate = tf.sigmoid(tf.add(tf.matMul(tf.concat([a!, b!], -1) as tf.Tensor2D, p["kernel"] as tf.Tensor2D), p["bias"]!));
    return tf.add(tf.mul(gate, a!), tf.mul(tf.sub(1, gate), b!));
  },
};


/** Runs one computed node with its op's implementation (the table is keyed by the node's own op). */
export function runOp<K extends Exclude<Op, "input">>(node: IRNodeOf<K>, inputs: tf.Tensor[], params: Record<string, tf.Tensor>, ctx: OpContext): tf.Tensor {
  const impl: OpImpl<K> = OPS[node.op];
  return impl(node, inputs, params, ctx);
}
