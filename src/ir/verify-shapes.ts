// Shapes agree along edges: each op's output shape recomputed from its inputs' shapes and
// its attributes, independently of the checker's layer rules, so a rule that drifts from
// what lowering computes is caught here rather than as a tfjs error mid-training.
import type { IRNode } from "./ir.js";
import { windowOutputSize, type Dim } from "./shape.js";

const sizes = (dims: Dim[]) => dims.map((d) => d.size);
const show = (s: (number | null)[]) => `[${s.map((x) => (x === null ? "B" : x)).join(", ")}]`;

/** The output sizes `node` must have given its inputs, or a reason the inputs cannot feed it. */
function expectedSizes(node: IRNode, inputs: IRNode[]): (number | null)[] | string {
  const x = inputs[0] ? sizes(inputs[0].shape) : [];
  const rank = (r: number) => (x.length === r ? undefined : `expects a rank-${r} input, gets ${show(x)}`);
  const arity = (min: number, max = min) => (inputs.length >= min && inputs.length <= max ? undefined : `has ${inputs.length} inputs, expects ${min === max ? min : `${min} to ${max}`}`);
  switch (node.op) {
    case "input":
      return arity(0) ?? sizes(node.shape);
    case "conv2d": {
      const a = node.attrs;
      return arity(1) ?? rank(4) ?? [null, windowOutputSize(x[1]!, a.kernel[0], a.stride[0], a.dilation[0], a.padding), windowOutputSize(x[2]!, a.kernel[1], a.stride[1], a.dilation[1], a.padding), a.filters];
    }
    case "max_pool":
    case "avg_pool": {
      const a = node.attrs;
      return arity(1) ?? rank(4) ?? [null, windowOutputSize(x[1]!, a.size[0], a.stride[0], 1, a.padding), windowOutputSize(x[2]!, a.size[1], a.stride[1], 1, a.padding), x[3]!];
    }
    case "patch_embed": {
      const s = node.attrs.size;
      if (arity(1) ?? rank(4)) return (arity(1) ?? rank(4))!;
      if (x[1]! % s !== 0 || x[2]! % s !== 0) return `patches of ${s} do not tile ${show(x)}`;
      return [null, (x[1]! / s) * (x[2]! / s), node.attrs.dim];
    }
    case "augment":
      return arity(1) ?? rank(4) ?? x;
    case "activation":
    case "dropout":
    case "layer_norm":
    case "batch_norm":
    case "positional":
      return arity(1) ?? x;
    case "dense":
      return arity(1) ?? [...x.slice(0, -1), node.attrs.units];
    case "reduce": {
      const axes = node.attrs.axes;
      if (axes.some((a) => a < 1 || a >= x.length)) return `reduces axes [${axes.join(", ")}] of ${show(x)}`;
      return arity(1) ?? x.filter((_, i) => !axes.includes(i));
    }
    case "reshape": {
      const to = node.attrs.to;
      const count = (s: (number | null)[]) => s.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1);
      if (count(x) !== count([null, ...to])) return `reshapes ${show(x)} to ${show([null, ...to])}, another element count`;
      return arity(1) ?? [null, ...to];
    }
    case "embed":
      if (inputs[0]?.dtype !== "int32") return "embeds an input that is not token ids";
      return arity(1) ?? rank(2) ?? [null, x[1]!, node.attrs.dim];
    case "attention":
      return arity(1, 2) ?? rank(3) ?? x;
    case "cross_attention":
      return arity(2, 3) ?? rank(3) ?? x;
    case "attention_pool":
      return arity(1, 2) ?? rank(3) ?? [null, x[2]!];
    case "add":
    case "gated": {
      if (inputs.length < 2) return `has ${inputs.length} inputs, expects at least 2`;
      const other = inputs.find((i) => show(sizes(i.shape)) !== show(x));
      return other ? `adds ${show(x)} and ${show(sizes(other.shape))}` : x;
    }
    case "tfjs_model":
      // The file decided its output (checked against the declared one); only its arity is the IR's.
      return arity(1) ?? sizes(node.shape);
    case "concat": {
      if (inputs.length < 2) return `has ${inputs.length} inputs, expects at least 2`;
      const last = inputs.reduce((s, i) => s + (i.shape[i.shape.length - 1]!.size ?? 0), 0);
      return [...x.slice(0, -1), last];
    }
  }
}

/** Problems with `node`'s shape given its inputs (empty when it agrees). */
export function verifyNodeShape(node: IRNode, inputs: IRNode[]): string[] {
  const want = expectedSizes(node, inputs);
  if (typeof want === "string") return [want];
  const got = sizes(node.shape);
  return show(got) === show(want) ? [] : [`has shape ${show(got)}, but its op makes ${show(want)} from its inputs`];
}
