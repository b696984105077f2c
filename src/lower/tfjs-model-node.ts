// A `tfjs_model` node's model, built from the topology the IR carries. Its weights stay the
// model's own variables (tfjs-layers reads them inside `apply`), and the CompiledModel adopts
// them as the node's params, so training, saving and loading treat them as any other weight.
import type * as tf from "@tensorflow/tfjs";
import type { IRNodeOf } from "../ir/ir.js";
import { CompilerBug } from "../ir/verify.js";
import { buildLayersModel } from "./tfjs-layers-model.js";

export interface BuiltTfjsModel {
  model: tf.LayersModel;
  /** The model's variables by the names its file gives them (the node's param names). */
  weights: Map<string, tf.Variable>;
}

export function buildNodeModel(node: IRNodeOf<"tfjs_model">): BuiltTfjsModel {
  const { topology, path } = node.attrs;
  if (!topology) throw new Error(`\`${node.label}\` (${node.file}) was not read when the spec was checked (no files here), so it cannot run: check and run the spec with the mmc command line, which reads "${path}"`);
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
  return { model, weights };
}
