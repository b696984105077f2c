// What each op costs and how it behaves, in one table that the FLOP count of the bench, the
// playground's memory budget and the parallel balancer all read, so a new op is described
// once (tsc asks for its row).
import type { IRNode, IRNodeOf, IRProgram } from "./ir.js";
import type { Op } from "./ops.js";
import { elementCount } from "./shape.js";

export interface Workspace {
  /** Floats per batch item a training step holds besides the node's output and its gradient. */
  train: number;
  /** Floats per item an evaluation pass holds besides the output. */
  eval: number;
}

export interface OpFacts<K extends Op> {
  /** Forward FLOPs of the node's matrix products for `batch` items (a multiply-add is 2). */
  flops(node: IRNodeOf<K>, ir: IRProgram, batch: number): number;
  /** Temporary buffers beyond the output: conv's im2col, attention's score matrices. */
  workspace(node: IRNodeOf<K>, ir: IRProgram): Workspace;
  /** Whether training draws random numbers here (so outputs depend on the draws). */
  random(node: IRNodeOf<K>): boolean;
  /** Whether an item's training output depends on the other items of the batch. */
  batchStatistics(node: IRNodeOf<K>): boolean;
}

const NONE: Workspace = { train: 0, eval: 0 };

/** Size of axis `i`, with the batch axis counted as `batch`. */
export function axisSize(node: IRNode, i: number, batch: number): number {
  return node.shape[i]?.size ?? batch;
}

/** Rows a last-axis operation is applied to: every axis of the output but the last. */
export function rowCount(node: IRNode, batch: number): number {
  let n = 1;
  for (let i = 0; i < node.shape.length - 1; i++) n *= axisSize(node, i, batch);
  return n;
}

function lastAxis(node: IRNode): number {
  return node.shape[node.shape.length - 1]!.size ?? 1;
}

function inputOf(node: IRNode, ir: IRProgram, i = 0): IRNode {
  return ir.nodes[node.inputs[i]!]!;
}

/** Our composed conv filter gradient builds im2col of the input: k*k*Cin values per output pixel (twice: it and its transpose). */
function im2colWorkspace(node: IRNode, ir: IRProgram, window: number): Workspace {
  const outPixels = elementCount(node.shape) / lastAxis(node);
  return { train: outPixels * window * lastAxis(inputOf(node, ir)) * 2, eval: 0 };
}

function attentionFlops(node: IRNodeOf<"attention" | "cross_attention" | "attention_pool">, ir: IRProgram, batch: number): number {
  const keys = inputOf(node, ir, node.op === "cross_attention" ? 1 : 0);
  const d = lastAxis(node);
  const e = lastAxis(keys);
  const lk = axisSize(keys, 1, batch);
  const lq = node.op === "attention_pool" ? 1 : axisSize(node, 1, batch);
  const b = axisSize(node, 0, batch);
  const projections = 2 * b * (lq * d * d * 2 + lk * e * d * 2);
  const scoresAndMix = 2 * 2 * b * lq * lk * d;
  return projections + scoresAndMix;
}

/** Scores and their softmax, kept for the backward pass, per head. */
function attentionWorkspace(node: IRNodeOf<"attention" | "cross_attention" | "attention_pool">, ir: IRProgram): Workspace {
  const keys = inputOf(node, ir, node.op === "cross_attention" ? 1 : 0);
  const lq = node.op === "attention_pool" ? 1 : (node.shape[1]?.size ?? 1);
  const lk = keys.shape[1]?.size ?? 1;
  const scores = lq * lk * node.attrs.heads;
  return { train: scores * 4, eval: scores };
}

const cheap = <K extends Op>(extra: Partial<OpFacts<K>> = {}): OpFacts<K> => ({
  flops: () => 0,
  workspace: () => NONE,
  random: () => false,
  batchStatistics: () => false,
  ...extra,
});

export const OP_FACTS: { [K in Op]: OpFacts<K> } = {
  input: cheap(),
  conv2d: cheap<"conv2d">({
    flops: (n, ir, batch) => 2 * rowCount(n, batch) * n.attrs.kernel[0] * n.attrs.kernel[1] * lastAxis(inputOf(n, ir)) * n.attrs.filters,
    workspace: (n, ir) => im2colWorkspace(n, ir, n.attrs.kernel[0] * n.attrs.kernel[1]),
  }),
  max_pool: cheap(),
  avg_pool: cheap(),
  // The output is already [B, patches, D]: its rows are the conv's output pixels.
  patch_embed: cheap<"patch_embed">({
    flops: (n, ir, batch) => 2 * rowCount(n, batch) * n.attrs.size * n.attrs.size * lastAxis(inputOf(n, ir)) * n.attrs.dim,
    workspace: (n, ir) => im2colWorkspace(n, ir, n.attrs.size * n.attrs.size),
  }),
  augment: cheap({ random: () => true }),
  dense: cheap<"dense">({ flops: (n, ir, batch) => 2 * rowCount(n, batch) * lastAxis(inputOf(n, ir)) * n.attrs.units }),
  activation: cheap(),
  dropout: cheap<"dropout">({ random: (n) => n.attrs.rate > 0 }),
  layer_norm: cheap(),
  batch_norm: cheap({ batchStatistics: () => true }),
  reduce: cheap(),
  reshape: cheap(),
  embed: cheap(),
  positional: cheap(),
  attention: cheap<"attention">({ flops: attentionFlops, workspace: attentionWorkspace }),
  cross_attention: cheap<"cross_attention">({ flops: attentionFlops, workspace: attentionWorkspace }),
  attention_pool: cheap<"attention_pool">({ flops: attentionFlops, workspace: attentionWorkspace }),
  add: cheap(),
  concat: cheap(),
  // gate = sigmoid([a, b] W + c): a [2D, D] projection per row.
  gated: cheap<"gated">({ flops: (n, _ir, batch) => 2 * rowCount(n, batch) * 2 * lastAxis(n) * lastAxis(n) }),
  // A loaded model's cost is not counted (its layers are not the IR's). It draws random numbers
  // and uses batch statistics in training where its layers do, unless frozen (run as at inference).
  tfjs_model: cheap<"tfjs_model">({
    random: (n) => !n.attrs.frozen && n.attrs.layers.some((l) => RANDOM_LAYERS.has(l)),
    batchStatistics: (n) => !n.attrs.frozen && n.attrs.layers.includes("BatchNormalization"),
  }),
};

/** Keras layer classes that draw random numbers while training. */
const RANDOM_LAYERS = new Set(["Dropout", "SpatialDropout1D", "SpatialDropout2D", "AlphaDropout", "GaussianDropout", "GaussianNoise"]);

/** The facts row of a node's own op. */
export function factsOf<K extends Op>(node: IRNodeOf<K>): OpFacts<K> {
  return OP_FACTS[node.op];
}

export function nodeFlops(node: IRNode, ir: IRProgram, batch: number): number {
  return factsOf(node).flops(node, ir, batch);
}

export function nodeWorkspace(node: IRNode, ir: IRProgram): Workspace {
  return factsOf(node).workspace(node, ir);
}

export function usesRandomness(node: IRNode): boolean {
  return factsOf(node).random(node);
}

export function usesBatchStatistics(node: IRNode): boolean {
  return factsOf(node).batchStatistics(node);
}
