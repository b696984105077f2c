// Before training: every `tfjs_model` layer's weights, from its file. The checker compared
// names and shapes already; they are compared again here, since the file may have changed.
import * as tf from "@tensorflow/tfjs";
import path from "node:path";
import type { CompiledModel } from "../../lower/model.js";
import { paramKey } from "../../ir/weight-names.js";
import { PretrainedError } from "../run/pretrained.js";
import { tfjsModelPath } from "./describe.js";
import { readTfjsFiles } from "./read-files.js";

/** Sets the weights; returns one line per model for the log. Throws PretrainedError when a file cannot be read or no longer fits. */
export function loadTfjsWeights(model: CompiledModel, specPath: string): string[] {
  const lines: string[] = [];
  for (const node of model.ir.nodes) {
    if (node.op !== "tfjs_model") continue;
    const file = tfjsModelPath(node.attrs.path, specPath);
    const read = readTfjsFiles(file);
    const help = "check the spec again (`mmc check`): the model file changed since";
    if (typeof read === "string") throw new PretrainedError(`cannot load the tfjs model of \`${node.label}\`: ${read}`, help);
    const values = tf.io.decodeWeights(read.artifacts.weightData, read.artifacts.weightSpecs);
    try {
      for (const p of node.params) {
        const value = values[p.name];
        if (!value || value.shape.join(",") !== p.shape.join(",")) throw new PretrainedError(`${file} no longer holds \`${p.name}\` as [${p.shape.join(", ")}]`, help);
        model.variableFor(paramKey(node, p.name))!.assign(value.dtype === "float32" ? value : tf.tidy(() => tf.cast(value, "float32")));
      }
    } finally {
      tf.dispose(Object.values(values));
    }
    lines.push(`${node.label}: ${node.params.length} weights from ${path.relative(process.cwd(), file) || file}`);
  }
  return lines;
}
