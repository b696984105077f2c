// `tfjs_model("models/cnn/model.json", output: [B, 64])`: a tfjs LayersModel (or a frozen
// GraphModel) from disk as one layer. The file is read through the checker's injected reader; its input must take the
// flowing tensor and its output must be the declared one. Where no file can be read (the
// playground), the declared output stands in, with a warning.
import type { ArgValue } from "../../common/arg-schema.js";
import type { IRParam } from "../../ir/ir.js";
import { BATCH, dim, formatShape, type Dim } from "../../ir/shape.js";
import { secondary, requireFloat } from "./require.js";
import type { LayerDef, LayerResult } from "./types.js";
import type { TfjsModelInfo } from "../tfjs-model-info.js";

const show = (s: (number | null)[]) => `[${s.map((d, i) => (d !== null ? d : i === 0 ? "B" : "?")).join(", ")}]`;

/** `[B, 64]` as sizes (the batch as null), or a message saying what is wrong with it. */
function declaredSizes(v: ArgValue): (number | null)[] | string {
  if (v.kind !== "list" || v.items.length < 2) return "a shape such as `[B, 64]`: the batch axis `B`, then one size or more";
  const [first, ...rest] = v.items;
  if (first!.kind !== "sym" || first!.name !== "B") return "a shape whose first axis is the batch, `B`";
  const sizes: number[] = [];
  for (const it of rest) {
    if (it.kind !== "num" || !Number.isInteger(it.value) || it.value < 1) return "a shape of whole sizes after `B`, such as `[B, 64]` or `[B, 4, 4, 32]`";
    sizes.push(it.value);
  }
  return [null, ...sizes];
}

/** Image-shaped outputs keep the axis names a spec's later layers (`mean(over: [H, W])`) use. */
function dimsOf(sizes: (number | null)[]): Dim[] {
  const names = sizes.length === 4 ? ["B", "H", "W", "C"] : [];
  return sizes.map((s, i) => (s === null ? BATCH : dim(s, names[i] ?? null)));
}

/** Whether `got` (the flowing tensor) fits `want` (the file's input; null: any size). */
function fits(want: (number | null)[], got: Dim[]): boolean {
  return want.length === got.length && want.every((w, i) => i === 0 || w === null || w === got[i]!.size);
}

const tfjsModel: LayerDef = {
  name: "tfjs_model",
  doc: "a tfjs LayersModel or GraphModel saved on disk (model.json and its weight files), run as one layer; a LayersModel trains with the tower, or not at all with `frozen` after the call; a GraphModel is always frozen",
  options: ["frozen"],
  args: [
    { name: "path", type: { t: "path" }, positional: true, required: true, doc: "the model.json, relative to the spec's folder" },
    { name: "output", type: { t: "any" }, required: true, doc: "the shape the model makes, such as `[B, 64]`; checked against the file" },
  ],
  infer(ctx) {
    if (!requireFloat(ctx)) return undefined;
    const file = ctx.args.get<string>("path");
    const pathSpan = ctx.args.span("path");
    const outputSpan = ctx.args.span("output");
    const declared = declaredSizes(ctx.args.get<ArgValue>("output"));
    if (typeof declared === "string") {
      ctx.bag.error("MM2007", `\`output\` of \`tfjs_model\` must be ${declared}`, outputSpan, "not a shape", { help: "write the shape the model makes, such as `output: [B, 64]`" });
      return undefined;
    }
    const node = (params: IRParam[], topology: object | null, layers: string[], graph?: TfjsModelInfo): LayerResult => ({
      node: {
        op: "tfjs_model",
        attrs: {
          path: file, format: graph ? "graph" : "layers", frozen: !!(ctx.frozen || graph), layers, topology,
          ...(graph ? { constants: graph.constants ?? [], ...(graph.signature ? { signature: graph.signature } : {}) } : {}),
        },
      },
      dims: dimsOf(declared),
      params,
      effect: `the model in "${file}" makes ${show(declared)}`,
    });
    if (!ctx.loadTfjsModel) {
      ctx.bag.warning("MM4013", `"${file}" cannot be read here, so its shapes are taken as declared`, pathSpan, "not read", {
        notes: ["nothing here can read files (the playground); `mmc check` and `mmc run` read the model and check its input and output"],
        help: "check or run the spec with the mmc command line",
      });
      return node([], null, []);
    }
    const info = ctx.loadTfjsModel(file, ctx.bag.file.path);
    if (typeof info === "string") {
      ctx.bag.error("MM4012", `cannot load the tfjs model "${file}": ${info}`, pathSpan, "not loadable", {
        help: "the path is relative to this spec's folder and names a model.json saved by tfjs (`model.save(...)`), beside its weight files",
      });
      return undefined;
    }
    const got = ctx.input.type.dims;
    if (!fits(info.input, got)) {
      ctx.bag.error("MM3018", `the model in "${file}" takes ${show(info.input)} but gets ${formatShape(got)}`, ctx.call.span, `expects ${show(info.input)}`, {
        secondary: secondary(ctx),
        help: info.input.length === got.length ? `feed it ${show(info.input)}: resize the data's images, or put layers before it that make that shape` : `the model takes rank ${info.input.length}, this is rank ${got.length}`,
      });
      return undefined;
    }
    if (show(info.output) !== show(declared)) {
      ctx.bag.error("MM3019", `\`tfjs_model\` is declared to make ${show(declared)}, but the model in "${file}" makes ${show(info.output)}`, outputSpan, "declared here", {
        help: info.output.slice(1).every((d) => d !== null) ? `declare \`output: ${show(info.output)}\`` : "the model's output has axes of no fixed size; mmc needs every size but the batch's",
      });
      return undefined;
    }
    const graph = info.format === "graph";
    if (graph && !ctx.frozen) {
      ctx.bag.warning("MM4015", `"${file}" is a GraphModel, which runs frozen: its weights will not train`, ctx.call.span, "runs frozen", {
        notes: ["a GraphModel is an inference graph (a SavedModel or frozen graph, converted): tfjs can run it and pass gradients through it, not train its weights"],
        help: "write `frozen` after the call to say so; to train the model, save it as a LayersModel",
      });
    }
    const params: IRParam[] = info.weights.map((w) => ({
      name: w.name, shape: w.shape, init: "file",
      ...(w.shape.length <= 1 ? { noDecay: true } : {}),
      ...(w.trainable ? {} : { fixed: true }),
    }));
    return node(params, info.topology as object, info.layers, graph ? info : undefined);
  },
};

export const TFJS_LAYERS: LayerDef[] = [tfjsModel];
