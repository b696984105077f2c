// The primitive ops of the IR and the attributes each carries: the contract every lowering
// (tfjs, PyTorch) implements. Adding an op here makes tsc ask each lowering and the facts
// table for it.

export const ACTIVATIONS = ["relu", "gelu", "tanh", "sigmoid", "silu", "leaky_relu", "elu", "softplus", "linear", "none"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const PADDINGS = ["same", "valid"] as const;
export type Padding = (typeof PADDINGS)[number];

export const REDUCTIONS = ["mean", "sum", "max"] as const;
export type Reduction = (typeof REDUCTIONS)[number];

export type Pair = [number, number];

export interface PoolAttrs {
  size: Pair;
  stride: Pair;
  padding: Padding;
}

export interface AttentionAttrs {
  heads: number;
  /** The tokens input whose padding masks the keys, or null when nothing is padded. */
  mask: number | null;
}

/** Attributes by op. Every op of the IR is a key here, and nothing else is. */
export interface OpAttrs {
  input: { name: string; kind: "image" | "tokens" | "labels" };
  conv2d: { filters: number; kernel: Pair; stride: Pair; dilation: Pair; padding: Padding; activation: Activation };
  max_pool: PoolAttrs;
  avg_pool: PoolAttrs;
  patch_embed: { size: number; dim: number };
  augment: { crop: number; flip: boolean; jitter: number };
  dense: { units: number; activation: Activation };
  activation: { activation: Activation };
  dropout: { rate: number };
  layer_norm: { epsilon: number };
  batch_norm: { momentum: number; epsilon: number };
  reduce: { reduction: Reduction; axes: number[] };
  /** The shape after the batch axis. */
  reshape: { to: number[] };
  embed: { vocab: number; dim: number };
  positional: Record<string, never>;
  attention: AttentionAttrs & { causal: boolean };
  cross_attention: AttentionAttrs;
  attention_pool: AttentionAttrs;
  add: Record<string, never>;
  concat: Record<string, never>;
  gated: Record<string, never>;
  /**
   * A tfjs LayersModel or GraphModel read from `path` (a model.json, relative to the spec's
   * folder) and kept whole: `topology` is its modelTopology (null where the checker could not
   * read the file), its float weights are the node's params (`conv2d_1/kernel`), `layers` its
   * Keras classes or graph ops. A GraphModel is always frozen; its weights that are not floats
   * (shape vectors, indices: structure rather than weights) are `constants`, with their values.
   */
  tfjs_model: {
    path: string;
    format: "layers" | "graph";
    frozen: boolean;
    layers: string[];
    topology: object | null;
    constants?: TfjsConstant[];
    /** A GraphModel's signature (its inputs' and outputs' names), as model.json gives it. */
    signature?: object;
  };
}

export interface TfjsConstant {
  name: string;
  dtype: "int32" | "bool";
  shape: number[];
  values: number[];
}

export type Op = keyof OpAttrs;

/** An op with its attributes, as a layer rule returns it: `{ op: "dense", attrs: {...} }`. */
export type OpCall<K extends Op = Op> = { [P in K]: { op: P; attrs: OpAttrs[P] } }[K];

// A record keyed by Op, so tsc fails when an op is added above and not listed here.
const EVERY_OP: { [K in Op]: true } = {
  input: true, conv2d: true, max_pool: true, avg_pool: true, patch_embed: true, augment: true, dense: true, activation: true,
  dropout: true, layer_norm: true, batch_norm: true, reduce: true, reshape: true, embed: true, positional: true,
  attention: true, cross_attention: true, attention_pool: true, add: true, concat: true, gated: true, tfjs_model: true,
};

export const OP_NAMES = Object.keys(EVERY_OP) as readonly Op[];

export function isOp(name: string): name is Op {
  return Object.hasOwn(EVERY_OP, name);
}
