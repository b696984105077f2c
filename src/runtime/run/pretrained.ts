// `from "runs/pre/model"`: reading an earlier run's saved model, and setting a new model's
// towers to its weights, matched by name and shape (src/ir/weight-names.ts). The checker
// compares names and shapes through readSavedModel; loading compares again, against the
// weights file itself, since the folder may have changed since the check.
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../../ir/ir.js";
import { upgradeIR } from "../../ir/upgrade.js";
import { verifyIR } from "../../ir/verify.js";
import { blockCalls, blockName, compareWeights, scopeNodes, towerWeights, type TowerWeight } from "../../ir/weight-names.js";
import type { CompiledModel } from "../../lower/model.js";
import type { ModelJson } from "./model-io.js";

/** A `from` folder that cannot be read, or that no longer matches the spec: bad input, not a bug. */
export class PretrainedError extends Error {
  override readonly name = "PretrainedError";
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

export interface SavedModel {
  /** The model folder (holding model.json). */
  dir: string;
  json: ModelJson;
}

/** Where `from` points, relative to the spec's folder: a model folder, or a run folder holding `model/`. */
export function modelFolderOf(from: string, specDir: string): string {
  const dir = path.resolve(specDir, from);
  return !existsSync(path.join(dir, "model.json")) && existsSync(path.join(dir, "model", "model.json")) ? path.join(dir, "model") : dir;
}

/** The saved model at `dir`, or a sentence saying why it cannot be read. */
export function readSavedModel(dir: string): SavedModel | string {
  const file = path.join(dir, "model.json");
  if (!existsSync(dir)) return "no such folder";
  if (!existsSync(file)) return "it holds no model.json (a run folder's saved model is its `model/` folder)";
  let json: ModelJson;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as ModelJson;
  } catch (e) {
    return `its model.json is not valid JSON (${(e as Error).message.split("\n")[0]})`;
  }
  if (json?.format !== "mmc-model" || !json.weightsManifest?.[0]?.weights) return "its model.json is not an mmc model";
  try {
    json.ir = verifyIR(upgradeIR(json.ir), { where: `in ${file}` });
  } catch (e) {
    return `its model.json holds no valid program (${(e as Error).message.split("\n")[0]})`;
  }
  const bin = path.join(dir, json.weightsManifest[0].paths[0] ?? "weights.bin");
  const floats = json.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  if (!existsSync(bin)) return `its weights file ${path.basename(bin)} is missing`;
  if (statSync(bin).size !== floats * 4) return `its weights file ${path.basename(bin)} holds ${statSync(bin).size} bytes, its manifest says ${floats * 4}`;
  return { dir, json };
}

/** The checker's view: the saved program, or why not (CheckOptions.loadPretrained). */
export function pretrainedProgram(from: string, specPath: string): IRProgram | string {
  const saved = readSavedModel(modelFolderOf(from, path.dirname(specPath)));
  return typeof saved === "string" ? saved : saved.json.ir;
}

/** What a `from` initialises: its name for messages, its folder, its weights and the run's. */
interface Target {
  what: string;
  from: string;
  wanted: TowerWeight[];
  stored(ir: IRProgram): TowerWeight[];
}

/** Every tower with `from`, then every block call with `from`. */
function targetsOf(ir: IRProgram): Target[] {
  const out: Target[] = [];
  for (const t of ir.towers) {
    if (t.pretrained) out.push({ what: `\`${t.name}\``, from: t.pretrained.from, wanted: towerWeights(ir.nodes, t.name), stored: (saved) => towerWeights(saved.nodes, t.name) });
  }
  const scopes = ir.scopes ?? [];
  for (const s of scopes) {
    if (!s.pretrained) continue;
    const nodes = scopeNodes(ir.nodes, scopes, s.id);
    const tower = nodes[0]?.tower ?? "";
    const block = blockName(s);
    const k = blockCalls(ir.nodes, scopes, tower, block).indexOf(s.id);
    out.push({
      what: `\`${s.label}\` in \`${tower}\``, from: s.pretrained.from, wanted: towerWeights(nodes, tower),
      stored: (saved) => {
        const theirs = blockCalls(saved.nodes, saved.scopes ?? [], tower, block)[k];
        return theirs === undefined ? [] : towerWeights(scopeNodes(saved.nodes, saved.scopes ?? [], theirs), tower);
      },
    });
  }
  return out;
}

/**
 * Sets every tower and block call with `from` to the saved weights; returns one line each for
 * the log. Throws PretrainedError when a folder cannot be read or no longer matches.
 */
export function loadPretrainedTowers(model: CompiledModel, specDir: string): string[] {
  const lines: string[] = [];
  for (const target of targetsOf(model.ir)) {
    const dir = modelFolderOf(target.from, specDir);
    const saved = readSavedModel(dir);
    if (typeof saved === "string") throw new PretrainedError(`cannot read the weights for ${target.what} from ${dir}: ${saved}`, "train the earlier run first, or correct the `from` path (relative to the spec's folder)");
    const manifest = saved.json.weightsManifest[0]!;
    const offsets = new Map<string, { offset: number; shape: number[] }>();
    let offset = 0;
    for (const w of manifest.weights) {
      offsets.set(w.name, { offset, shape: w.shape });
      offset += w.shape.reduce((a, b) => a * b, 1);
    }
    const { wanted } = target;
    const stored = target.stored(saved.json.ir);
    const mismatch = compareWeights(wanted, stored);
    if (mismatch) throw new PretrainedError(`the weights of ${target.what} in ${dir} no longer match the spec (${mismatch.missing.length} missing, ${mismatch.reshaped.length} shaped differently, ${mismatch.extra.length} extra)`, "`mmc check` the spec for the details");
    const bytes = readFileSync(path.join(dir, manifest.paths[0]!));
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const byName = new Map(stored.map((w) => [w.name, w]));
    for (const w of wanted) {
      const at = offsets.get(byName.get(w.name)!.stored);
      if (!at || at.shape.join(",") !== w.shape.join(",")) throw new PretrainedError(`${path.join(dir, "model.json")} lists no weight ${byName.get(w.name)!.stored} of shape [${w.shape}] for ${target.what}`, "the folder's model.json does not describe its own program: train the earlier run again");
      const n = w.shape.reduce((a, b) => a * b, 1);
      const v = model.variableFor(w.key)!;
      tf.tidy(() => v.assign(tf.tensor(all.slice(at.offset, at.offset + n), w.shape, "float32")));
    }
    lines.push(`${target.what.replace(/`/g, "")}: ${wanted.length} weights from ${path.relative(process.cwd(), dir) || dir}`);
  }
  return lines;
}
