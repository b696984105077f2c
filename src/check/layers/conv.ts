// Spatial layers on images [B, H, W, C]: conv2d, pooling, patch embedding, augmentation.
import { ACTIVATIONS } from "../../ir/ops.js";
import { BATCH, dim, divisors, windowOutputSize, type Dim } from "../../ir/shape.js";
import { requireImage } from "./require.js";
import { bias, weight, type LayerCtx, type LayerDef } from "./types.js";

function pair(v: number[]): [number, number] {
  return [v[0]!, v[1] ?? v[0]!];
}

function spatialOut(ctx: LayerCtx, kernel: [number, number], stride: [number, number], dilation: [number, number], padding: "same" | "valid"): [number, number] | undefined {
  const [, h, w] = ctx.input.type.dims as [Dim, Dim, Dim, Dim];
  const oh = windowOutputSize(h.size!, kernel[0], stride[0], dilation[0], padding);
  const ow = windowOutputSize(w.size!, kernel[1], stride[1], dilation[1], padding);
  if (oh < 1 || ow < 1) {
    ctx.bag.error("MM3008", `\`${ctx.call.name}\` shrinks ${h.name ?? "H"}:${h.size} x ${w.name ?? "W"}:${w.size} to nothing`, ctx.call.span, `a ${kernel[0]}x${kernel[1]} window does not fit with padding: valid`, {
      help: "use `padding: same`, a smaller kernel, or fewer pooling steps before this layer",
    });
    return undefined;
  }
  return [oh, ow];
}

const conv2d: LayerDef = {
  name: "conv2d",
  doc: "2-D convolution over H and W; out channels, kernel, stride, padding, dilation",
  args: [
    { name: "filters", type: { t: "int", min: 1 }, positional: true, required: true, doc: "number of output channels" },
    { name: "kernel", type: { t: "ints", min: 1 }, default: [3], doc: "window size, one number or [height, width]" },
    { name: "stride", type: { t: "ints", min: 1 }, default: [1], doc: "step between windows" },
    { name: "padding", type: { t: "enum", options: ["same", "valid"] }, default: "same", doc: "`same` keeps H and W (at stride 1), `valid` shrinks them" },
    { name: "dilation", type: { t: "ints", min: 1 }, default: [1], doc: "spacing inside the window" },
    { name: "activation", type: { t: "enum", options: ACTIVATIONS }, default: "linear", doc: "applied after the convolution" },
    { name: "bias", type: { t: "bool" }, default: true, doc: "add a learned bias per channel" },
  ],
  infer(ctx) {
    if (!requireImage(ctx)) return undefined;
    const a = ctx.args;
    const kernel = pair(a.get("kernel"));
    const stride = pair(a.get("stride"));
    const dilation = pair(a.get("dilation"));
    if ((stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
      ctx.bag.error("MM3015", "`conv2d` cannot combine a stride above 1 with a dilation above 1", a.span("dilation"), "dilation here", { help: "use one of them, or a pooling layer for the stride" });
      return undefined;
    }
    const out = spatialOut(ctx, kernel, stride, dilation, a.get("padding"));
    if (!out) return undefined;
    const [, h, w, c] = ctx.input.type.dims as [Dim, Dim, Dim, Dim];
    const filters = a.get<number>("filters");
    return {
      node: { op: "conv2d", attrs: { filters, kernel, stride, dilation, padding: a.get("padding"), activation: a.get("activation") } },
      dims: [BATCH, dim(out[0], h.name), dim(out[1], w.name), dim(filters, c.name ?? "C")],
      params: [weight("kernel", [kernel[0], kernel[1], c.size!, filters]), ...(a.get("bias") ? [bias("bias", filters)] : [])],
      effect: "keeps the spatial axes",
    };
  },
};

function pool(name: "max_pool" | "avg_pool"): LayerDef {
  return {
    name,
    doc: `${name === "max_pool" ? "maximum" : "average"} over windows of H and W`,
    args: [
      { name: "size", type: { t: "ints", min: 1 }, positional: true, default: [2], doc: "window size" },
      { name: "stride", type: { t: "ints", min: 1 }, doc: "step between windows (default: the size)" },
      { name: "padding", type: { t: "enum", options: ["same", "valid"] }, default: "valid", doc: "`valid` drops incomplete windows" },
    ],
    infer(ctx) {
      if (!requireImage(ctx)) return undefined;
      const a = ctx.args;
      const size = pair(a.get("size"));
      const stride = a.has("stride") ? pair(a.get("stride")) : size;
      const out = spatialOut(ctx, size, stride, [1, 1], a.get("padding"));
      if (!out) return undefined;
      const [, h, w, c] = ctx.input.type.dims as [Dim, Dim, Dim, Dim];
      return { node: { op: name, attrs: { size, stride, padding: a.get("padding") } }, dims: [BATCH, dim(out[0], h.name), dim(out[1], w.name), c], effect: "keeps the spatial axes" };
    },
  };
}

const patchEmbed: LayerDef = {
  name: "patch_embed",
  doc: "cuts the image into size x size patches and projects each to `dim` features: [B, P, D]",
  args: [
    { name: "size", type: { t: "int", min: 1 }, positional: true, required: true, doc: "patch side in pixels; must divide H and W" },
    { name: "dim", type: { t: "int", min: 1 }, required: true, doc: "features per patch" },
  ],
  infer(ctx) {
    if (!requireImage(ctx)) return undefined;
    const size = ctx.args.get<number>("size");
    const features = ctx.args.get<number>("dim");
    const [, h, w, c] = ctx.input.type.dims as [Dim, Dim, Dim, Dim];
    for (const d of [h, w]) {
      if (d.size! % size !== 0) {
        const fits = divisors(d.size!).filter((k) => k > 1 && k < d.size!).slice(0, 12);
        ctx.bag.error("MM3012", `patch size ${size} does not divide ${d.name ?? "the axis"}:${d.size}`, ctx.args.span("size"), `${d.size} / ${size} is not whole`, {
          help: fits.length ? `use a size that divides ${d.size}: ${fits.join(", ")}` : "resize the images",
        });
        return undefined;
      }
    }
    const patches = (h.size! / size) * (w.size! / size);
    return {
      node: { op: "patch_embed", attrs: { size, dim: features } },
      dims: [BATCH, dim(patches, "P"), dim(features, "D")],
      params: [weight("kernel", [size, size, c.size!, features]), bias("bias", features)],
      effect: "makes a sequence of patches",
    };
  },
};

const augment: LayerDef = {
  name: "augment",
  doc: "random crop (pad and crop back), horizontal flip and colour jitter while training; identity at evaluation",
  args: [
    { name: "crop", type: { t: "int", min: 0 }, default: 0, doc: "pad this many pixels each side, then crop back at a random offset" },
    { name: "flip", type: { t: "bool" }, default: false, doc: "mirror left-right with probability 0.5 (captions that say left/right change meaning!)" },
    { name: "jitter", type: { t: "number", min: 0, max: 1 }, default: 0, doc: "random brightness and contrast change up to this fraction" },
  ],
  infer(ctx) {
    if (!requireImage(ctx)) return undefined;
    const a = ctx.args;
    return { node: { op: "augment", attrs: { crop: a.get("crop"), flip: a.get("flip"), jitter: a.get("jitter") } }, dims: ctx.input.type.dims, keepsMask: true };
  },
};

export const CONV_LAYERS: LayerDef[] = [conv2d, pool("max_pool"), pool("avg_pool"), patchEmbed, augment];
