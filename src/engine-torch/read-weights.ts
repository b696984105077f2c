// The weights torch trained, back into a CompiledModel: weights.json + weights.bin in the
// package's initial-weights format (src/lower-torch/weights.ts), each state-dict tensor
// turned from torch's layout into tfjs's (the inverse of torchTensors).
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../ir/ir.js";
import type { CompiledModel } from "../lower/model.js";
import { fromTorch, type FlatTensor } from "../lower-torch/layouts.js";
import { stateEntries } from "../lower-torch/names.js";
import { paramLayout } from "../lower-torch/op-table.js";
import type { WeightIndex } from "../lower-torch/weights.js";
import { TorchEngineError } from "./errors.js";

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Every tensor of the spec's state dict in tfjs layout, keyed as CompiledModel keys them. */
export function readTorchWeights(ir: IRProgram, dir: string): Map<string, FlatTensor> {
  const jsonFile = path.join(dir, "weights.json");
  const binFile = path.join(dir, "weights.bin");
  let index: WeightIndex;
  let bytes: Buffer;
  try {
    index = JSON.parse(readFileSync(jsonFile, "utf8")) as WeightIndex;
    bytes = readFileSync(binFile);
  } catch (e) {
    throw new TorchEngineError(`cannot read the trained weights in ${dir}: ${(e as Error).message.replace(/\s+/g, " ")}`);
  }
  if (bytes.byteLength % 4) throw new TorchEngineError(`${binFile} is ${bytes.byteLength} bytes, not a whole number of float32 values`);
  // A copy: Buffer's offset into its pool need not be 4-byte aligned.
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const byName = new Map((index.tensors ?? []).map((t) => [t.name, t]));
  const out = new Map<string, FlatTensor>();
  for (const e of stateEntries(ir)) {
    const t = byName.get(e.name);
    if (!t) throw new TorchEngineError(`${jsonFile} has no tensor \`${e.name}\` (the spec's ${e.key})`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (!(t.offset >= 0) || t.offset + size > all.length) throw new TorchEngineError(`${jsonFile}: \`${e.name}\` at offset ${t.offset} (${size} values) runs past the end of ${binFile} (${all.length} values)`);
    out.set(e.key, fromTorch({ shape: t.shape, values: all.slice(t.offset, t.offset + size) }, e.node && e.param ? paramLayout(e.node, e.param) : undefined));
  }
  return out;
}

/** Assigns the trained weights to `model` (built from the same IR); a shape that differs is an error. */
export function assignTorchWeights(ir: IRProgram, model: CompiledModel, dir: string): void {
  for (const [key, t] of readTorchWeights(ir, dir)) {
    const v = model.variableFor(key);
    if (!v) throw new TorchEngineError(`the trained weights in ${dir} hold ${key}, which this model does not have`);
    if (!sameShape(v.shape, t.shape)) throw new TorchEngineError(`the trained weights in ${dir}: ${key} has shape [${t.shape.join(", ")}], the model's is [${v.shape.join(", ")}]`);
    tf.tidy(() => v.assign(tf.tensor(t.values, t.shape, "float32")));
  }
}
