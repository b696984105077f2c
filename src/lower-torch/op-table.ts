// One PyTorch lowering per IR op: the Python expression computing the node (calling ops.py),
// and the torch layout of each parameter that differs from tfjs's. Keyed by Op, so tsc asks
// for every new op. Every op of the IR lowers but `tfjs_model`, refused before export.
import type { IRNodeOf } from "../ir/ir.js";
import type { Op, Pair } from "../ir/ops.js";
import { CompilerBug } from "../ir/verify.js";

/** How a tfjs parameter becomes its torch counterpart. */
export type Layout =
  /** conv kernel [H, W, in, out] -> nn.Conv2d's [out, in, H, W] */
  | "hwio_to_oihw"
  /** matrix [in, out] -> nn.Linear's [out, in] */
  | "in_out_to_out_in";

/** What an op's Python line may refer to. */
export interface PyNodeRefs {
  /** The value of the node's i-th input, or `None` when it has none. */
  input(i: number): string;
  /** The node's parameter `name` (`self.n3["kernel"]`), or `None` when the node lacks it. */
  param(name: string): string;
  /** The batch-norm running statistic `mean` or `variance`. */
  stat(name: "mean" | "variance"): string;
}

export interface TorchOp<K extends Op> {
  expr(node: IRNodeOf<K>, r: PyNodeRefs): string;
  layouts?: Record<string, Layout>;
}

const str = (s: string) => JSON.stringify(s);
const pair = (p: Pair) => `(${p[0]}, ${p[1]})`;
const ATTENTION_WEIGHTS: Record<string, Layout> = { wq: "in_out_to_out_in", wk: "in_out_to_out_in", wv: "in_out_to_out_in", wo: "in_out_to_out_in" };
const ATTENTION_PARAMS = ["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo"];
const attentionParams = (r: PyNodeRefs, extra: string[] = []) => `{${[...extra, ...ATTENTION_PARAMS].map((n) => `${str(n)}: ${r.param(n)}`).join(", ")}}`;

export const TORCH_OPS: { [K in Op]: TorchOp<K> } = {
  input: { expr: (n) => `feeds[${str(n.attrs.name)}]` },
  conv2d: {
    expr: (n, r) => `ops.conv2d(${r.input(0)}, ${r.param("kernel")}, ${r.param("bias")}, stride=${pair(n.attrs.stride)}, dilation=${pair(n.attrs.dilation)}, padding=${str(n.attrs.padding)}, activation=${str(n.attrs.activation)})`,
    layouts: { kernel: "hwio_to_oihw" },
  },
  max_pool: { expr: (n, r) => `ops.max_pool(${r.input(0)}, ${pair(n.attrs.size)}, ${pair(n.attrs.stride)}, ${str(n.attrs.padding)})` },
  avg_pool: { expr: (n, r) => `ops.avg_pool(${r.input(0)}, ${pair(n.attrs.size)}, ${pair(n.attrs.stride)}, ${str(n.attrs.padding)})` },
  patch_embed: {
    expr: (n, r) => `ops.patch_embed(${r.input(0)}, ${r.param("kernel")}, ${r.param("bias")}, ${n.attrs.size})`,
    layouts: { kernel: "hwio_to_oihw" },
  },
  augment: { expr: (n, r) => `ops.augment(${r.input(0)}, crop=${n.attrs.crop}, flip=${n.attrs.flip ? "True" : "False"}, jitter=${n.attrs.jitter}, training=self.training)` },
  dense: {
    expr: (n, r) => `ops.dense(${r.input(0)}, ${r.param("kernel")}, ${r.param("bias")}, ${str(n.attrs.activation)})`,
    layouts: { kernel: "in_out_to_out_in" },
  },
  activation: { expr: (n, r) => `ops.activate(${r.input(0)}, ${str(n.attrs.activation)})` },
  dropout: { expr: (n, r) => `F.dropout(${r.input(0)}, ${n.attrs.rate}, self.training)` },
  layer_norm: { expr: (n, r) => `ops.layer_norm(${r.input(0)}, ${r.param("gamma")}, ${r.param("beta")}, ${n.attrs.epsilon})` },
  batch_norm: {
    expr: (n, r) => `ops.batch_norm(${r.input(0)}, ${r.param("gamma")}, ${r.param("beta")}, ${r.stat("mean")}, ${r.stat("variance")}, ${n.attrs.momentum}, ${n.attrs.epsilon}, self.training)`,
  },
  reduce: { expr: (n, r) => `ops.reduce(${r.input(0)}, ${str(n.attrs.reduction)}, (${n.attrs.axes.join(", ")},))` },
  reshape: { expr: (n, r) => `${r.input(0)}.reshape(-1, ${n.attrs.to.join(", ")})` },
  embed: { expr: (_n, r) => `${r.param("table")}[${r.input(0)}.long()]` },
  positional: { expr: (_n, r) => `${r.input(0)} + ${r.param("table")}` },
  attention: {
    expr: (n, r) => `ops.multi_head_attention(${r.input(0)}, ${r.input(0)}, ${attentionParams(r)}, ${n.attrs.heads}, key_tokens=${r.input(1)}, causal=${n.attrs.causal ? "True" : "False"})`,
    layouts: ATTENTION_WEIGHTS,
  },
  cross_attention: {
    expr: (n, r) => `ops.multi_head_attention(${r.input(0)}, ${r.input(1)}, ${attentionParams(r)}, ${n.attrs.heads}, key_tokens=${r.input(2)})`,
    layouts: ATTENTION_WEIGHTS,
  },
  attention_pool: {
    expr: (n, r) => `ops.attention_pool(${r.input(0)}, ${attentionParams(r, ["query"])}, ${n.attrs.heads}, key_tokens=${r.input(1)})`,
    layouts: ATTENTION_WEIGHTS,
  },
  add: { expr: (n, r) => n.inputs.map((_, i) => r.input(i)).join(" + ") },
  concat: { expr: (n, r) => `torch.cat([${n.inputs.map((_, i) => r.input(i)).join(", ")}], -1)` },
  // Refused before export (MM4014, src/lower-torch/refusals.ts): tfjs runs a loaded model, PyTorch has no counterpart.
  tfjs_model: {
    expr: (n) => {
      throw new CompilerBug(`\`${n.label}\` reached the PyTorch lowering, which refuses tfjs models before it starts`);
    },
  },
  gated: {
    expr: (_n, r) => `ops.gated(${r.input(0)}, ${r.input(1)}, ${r.param("kernel")}, ${r.param("bias")})`,
    layouts: { kernel: "in_out_to_out_in" },
  },
};

/** The Python expression of one node (the table is keyed by the node's own op). */
export function nodeExpr<K extends Op>(node: IRNodeOf<K>, refs: PyNodeRefs): string {
  const op: TorchOp<K> = TORCH_OPS[node.op];
  return op.expr(node, refs);
}

export function paramLayout(node: IRNodeOf, param: string): Layout | undefined {
  const op: TorchOp<Op> = TORCH_OPS[node.op] as TorchOp<Op>;
  return op.layouts?.[param];
}
