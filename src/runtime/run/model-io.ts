// Saving and loading a trained model: model.json (the checked IR plus a tfjs weights
// manifest, so tf.io can read the weights) and weights.bin; and checkpoints that add the
// optimizer's state and the step, for `mmc run --resume`.
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../../ir/ir.js";
import { upgradeIR } from "../../ir/upgrade.js";
import { verifyIR } from "../../ir/verify.js";
import { CompiledModel } from "../../lower/model.js";
import type { Optimizer, OptimizerState } from "../train/optimizer.js";
import { writeAtomic, writeJson } from "./run-folder.js";

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32";
}

export interface ModelJson {
  format: "mmc-model";
  version: 1;
  ir: IRProgram;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
}

function namedVariables(model: CompiledModel): [string, tf.Variable][] {
  return [...model.params, ...model.lossParams, ...[...model.stats].map(([k, v]) => [`stats/${k}`, v] as [string, tf.Variable])];
}

/** Whether a saved name (a parameter key or `stats/<key>`) never changes: a frozen tower's or a frozen loaded model's. */
function isFrozen(model: CompiledModel, name: string): boolean {
  if (name.startsWith("stats/")) {
    const id = Number(name.slice(6, name.indexOf("/", 6)));
    return model.frozenTowers.has(model.ir.nodes[id]?.tower ?? "");
  }
  return model.frozenKeys.has(name);
}

/**
 * Reads with `await data()` only, so that it saves from every backend (WebGPU in Node included).
 * `trainedOnly` leaves out the frozen towers' weights (a checkpoint: the run's model/ has them).
 */
export async function saveModel(dir: string, model: CompiledModel, trainedOnly = false): Promise<void> {
  const named = namedVariables(model).filter(([name]) => !trainedOnly || !isFrozen(model, name));
  const entries: WeightEntry[] = named.map(([name, v]) => ({ name, shape: v.shape, dtype: "float32" }));
  const chunks = (await Promise.all(named.map(([, v]) => v.data()))) as Float32Array[];
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const buf = new Float32Array(total);
  let off = 0;
  for (const c of chunks) {
    buf.set(c, off);
    off += c.length;
  }
  writeAtomic(path.join(dir, "weights.bin"), new Uint8Array(buf.buffer));
  const json: ModelJson = { format: "mmc-model", version: 1, ir: model.ir, weightsManifest: [{ paths: ["weights.bin"], weights: entries }] };
  writeJson(path.join(dir, "model.json"), json);
}

/** Our loader: the model's IR and weights, ready for `forward`. */
export function loadModel(dir: string): CompiledModel {
  const file = path.join(dir, "model.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as ModelJson;
  if (json.format !== "mmc-model") throw new Error(`${file} is not an mmc model`);
  json.ir = verifyIR(upgradeIR(json.ir), { where: `in ${file}` });
  const model = new CompiledModel(json.ir, json.ir.train.seed);
  assignWeights(model, json, dir);
  return model;
}

export function assignWeights(model: CompiledModel, json: ModelJson, dir: string): void {
  const bytes = readFileSync(path.join(dir, json.weightsManifest[0]!.paths[0]!));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let off = 0;
  for (const w of json.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    const key = w.name.startsWith("stats/") ? w.name.slice(6) : w.name;
    const v = model.variableFor(key);
    if (!v) throw new Error(`weight ${w.name} in ${dir} does not belong to this model`);
    tf.tidy(() => v.assign(tf.tensor(all.slice(off, off + n), w.shape, "float32")));
    off += n;
  }
}

interface CheckpointJson {
  step: number;
  optimizer: { kind: string; step: number; slots: Record<string, { shape: number[]; offset: number }> };
}

/**
 * Optimizer slots are keyed by stable parameter keys, not by tfjs variable names. A frozen
 * tower's weights are saved once, in the run's model/ beside the checkpoint; it has no slots.
 */
export async function saveCheckpoint(dir: string, model: CompiledModel, optimizer: Optimizer, step: number): Promise<void> {
  await saveModel(dir, model, true);
  const state = await optimizer.state();
  const slots: CheckpointJson["optimizer"]["slots"] = {};
  const parts: Float32Array[] = [];
  let offset = 0;
  const byName = new Map(model.trainable().map((v) => [v.name, model.keyOf(v)]));
  for (const [name, slot] of Object.entries(state.slots)) {
    const cut = name.lastIndexOf("/");
    const key = `${byName.get(name.slice(0, cut)) ?? name.slice(0, cut)}${name.slice(cut)}`;
    slots[key] = { shape: slot.shape, offset };
    parts.push(slot.values);
    offset += slot.values.length;
  }
  const buf = new Float32Array(offset);
  let o = 0;
  for (const p of parts) {
    buf.set(p, o);
    o += p.length;
  }
  writeAtomic(path.join(dir, "optimizer.bin"), new Uint8Array(buf.buffer));
  const json: CheckpointJson = { step, optimizer: { kind: state.kind, step: state.step, slots } };
  writeJson(path.join(dir, "checkpoint.json"), json);
}

export function loadCheckpoint(dir: string, model: CompiledModel, optimizer: Optimizer): number {
  if (model.frozenTowers.size || model.frozenKeys.size) {
    // The frozen weights: the run's model/, written with the checkpoint.
    const saved = path.join(dir, "..", "model");
    assignWeights(model, JSON.parse(readFileSync(path.join(saved, "model.json"), "utf8")) as ModelJson, saved);
  }
  const mj = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as ModelJson;
  assignWeights(model, mj, dir);
  const cj = JSON.parse(readFileSync(path.join(dir, "checkpoint.json"), "utf8")) as CheckpointJson;
  const bytes = readFileSync(path.join(dir, "optimizer.bin"));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const byKey = new Map(model.trainable().map((v) => [model.keyOf(v), v.name]));
  const slots: OptimizerState["slots"] = {};
  for (const [key, s] of Object.entries(cj.optimizer.slots)) {
    const cut = key.lastIndexOf("/");
    const n = s.shape.reduce((a, b) => a * b, 1);
    slots[`${byKey.get(key.slice(0, cut)) ?? key.slice(0, cut)}${key.slice(cut)}`] = { shape: s.shape, values: all.slice(s.offset, s.offset + n) };
  }
  optimizer.load({ kind: cj.optimizer.kind, step: cj.optimizer.step, slots });
  return cj.step;
}
