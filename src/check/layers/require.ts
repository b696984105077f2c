// Shared input requirements with messages that speak in axis names and say how to fix it.
import { describeKind, formatShape, isImage, isSequence, type TensorType } from "../../ir/shape.js";
import type { LayerCtx } from "./types.js";
import { insertLineAbove } from "../../diagnostics/fix.js";

export function secondary(ctx: LayerCtx, message = ctx.input.origin.what) {
  const o = ctx.input.origin;
  return message ? [{ span: o.span, message, ...(o.file !== ctx.bag.file ? { file: o.file } : {}) }] : [];
}

/** `t` is the layer's input unless another tensor (cross-attention's keys) is checked; `what` then names it. */
export function requireFloat(ctx: LayerCtx, t: TensorType = ctx.input.type, what?: string): boolean {
  if (t.dtype === "float32") return true;
  ctx.bag.error("MM3009", `\`${ctx.call.name}\` needs float features${what ? ` as its ${what}` : ""} but gets ${describeKind(t)} ${formatShape(t.dims)}`, ctx.call.span, "expects floats", {
    secondary: what ? [] : secondary(ctx),
    help: t.dims.length === 2 ? "turn token ids into vectors first: `embed(128)`" : "labels are targets: use them in `cross_entropy(head, labels)`",
  });
  return false;
}

export function requireImage(ctx: LayerCtx): boolean {
  const t = ctx.input.type;
  if (isImage(t) && t.dtype === "float32") return true;
  if (!isImage(t) && (t.dtype === "int32" || isSequence(t))) {
    // Token ids or word vectors: the fix is another encoder, not another layer.
    ctx.bag.error("MM3001", `\`${ctx.call.name}\` needs an image [B, H, W, C] but gets ${describeKind(t)} ${formatShape(t.dims)}`, ctx.call.span, "text, not an image", {
      secondary: secondary(ctx),
      help: `\`${ctx.call.name}\` is an image layer: move it into the encoder of an \`Image\` input`,
    });
    return false;
  }
  if (!requireFloat(ctx)) return false;
  ctx.bag.error("MM3001", `\`${ctx.call.name}\` needs an image [B, H, W, C] but gets ${describeKind(t)} ${formatShape(t.dims)}`, ctx.call.span, `expects rank 4, got rank ${t.dims.length}`, {
    secondary: secondary(ctx),
    help: "spatial layers go before the spatial axes are pooled away",
  });
  return false;
}

/** dense, layer_norm and friends act on the last axis of vectors and sequences. */
export function requireFeatures(ctx: LayerCtx): boolean {
  if (!requireFloat(ctx)) return false;
  const t = ctx.input.type;
  if (!isImage(t)) return true;
  const spatial = t.dims.slice(1, 3).map((d) => d.name ?? "?");
  ctx.bag.error("MM3004", `\`${ctx.call.name}\` needs [B, features] but gets ${formatShape(t.dims)}`, ctx.call.span, `expects rank 2 or 3, got rank ${t.dims.length}`, {
    secondary: ctx.input.origin.what ? secondary(ctx, `keeps the spatial axes ${spatial.join(" and ")}`) : [],
    help: `pool the spatial axes first: \`mean(over: [${spatial.join(", ")}])\`, or \`flatten()\``,
    ...(spatial.includes("?") ? {} : { fixes: [insertLineAbove(ctx.bag.file, ctx.call.span.start, `mean(over: [${spatial.join(", ")}])`, `add \`mean(over: [${spatial.join(", ")}])\` before \`${ctx.call.name}\``)] }),
  });
  return false;
}

export function requireSequence(ctx: LayerCtx, t: TensorType = ctx.input.type, what = "input"): boolean {
  if (t.dtype !== "float32") return requireFloat(ctx, t, what === "input" ? undefined : what);
  if (isSequence(t)) return true;
  const help = isImage(t)
    ? "turn the image into a sequence of patches first: `patch_embed(4, dim: 128)`"
    : "attend before pooling: move `mean(over: L)` after the attention, or keep the encoder's output a sequence";
  ctx.bag.error("MM3014", `\`${ctx.call.name}\` needs a sequence [B, L, D] as its ${what} but gets ${describeKind(t)} ${formatShape(t.dims)}`, ctx.call.span, "expects rank 3", {
    secondary: what === "input" ? secondary(ctx) : [],
    help,
  });
  return false;
}
