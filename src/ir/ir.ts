// The checked program: a flat graph of primitive ops in topological order. Blocks, repeat
// and residual are already expanded; every node carries its resolved shape, its parameters
// and the span it came from. Lowering trusts these shapes and only asserts agreement.
import type { Dim, DType } from "./shape.js";
import type { Span } from "../source/source.js";
import type { LossCall, LossKind } from "./losses.js";
import type { Op, OpAttrs } from "./ops.js";
import type { BatchMode, OptimizerSettings, ScheduleSettings } from "./train.js";

export type ParamInit = "glorot_uniform" | "zeros" | "ones" | "embedding" | "positional" | "query" | "file";

export interface IRParam {
  name: string;
  shape: number[];
  init: ParamInit;
  /** Excluded from weight decay (biases, norms, scales). */
  noDecay?: boolean;
  /** Never moved by a gradient: state a loaded model's layer keeps (batch norm's moving statistics). */
  fixed?: boolean;
}

interface IRNodeBase {
  id: number;
  inputs: number[];
  shape: Dim[];
  dtype: DType;
  params: IRParam[];
  paramCount: number;
  /** The layer call (or construct) this node came from, and its text for summaries. */
  span: Span;
  file: string;
  label: string;
  tower: string;
  /** Nesting inside repeat/residual/block, for indented summaries. */
  depth: number;
  /** The innermost repeat pass, residual or block call this node was expanded in (an id in `scopes`). */
  scope?: number;
}

/** A node of one op (`IRNodeOf<"dense">`), or of any op: a union discriminated by `op`. */
export type IRNodeOf<K extends Op = Op> = { [P in K]: IRNodeBase & { op: P; attrs: OpAttrs[P] } }[K];
export type IRNode = IRNodeOf;

/** A construct that groups nodes in summaries: one pass of `repeat`, a `residual`, a block call. */
export interface IRScope {
  id: number;
  kind: "repeat" | "residual" | "block";
  /** The header line summaries print, such as `repeat 2 (pass 1 of 2)` or `transformer(64, 4)`. */
  label: string;
  parent?: number;
  /** Depth of the header line; the nodes inside are deeper. */
  depth: number;
  span: Span;
  file: string;
  /** A block call's initial weights from an earlier run (`transformer(64) from "runs/pre/model"`). */
  pretrained?: TowerPretrained;
}

export interface IRInput {
  name: string;
  kind: "image" | "tokens" | "labels";
  node: number;
  vocab?: number;
  classes?: number;
}

/**
 * How training treats a tower's weights. Frozen: no gradient, no optimizer slots, and its
 * layers run as at inference (no dropout; batch norm uses its running statistics and keeps
 * them). Scaled: trained, every update at `lrScale` times the spec's learning rate.
 */
export type TowerUpdate = { kind: "frozen" } | { kind: "scaled"; lrScale: number };

/**
 * Initial weights read from the tower of the same name in an earlier run's `model/` folder
 * (for a block call: from the same call of that block in that tower), matched by name and
 * shape (see weight-names.ts).
 */
export interface TowerPretrained {
  /** The folder as the spec writes it, relative to the spec's folder. */
  from: string;
}

export interface IRTower {
  name: string;
  role: "encoder" | "head";
  output: number;
  /** First and last node ids belonging to this tower's body (inclusive), for summaries. */
  firstNode: number;
  lastNode: number;
  paramCount: number;
  span: Span;
  /** Absent: trained at the spec's learning rate. */
  update?: TowerUpdate;
  /** Absent: initialised from the spec's seed. */
  pretrained?: TowerPretrained;
}

interface IRLossTermBase {
  weight: number;
  inputs: number[];
  params: IRParam[];
  paramCount: number;
  span: Span;
}

/** One weighted term of the loss: a union discriminated by `kind`, each with its settings. */
export type IRLossTerm = { [K in LossKind]: IRLossTermBase & LossCall<K> }[LossKind];

export interface IRTrain {
  optimizer: OptimizerSettings;
  schedule: ScheduleSettings;
  batch: number;
  epochs?: number;
  steps?: number;
  clip?: number;
  seed: number;
  batches: BatchMode;
  evalEvery?: number;
  timeLimit?: number;
}

export interface IREvaluate {
  kind: "retrieval" | "accuracy" | "zero_shot";
  inputs: number[];
  /** Recall cut-offs (retrieval) or top-k accuracies (zero_shot: [1, 5]). */
  k: number[];
  /** zero_shot only: prompt templates, `{}` standing for a class name. */
  templates?: string[];
  span: Span;
}

export interface IRData {
  kind: string;
  args: Record<string, unknown>;
  /** Items per swap group when the data set is built from groups (`batches: groups` fills batches with whole ones). */
  groupSize?: number;
  span: Span;
}

export interface IRProgram {
  version: 2;
  model: string;
  source: string;
  data: IRData;
  inputs: IRInput[];
  nodes: IRNode[];
  /** Groups of nodes for summaries (repeat passes, residuals, block calls); nodes point into it. */
  scopes?: IRScope[];
  towers: IRTower[];
  loss: IRLossTerm[];
  train: IRTrain;
  evaluate: IREvaluate[];
  /** Parameters of the model's layers (what the seed example counts). */
  paramCount: number;
  /** Learnable scalars of the loss (logit scale, bias), counted apart. */
  lossParamCount: number;
}

export function paramSize(p: IRParam): number {
  return p.shape.reduce((a, b) => a * b, 1);
}
