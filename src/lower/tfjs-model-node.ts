// A `tfjs_model` node's model, built from the topology the IR carries.
// - LayersModel: its weights stay the model's own variables (tfjs-layers reads them inside
//   `apply`), and the CompiledModel adopts them as the node's params, so training, saving and
//   loading treat them as any other weight.
// - GraphModel: built with placeholder weights; each run feeds the node's params in their
//   place (a graph takes a value for any node by name), so its weights too are the model's
//   variables, set from the file or from a run. Its non-float constants come from the IR.
import * as tf from "@tensorflow/tfjs";
import type { IRNodeOf } from "../ir/ir.js";
import { CompilerBug } from "../ir/verify.js";
import { buildLayersModel } from "./tfjs-layers-model.js";

export type BuiltTfjsModel =
  | {
      kind: "layers";
      model: tf.LayersModel;
      /** The model's variables by the names its file gives them (the node's param names). */
      weights: Map<string, tf.Variable>;
    }
  | { kind: "graph"; model: tf.GraphModel<tf.io.IOHandlerSync>; input: string; output: string };

export function buildNodeModel(node: IRNodeOf<"tfjs_model">): BuiltTfjsModel {
  const { topology, path } = node.attrs;
  if (!topology) throw new Error(`\`${node.label}\` (${node.file}) was not read when the spec was checked (no files here), so it cannot run: check and run the spec with the mmc command line, which reads "${path}"`);
  return node.attrs.format === "graph" ? buildGraph(node, topology) : adoptLayers(node, topology);
}

function adoptLayers(node: IRNodeOf<"tfjs_model">, topology: object): BuiltTfjsModel {
  const model = buildLayersModel(topology);
  const byName = new Map(model.weights.map((w) => [w.originalName, w]));
  const weights = new Map<string, tf.Variable>();
  for (const p of node.params) {
    const w = byName.get(p.name);
    if (!w || w.shape.join(",") !== p.shape.join(",")) {
      model.dispose();
      throw new CompilerBug(`\`${node.label}\`: the IR's weight ${p.name} [${p.shape.join(", ")}] is ${w ? `[${w.shape.join(", ")}]` : "not"} in the model its topology builds`);
    }
    weights.set(p.name, w.read() as tf.Variable);
  }
  if (weights.size !== model.weights.length) {
    model.dispose();
    throw new CompilerBug(`\`${node.label}\`: its model has ${model.weights.length} weights, the IR lists ${weights.size}`);
  }
  return { kind: "layers", model, weights };
}

function buildGraph(node: IRNodeOf<"tfjs_model">, topology: object): BuiltTfjsModel {
  const constants = node.attrs.constants ?? [];
  const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const specs: tf.io.WeightsManifestEntry[] = [
    ...node.params.map((p) => ({ name: p.name, shape: p.shape, dtype: "float32" as const })),
    ...constants.map((c) => ({ name: c.name, shape: c.shape, dtype: c.dtype })),
  ];
  const floats = node.params.reduce((n, p) => n + count(p.shape), 0);
  const bytes = new Uint8Array(floats * 4 + constants.reduce((n, c) => n + count(c.shape) * (c.dtype === "bool" ? 1 : 4), 0));
  let at = floats * 4;
  for (const c of constants) {
    const data = c.dtype === "bool" ? Uint8Array.from(c.values) : new Uint8Array(Int32Array.from(c.values).buffer);
    bytes.set(data, at);
    at += data.byteLength;
  }
  const model = tf.loadGraphModelSync({
    modelTopology: topology, weightSpecs: specs, weightData: bytes.buffer, format: "graph-model",
    ...(node.attrs.signature ? { signature: node.attrs.signature } : {}),
  });
  return { kind: "graph", model, input: model.inputs[0]!.name, output: model.outputs[0]!.name };
}

/** Runs the node's model on `x`; `params` are the node's weights by name, `training` its layers' mode. */
export function runTfjsModel(built: BuiltTfjsModel, x: tf.Tensor, params: Record<string, tf.Tensor>, training: boolean): tf.Tensor {
  // `training` switches a LayersModel's dropout and batch norms, as tf.LayersModel.fit does.
  if (built.kind === "layers") return built.model.apply(x, { training }) as tf.Tensor;
  return built.model.execute({ ...params, [built.input]: x }, built.output) as tf.Tensor;
}
