// The initial weights mmc would train from (CompiledModel seeded by train.seed), in torch
// layouts: weights.bin (little-endian float32, one tensor after another) and weights.json,
// which names each tensor's state-dict entry, shape and offset (in floats).
import type * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../ir/ir.js";
import { CompilerBug } from "../ir/verify.js";
import type { CompiledModel } from "../lower/model.js";
import { toTorch, type FlatTensor } from "./layouts.js";
import { stateEntries } from "./names.js";
import { paramLayout } from "./op-table.js";

export interface WeightIndex {
  model: string;
  seed: number;
  tensors: { name: string; key: string; shape: number[]; offset: number }[];
}

/** Each state-dict tensor in torch layout, from tfjs tensors keyed as CompiledModel keys them. */
export function torchTensors(ir: IRProgram, valueOf: (key: string) => tf.Tensor | undefined): { name: string; key: string; tensor: FlatTensor }[] {
  return stateEntries(ir).map((e) => {
    const t = valueOf(e.key);
    if (!t) throw new CompilerBug(`no tensor for ${e.key}`);
    const flat = { shape: [...t.shape], values: Float32Array.from(t.dataSync() as Float32Array) };
    return { name: e.name, key: e.key, tensor: toTorch(flat, e.node && e.param ? paramLayout(e.node, e.param) : undefined) };
  });
}

export function weightFiles(ir: IRProgram, model: CompiledModel): { bin: Buffer; index: WeightIndex } {
  const tensors = torchTensors(ir, (key) => model.variableFor(key));
  const total = tensors.reduce((n, t) => n + t.tensor.values.length, 0);
  const all = new Float32Array(total);
  const index: WeightIndex = { model: ir.model, seed: ir.train.seed, tensors: [] };
  let offset = 0;
  for (const { name, key, tensor } of tensors) {
    all.set(tensor.values, offset);
    index.tensors.push({ name, key, shape: tensor.shape, offset });
    offset += tensor.values.length;
  }
  // Float32Array is host-endian; every platform tfjs runs on is little-endian.
  return { bin: Buffer.from(all.buffer), index };
}
