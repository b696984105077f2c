// Token sequences: embedding lookup and learned positions.
import { BATCH, describeKind, dim, formatShape, type Dim } from "../../ir/shape.js";
import { requireSequence, secondary } from "./require.js";
import type { LayerDef } from "./types.js";

const embed: LayerDef = {
  name: "embed",
  doc: "looks up a learned vector for every token id: [B, L] -> [B, L, D]",
  args: [{ name: "dim", type: { t: "int", min: 1 }, positional: true, required: true, doc: "features per token" }],
  infer(ctx) {
    const t = ctx.input.type;
    if (t.dtype !== "int32" || t.dims.length !== 2 || ctx.input.vocab === undefined) {
      ctx.bag.error("MM3009", `\`embed\` needs token ids [B, L] but gets ${describeKind(t)} ${formatShape(t.dims)}`, ctx.call.span, "expects token ids", {
        secondary: secondary(ctx),
        help: "`embed` goes first in a text encoder, right on a `Tokens` input",
      });
      return undefined;
    }
    const d = ctx.args.get<number>("dim");
    const [, l] = t.dims as [Dim, Dim];
    return {
      node: { op: "embed", attrs: { vocab: ctx.input.vocab, dim: d } },
      dims: [BATCH, l, dim(d, "D")],
      params: [{ name: "table", shape: [ctx.input.vocab, d], init: "embedding" }],
      keepsMask: true,
    };
  },
};

const positional: LayerDef = {
  name: "positional",
  doc: "adds a learned vector per position, so the model can see word order",
  args: [],
  infer(ctx) {
    if (!requireSequence(ctx)) return undefined;
    const [, l, d] = ctx.input.type.dims as [Dim, Dim, Dim];
    return { node: { op: "positional", attrs: {} }, dims: ctx.input.type.dims, params: [{ name: "table", shape: [l.size!, d.size!], init: "positional" }], keepsMask: true };
  },
};

export const SEQUENCE_LAYERS: LayerDef[] = [embed, positional];
