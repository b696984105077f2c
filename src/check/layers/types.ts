// What every layer family provides: a signature and a pure shape rule (no tfjs here).
import type { BoundArgs, CallLike, Signature } from "../../common/arg-schema.js";
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { IRParam } from "../../ir/ir.js";
import type { OpCall } from "../../ir/ops.js";
import type { Dim, DType, TensorType } from "../../ir/shape.js";
import type { SourceFile, Span } from "../../source/source.js";
import type { LoadTfjsModel } from "../tfjs-model-info.js";

/** Where a value's current shape came from, for secondary labels ("keeps the spatial axes"). */
export interface Origin {
  span: Span;
  what: string;
  file: SourceFile;
}

export interface Flow {
  type: TensorType;
  node: number;
  origin: Origin;
  /** The tokens input whose padding masks this sequence, if any. */
  maskFrom?: number;
  /** Vocabulary size when this flow is token ids. */
  vocab?: number;
}

export interface LayerCtx {
  input: Flow;
  args: BoundArgs;
  call: CallLike;
  bag: DiagnosticBag;
  /** Another encoder's or head's output, for cross-attention. */
  tower(name: string, span: Span): Flow | undefined;
  /** Reads a `tfjs_model` file; absent where no file can be read (the playground). */
  loadTfjsModel?: LoadTfjsModel | undefined;
  /** `frozen` written after the call (for the layers whose `options` list it). */
  frozen?: boolean;
}

export interface LayerResult {
  /** The IR node this layer adds: its op and that op's attributes. */
  node: OpCall;
  dims: Dim[];
  dtype?: DType;
  params?: IRParam[];
  extraInputs?: number[];
  /** Whether the padding mask still lines up with the output's sequence axis. */
  keepsMask?: boolean;
  /** Short description of what this layer did to the shape, for later secondary labels. */
  effect?: string;
}

export interface LayerDef extends Signature {
  doc: string;
  /** Words a call of this layer may take after it, as a tower takes after its header. */
  options?: readonly "frozen"[];
  infer(ctx: LayerCtx): LayerResult | undefined;
}

export function weight(name: string, shape: number[]): IRParam {
  return { name, shape, init: "glorot_uniform" };
}

export function bias(name: string, size: number): IRParam {
  return { name, shape: [size], init: "zeros", noDecay: true };
}
