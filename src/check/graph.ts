// Builds the IR graph while checking: one node per primitive op, with its shape and params.
import type { IRNode, IRParam, IRScope } from "../ir/ir.js";
import { paramSize } from "../ir/ir.js";
import type { OpCall } from "../ir/ops.js";
import type { Dim, DType } from "../ir/shape.js";
import type { Span } from "../source/source.js";

export interface NodeInit {
  inputs: number[];
  shape: Dim[];
  dtype?: DType;
  params?: IRParam[];
  span: Span;
  file: string;
  label: string;
  tower: string;
  depth: number;
  scope?: number | undefined;
}

export class GraphBuilder {
  readonly nodes: IRNode[] = [];
  readonly scopes: IRScope[] = [];
  /** Block calls with `from` (scope ids) and where the path is written, for the weight check. */
  readonly pretrainedCalls: { scope: number; span: Span; tower: string }[] = [];

  addScope(s: Omit<IRScope, "id" | "parent"> & { parent?: number | undefined }): number {
    const id = this.scopes.length;
    const { parent, ...rest } = s;
    this.scopes.push({ id, ...rest, ...(parent !== undefined ? { parent } : {}) });
    return id;
  }

  /** Adds `call` (an op with its attributes) as the next node; returns its id. */
  add(call: OpCall, n: NodeInit): number {
    const params = n.params ?? [];
    const id = this.nodes.length;
    this.nodes.push({
      id,
      ...call,
      inputs: n.inputs,
      shape: n.shape,
      dtype: n.dtype ?? "float32",
      params,
      paramCount: params.reduce((s, p) => s + paramSize(p), 0),
      span: n.span,
      file: n.file,
      label: n.label,
      tower: n.tower,
      depth: n.depth,
      ...(n.scope !== undefined ? { scope: n.scope } : {}),
    });
    return id;
  }
}
