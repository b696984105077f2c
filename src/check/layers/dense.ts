// Layers on the last (feature) axis: dense, activations, dropout, normalisation.
import { ACTIVATIONS, type Activation } from "../../ir/ops.js";
import { dim, lastSize } from "../../ir/shape.js";
import { requireFeatures, requireFloat } from "./require.js";
import { bias, weight, type LayerDef } from "./types.js";

const dense: LayerDef = {
  name: "dense",
  doc: "fully connected layer on the last axis",
  args: [
    { name: "units", type: { t: "int", min: 1 }, positional: true, required: true, doc: "output features" },
    { name: "activation", type: { t: "enum", options: ACTIVATIONS }, default: "linear", doc: "applied after the projection" },
    { name: "bias", type: { t: "bool" }, default: true, doc: "add a learned bias" },
  ],
  infer(ctx) {
    if (!requireFeatures(ctx)) return undefined;
    const units = ctx.args.get<number>("units");
    const inSize = lastSize(ctx.input.type);
    const dims = [...ctx.input.type.dims.slice(0, -1), dim(units)];
    return {
      node: { op: "dense", attrs: { units, activation: ctx.args.get("activation") } },
      dims,
      params: [weight("kernel", [inSize, units]), ...(ctx.args.get("bias") ? [bias("bias", units)] : [])],
      keepsMask: true,
    };
  },
};

function activation(name: Activation, doc: string): LayerDef {
  return {
    name,
    doc,
    args: [],
    infer(ctx) {
      if (!requireFloat(ctx)) return undefined;
      return { node: { op: "activation", attrs: { activation: name } }, dims: ctx.input.type.dims, keepsMask: true };
    },
  };
}

const dropout: LayerDef = {
  name: "dropout",
  doc: "zeroes a random fraction of features while training",
  args: [{ name: "rate", type: { t: "number", min: 0, max: 1, exclusiveMax: true }, positional: true, required: true, doc: "fraction dropped, in [0, 1)" }],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    return { node: { op: "dropout", attrs: { rate: ctx.args.get("rate") } }, dims: ctx.input.type.dims, keepsMask: true };
  },
};

const layerNorm: LayerDef = {
  name: "layer_norm",
  doc: "normalises the last axis, with a learned scale and shift",
  args: [{ name: "epsilon", type: { t: "number", min: 0, exclusiveMin: true }, default: 1e-5, doc: "added to the variance" }],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    const d = lastSize(ctx.input.type);
    return {
      node: { op: "layer_norm", attrs: { epsilon: ctx.args.get("epsilon") } },
      dims: ctx.input.type.dims,
      params: [{ name: "gamma", shape: [d], init: "ones", noDecay: true }, bias("beta", d)],
      keepsMask: true,
    };
  },
};

const batchNorm: LayerDef = {
  name: "batch_norm",
  doc: "normalises each channel over the batch (and H, W), with a learned scale and shift and running statistics",
  args: [
    { name: "momentum", type: { t: "number", min: 0, max: 1 }, default: 0.9, doc: "running statistics decay" },
    { name: "epsilon", type: { t: "number", min: 0, exclusiveMin: true }, default: 1e-5, doc: "added to the variance" },
  ],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    const d = lastSize(ctx.input.type);
    return {
      node: { op: "batch_norm", attrs: { momentum: ctx.args.get("momentum"), epsilon: ctx.args.get("epsilon") } },
      dims: ctx.input.type.dims,
      params: [{ name: "gamma", shape: [d], init: "ones", noDecay: true }, bias("beta", d)],
      keepsMask: true,
    };
  },
};

export const DENSE_LAYERS: LayerDef[] = [
  dense,
  dropout,
  layerNorm,
  batchNorm,
  activation("relu", "max(x, 0)"),
  activation("gelu", "Gaussian error linear unit"),
  activation("tanh", "hyperbolic tangent"),
  activation("sigmoid", "logistic function"),
  activation("silu", "x * sigmoid(x)"),
  activation("leaky_relu", "x for x > 0, else 0.2 x"),
  activation("elu", "exponential linear unit"),
  activation("softplus", "log(1 + exp(x))"),
];
