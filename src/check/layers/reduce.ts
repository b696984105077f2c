// Layers that drop or merge axes: mean/sum/max over named axes, flatten, reshape.
import { suggestionHelp } from "../../diagnostics/suggest.js";
import { BATCH, dim, elementCount, formatShape, type Dim } from "../../ir/shape.js";
import { requireFloat } from "./require.js";
import type { LayerDef } from "./types.js";
import type { Span } from "../../source/source.js";

function reduce(name: "mean" | "sum" | "max"): LayerDef {
  return {
    name,
    doc: `${name} over the named axes, which are dropped`,
    args: [{ name: "over", type: { t: "axes" }, positional: true, required: true, doc: "axis names, such as `[H, W]` or `L`" }],
    infer(ctx) {
      if (!requireFloat(ctx)) return undefined;
      const dims = ctx.input.type.dims;
      const over = ctx.args.get<{ name: string; span: Span }[]>("over");
      const axes: number[] = [];
      for (const ax of over) {
        const i = dims.findIndex((d, k) => k > 0 && d.name === ax.name);
        if (i < 0) {
          const names = dims.slice(1).map((d) => d.name).filter((n): n is string => !!n);
          const isBatch = ax.name === "B";
          if (isBatch) {
            ctx.bag.error("MM3002", `\`${name}\` cannot reduce the batch axis B`, ax.span, "batch axis", {
              notes: ["each item of the batch is encoded on its own; the losses compare items across the batch"],
              help: over.length > 1 ? "drop `B` from the list" : "reduce another axis, or remove this layer",
            });
            return undefined;
          }
          ctx.bag.error("MM3002", `the input ${formatShape(dims)} has no axis \`${ax.name}\``, ax.span, "no such axis", {
            notes: [names.length ? `its named axes are ${names.map((n) => `\`${n}\``).join(", ")}` : "its axes have no names; name them in the input's type"],
            ...suggestionHelp(ax.name, names),
          });
          return undefined;
        }
        axes.push(i);
      }
      const kept = dims.filter((_, i) => !axes.includes(i));
      return { node: { op: "reduce", attrs: { reduction: name, axes } }, dims: kept, keepsMask: false, effect: "" };
    },
  };
}

const flatten: LayerDef = {
  name: "flatten",
  doc: "merges every axis but the batch into one",
  args: [],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    return { node: { op: "reshape", attrs: { to: [elementCount(ctx.input.type.dims)] } }, dims: [BATCH, dim(elementCount(ctx.input.type.dims))] };
  },
};

const reshape: LayerDef = {
  name: "reshape",
  doc: "reshapes every axis but the batch; the element count must stay the same",
  args: [{ name: "to", type: { t: "ints", min: 1 }, positional: true, required: true, doc: "the new sizes after B, such as `[64, 8]`" }],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    const to = ctx.args.get<number[]>("to");
    const have = elementCount(ctx.input.type.dims);
    const want = to.reduce((a, b) => a * b, 1);
    if (have !== want) {
      ctx.bag.error("MM3013", `\`reshape\` to [B, ${to.join(", ")}] needs ${want} elements per item but the input ${formatShape(ctx.input.type.dims)} has ${have}`, ctx.args.span("to"), `${want} != ${have}`, {
        help: `choose sizes whose product is ${have}`,
      });
      return undefined;
    }
    const names = to.length === 2 ? ["L", "D"] : to.length === 3 ? ["H", "W", "C"] : [];
    const dims: Dim[] = [BATCH, ...to.map((s, i) => dim(s, names[i] ?? null))];
    return { node: { op: "reshape", attrs: { to } }, dims };
  },
};

export const REDUCE_LAYERS: LayerDef[] = [reduce("mean"), reduce("sum"), reduce("max"), flatten, reshape];
