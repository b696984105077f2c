// Attention: multi-head self-attention, cross-attention to another tower, attention pooling.
import { BATCH, divisors, formatShape, type Dim } from "../../ir/shape.js";
import { requireFloat, requireSequence } from "./require.js";
import { bias, weight, type LayerCtx, type LayerDef } from "./types.js";
import type { IRParam } from "../../ir/ir.js";
import type { Span } from "../../source/source.js";

function headsDivide(ctx: LayerCtx, width: number): boolean {
  const heads = ctx.args.get<number>("heads");
  if (width % heads === 0) return true;
  ctx.bag.error("MM3005", `${heads} heads do not divide the width ${width}`, ctx.args.span("heads"), `${width} / ${heads} is not whole`, {
    notes: ["each head gets an equal slice of the features"],
    help: headsHelp(width, heads),
  });
  return false;
}

/** The divisors of `width` nearest to `heads`, below and above. */
export function headsHelp(width: number, heads: number): string {
  const all = divisors(width);
  const below = all.filter((h) => h < heads).pop();
  const above = all.find((h) => h > heads);
  const fits = [below, above].filter((h): h is number => h !== undefined);
  return `use a number of heads that divides ${width}, such as ${fits.join(" or ")}`;
}

function projections(qIn: number, kvIn: number, width: number): IRParam[] {
  return [
    weight("wq", [qIn, width]), bias("bq", width),
    weight("wk", [kvIn, width]), bias("bk", width),
    weight("wv", [kvIn, width]), bias("bv", width),
    weight("wo", [width, width]), bias("bo", width),
  ];
}

const HEADS = { name: "heads", type: { t: "int", min: 1 }, default: 1, positional: true, doc: "number of attention heads; must divide the width" } as const;

const attention: LayerDef = {
  name: "attention",
  doc: "multi-head self-attention over the sequence axis; padded tokens are masked",
  args: [HEADS, { name: "causal", type: { t: "bool" }, default: false, doc: "each position sees only earlier ones" }],
  infer(ctx) {
    if (!requireSequence(ctx)) return undefined;
    const d = ctx.input.type.dims[2]!.size!;
    if (!headsDivide(ctx, d)) return undefined;
    return {
      node: { op: "attention", attrs: { heads: ctx.args.get("heads"), causal: ctx.args.get("causal"), mask: ctx.input.maskFrom ?? null } },
      dims: ctx.input.type.dims,
      params: projections(d, d, d),
      ...(ctx.input.maskFrom !== undefined ? { extraInputs: [ctx.input.maskFrom] } : {}),
      keepsMask: true,
    };
  },
};

const crossAttention: LayerDef = {
  name: "cross_attention",
  doc: "this sequence's positions attend to another encoder's sequence (keys and values)",
  args: [
    { name: "to", type: { t: "name" }, positional: true, required: true, doc: "the encoder or head whose output sequence is attended to" },
    HEADS,
  ],
  infer(ctx) {
    if (!requireSequence(ctx)) return undefined;
    const target = ctx.args.get<{ name: string; span: Span }>("to");
    const other = ctx.tower(target.name, target.span);
    if (!other) return undefined;
    if (!requireFloat(ctx, other.type, `keys (\`${target.name}\`)`)) return undefined;
    if (!requireSequence(ctx, other.type, `keys (\`${target.name}\` is ${formatShape(other.type.dims)})`)) return undefined;
    const d = ctx.input.type.dims[2]!.size!;
    const e = other.type.dims[2]!.size!;
    if (!headsDivide(ctx, d)) return undefined;
    return {
      node: { op: "cross_attention", attrs: { heads: ctx.args.get("heads"), mask: other.maskFrom ?? null } },
      dims: ctx.input.type.dims,
      params: projections(d, e, d),
      extraInputs: [other.node, ...(other.maskFrom !== undefined ? [other.maskFrom] : [])],
      keepsMask: true,
    };
  },
};

const attentionPool: LayerDef = {
  name: "attention_pool",
  doc: "a learned query attends over the sequence and returns one vector: [B, L, D] -> [B, D]",
  args: [HEADS],
  infer(ctx) {
    if (!requireSequence(ctx)) return undefined;
    const dims = ctx.input.type.dims as [Dim, Dim, Dim];
    const d = dims[2].size!;
    if (!headsDivide(ctx, d)) return undefined;
    return {
      node: { op: "attention_pool", attrs: { heads: ctx.args.get("heads"), mask: ctx.input.maskFrom ?? null } },
      dims: [BATCH, dims[2]],
      params: [{ name: "query", shape: [1, d], init: "query" }, ...projections(d, d, d)],
      ...(ctx.input.maskFrom !== undefined ? { extraInputs: [ctx.input.maskFrom] } : {}),
    };
  },
};

export const ATTENTION_LAYERS: LayerDef[] = [attention, crossAttention, attentionPool];
