// The checker's reader for `tfjs_model("...")` (CheckOptions.loadTfjsModel): reads the files,
// builds the model once to learn its input and output shapes and its weights, and frees it;
// the description is kept while the files stay as they were.
import * as tf from "@tensorflow/tfjs";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { TfjsModelInfo } from "../../check/tfjs-model-info.js";
import { buildLayersModel } from "../../lower/tfjs-layers-model.js";
import { readTfjsFiles, type TfjsFiles } from "./read-files.js";

/** `model.json` at `from` relative to the spec's folder: what the checker and the run both resolve. */
export function tfjsModelPath(from: string, specPath: string): string {
  return path.resolve(path.dirname(specPath), from);
}

/**
 * The language server checks on every keystroke; building the model (and running a graph)
 * each time would cost far more than the check. A description is kept while model.json and
 * its weight files keep their size and modification time.
 */
const described = new Map<string, { stamp: string; info: TfjsModelInfo }>();
const KEPT = 16;

export function describeTfjsModel(from: string, specPath: string): TfjsModelInfo | string {
  const abs = tfjsModelPath(from, specPath);
  const stamp = filesStamp(abs);
  const kept = stamp === undefined ? undefined : described.get(abs);
  if (kept && kept.stamp === stamp) return kept.info;
  const read = readTfjsFiles(abs);
  if (typeof read === "string") return read;
  const info = read.format === "layers" ? describeLayers(read) : describeGraph(read);
  if (typeof info !== "string" && stamp !== undefined) {
    described.delete(abs);
    described.set(abs, { stamp, info });
    if (described.size > KEPT) described.delete(described.keys().next().value!);
  }
  return info;
}

/** Size and modification time of model.json and of the weight files it lists; undefined when unreadable. */
function filesStamp(abs: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(abs, "utf8")) as tf.io.ModelJSON;
    const dir = path.dirname(abs);
    const files = [abs, ...(json.weightsManifest ?? []).flatMap((g) => g.paths.map((p) => path.join(dir, p)))];
    return files.map((f) => {
      const st = statSync(f);
      return `${f}:${st.size}:${st.mtimeMs}`;
    }).join("|");
  } catch {
    return undefined;
  }
}

const shapeOf = (s: readonly (number | null)[]) => s.map((d) => (d === null || d < 0 ? null : d));

/**
 * Building a model makes tensors, so a backend must be ready; the checker runs before any is
 * started (`mmc check`, the language server, `mmc run` before training), and then the plain-JS
 * one is set: its setup awaits nothing, so it is ready when `setBackend` returns.
 */
function ensureBackend(): void {
  if ((tf.engine() as unknown as { backendInstance: unknown }).backendInstance) return;
  void tf.setBackend("cpu");
  // Its first tensor would print a banner advertising tfjs-node for speed: a check needs none.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
}

function describeLayers(read: TfjsFiles): TfjsModelInfo | string {
  ensureBackend();
  let model: tf.LayersModel;
  try {
    model = buildLayersModel(read.artifacts.modelTopology);
  } catch (e) {
    return `tfjs cannot build the model in ${read.file}: ${(e as Error).message.split("\n")[0]}`;
  }
  try {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) return `the model in ${read.file} has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a tower's layer takes one and makes one`;
    const stored = new Map(read.artifacts.weightSpecs.map((w) => [w.name, w]));
    const weights = model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map(Number), trainable: w.trainable }));
    const missing = weights.filter((w) => !stored.has(w.name));
    if (missing.length) return `${read.file} lists no weight ${missing.slice(0, 3).map((w) => `\`${w.name}\``).join(", ")}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ""} that its model needs`;
    const reshaped = weights.find((w) => stored.get(w.name)!.shape.join(",") !== w.shape.join(","));
    if (reshaped) return `${read.file} stores \`${reshaped.name}\` as [${stored.get(reshaped.name)!.shape.join(", ")}], but its model makes it [${reshaped.shape.join(", ")}]`;
    return {
      format: "layers",
      input: shapeOf(model.inputs[0]!.shape),
      output: shapeOf(model.outputs[0]!.shape),
      weights,
      topology: read.artifacts.modelTopology,
      layers: [...new Set(model.layers.map((l) => l.getClassName()))],
    };
  } finally {
    model.dispose();
  }
}

/** Weights a graph keeps that are not floats: structure (a reshape's shape), not something to learn. */
const isFloat = (w: tf.io.WeightsManifestEntry) => w.dtype === "float32";

function describeGraph(read: TfjsFiles): TfjsModelInfo | string {
  ensureBackend();
  let model: tf.GraphModel<tf.io.IOHandlerSync>;
  try {
    model = tf.loadGraphModelSync(read.artifacts);
  } catch (e) {
    return `tfjs cannot build the graph in ${read.file}: ${(e as Error).message.split("\n")[0]}`;
  }
  try {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) return `the graph in ${read.file} has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a tower's layer takes one and makes one`;
    const input = model.inputs[0]!;
    if (input.dtype !== "float32") return `the graph in ${read.file} takes ${input.dtype}, and a tower's layers pass floats`;
    const shape = input.shape ? shapeOf(input.shape) : undefined;
    if (!shape || shape.slice(1).some((d) => d === null)) return `the graph in ${read.file} does not fix its input's shape (${input.shape ? `[${input.shape.join(", ")}]` : "none given"}); mmc needs every size but the batch's`;
    // A graph seldom records its output's shape: one item through it tells.
    const made = tf.tidy(() => (model.execute(tf.zeros([1, ...(shape.slice(1) as number[])])) as tf.Tensor).shape);
    const specs = read.artifacts.weightSpecs;
    const unsupported = specs.find((w) => !isFloat(w) && w.dtype !== "int32" && w.dtype !== "bool");
    if (unsupported) return `the graph in ${read.file} holds \`${unsupported.name}\` as ${unsupported.dtype}, which mmc does not keep`;
    const values = tf.io.decodeWeights(read.artifacts.weightData, specs);
    const constants = specs.filter((w) => !isFloat(w)).map((w) => ({ name: w.name, dtype: w.dtype as "int32" | "bool", shape: w.shape, values: Array.from(values[w.name]!.dataSync()) }));
    tf.dispose(Object.values(values));
    const nodes = (read.artifacts.modelTopology as { node?: { op?: string }[] }).node ?? [];
    return {
      format: "graph",
      input: shape,
      output: [null, ...made.slice(1)],
      weights: specs.filter(isFloat).map((w) => ({ name: w.name, shape: w.shape, trainable: false })),
      topology: read.artifacts.modelTopology,
      layers: [...new Set(nodes.map((n) => n.op ?? "?"))].filter((op) => op !== "Const" && op !== "Placeholder"),
      constants,
      ...(read.artifacts.signature ? { signature: read.artifacts.signature as object } : {}),
    };
  } finally {
    model.dispose();
  }
}
