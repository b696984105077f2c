// Evaluation on the test split: embeddings of every test item, retrieval both ways,
// swap-group scores where the data has groups, accuracy of classification heads, and
// zero-shot classification of the test images by the data's class names.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import type { CompiledModel } from "../../lower/model.js";
import { Rng } from "../../common/random.js";
import type { DataBundle } from "../data/types.js";
import { flattenRetrieval, groupScores, retrievalMetrics } from "../eval/retrieval.js";
import { flattenRetrievalChance } from "../eval/chance.js";
import { captionIds, makeFeeds } from "./feeds.js";
import { repeatedCaptionsNote } from "./notes.js";
import { classEmbeddings, classPrompts, zeroShotScores, type ZeroShotResult } from "../eval/zeroShot.js";
import { embedPrompts } from "./zeroShotPrompts.js";
import { promptWordGaps, quotedFew } from "../../ir/data/prompt-words.js";

const EVAL_BATCH = 250;

export interface Embeddings {
  dim: number;
  images: Float32Array;
  texts: Float32Array;
}

export interface Evaluation {
  metrics: Record<string, number>;
  chance: Record<string, number>;
  /** Plain-language caveats on reading the metrics (e.g. repeated captions), for summary.json and the report. */
  notes?: string[];
  embeddings?: Embeddings;
  /** The zero-shot evaluation's per-class accuracy and confusion matrix, when the spec asks for one. */
  zeroShot?: ZeroShotResult;
}

/** The test split's item indices in evaluation batches. */
function evalBatches(n: number): Int32Array[] {
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += EVAL_BATCH) batches.push(Int32Array.from({ length: Math.min(EVAL_BATCH, n - start) }, (_, i) => start + i));
  return batches;
}

/** One batch's outputs for the requested nodes, left on the device for the caller to read and dispose. */
function forwardBatch(ir: IRProgram, model: CompiledModel, data: DataBundle, nodes: number[], idx: Int32Array): tf.Tensor[] {
  return tf.tidy(() => {
    const values = model.forward(makeFeeds(ir, data, data.test, idx), nodes, false, new Rng(0));
    return nodes.map((id) => values.get(id)!);
  });
}

function outputArrays(ir: IRProgram, n: number, nodes: number[]): { widths: number[]; out: Float32Array[] } {
  const widths = nodes.map((id) => ir.nodes[id]!.shape.slice(1).reduce((a, d) => a * (d.size ?? 1), 1));
  return { widths, out: widths.map((w) => new Float32Array(n * w)) };
}

/**
 * Runs the model over the test split in batches, returning the requested nodes' outputs
 * concatenated. Reads asynchronously only (any backend, WebGPU in Node included).
 */
async function collect(ir: IRProgram, model: CompiledModel, data: DataBundle, nodes: number[]): Promise<Float32Array[]> {
  const { widths, out } = outputArrays(ir, data.test.count, nodes);
  for (const idx of evalBatches(data.test.count)) {
    const outputs = forwardBatch(ir, model, data, nodes, idx);
    try {
      const read = await Promise.all(outputs.map((t) => t.data()));
      read.forEach((values, j) => out[j]!.set(values as Float32Array, idx[0]! * widths[j]!));
    } finally {
      tf.dispose(outputs);
    }
  }
  return out;
}

/**
 * Every node the spec's evaluations read over the test split, each once: one pass serves
 * them all (zero-shot reads only the image tower there; its text tower reads the prompts).
 */
function evaluationNodes(ir: IRProgram): number[] {
  return [...new Set(ir.evaluate.flatMap((e) => (e.kind === "retrieval" ? e.inputs : [e.inputs[0]!])))];
}

/** Unit class embeddings [classes, dim] of each zero-shot evaluation, by its index in ir.evaluate. */
async function zeroShotClasses(ir: IRProgram, model: CompiledModel, data: DataBundle): Promise<Map<number, Float32Array>> {
  const out = new Map<number, Float32Array>();
  for (const [i, e] of ir.evaluate.entries()) {
    if (e.kind !== "zero_shot") continue;
    const templates = e.templates!;
    const prompts = await embedPrompts(ir, model, data, e.inputs[1]!, classPrompts(data.info.classes, templates));
    out.set(i, classEmbeddings(prompts, ir.nodes[e.inputs[1]!]!.shape[1]!.size!, templates.length));
  }
  return out;
}

/** Evaluates on the test split, reading asynchronously only (any backend, WebGPU in Node included). */
export async function evaluate(ir: IRProgram, model: CompiledModel, data: DataBundle): Promise<Evaluation> {
  const nodes = evaluationNodes(ir);
  const classes = await zeroShotClasses(ir, model, data);
  return score(ir, data, nodes, await collect(ir, model, data, nodes), classes);
}

/** The zero-shot metrics of one evaluation, and a note when class names are words training never saw. */
function scoreZeroShot(data: DataBundle, images: Float32Array, classEmb: Float32Array, dim: number, templates: string[]): { result: ZeroShotResult; note?: string } {
  const labels = data.test.labels;
  if (!labels) throw new Error(`zero-shot evaluation: the ${data.info.kind} test split has class names but no labels`);
  const result = zeroShotScores(images, classEmb, dim, labels, data.info.classes, templates);
  const gaps = promptWordGaps(data.info.classes, templates, (word) => data.vocab.index.has(word));
  const said = [
    gaps.unseenClasses.length ? `${gaps.unseenClasses.length} of ${data.info.classes.length} class names (${quotedFew(gaps.unseenClasses)}) hold no word of the training captions, so the text tower sees only <unk> for them` : "",
    gaps.templateWords.length ? `the template words ${quotedFew(gaps.templateWords)} are not in the vocabulary and read as <unk>` : "",
  ].filter(Boolean);
  const note = said.length ? `zero-shot: ${said.join("; ")}` : undefined;
  return { result, ...(note ? { note } : {}) };
}

/** Metrics and their chance levels from the collected outputs of `nodes`. */
function score(ir: IRProgram, data: DataBundle, nodes: number[], outputs: Float32Array[], zeroShotClassEmb: Map<number, Float32Array>): Evaluation {
  const output = (id: number) => outputs[nodes.indexOf(id)]!;
  const metrics: Record<string, number> = {};
  const chance: Record<string, number> = {};
  let embeddings: Embeddings | undefined;
  const n = data.test.count;
  const ids = captionIds(data.test);
  const notes: string[] = [];
  let zeroShot: ZeroShotResult | undefined;
  for (const [index, e] of ir.evaluate.entries()) {
    if (e.kind === "zero_shot") {
      const dim = ir.nodes[e.inputs[0]!]!.shape[1]!.size!;
      const { result, note } = scoreZeroShot(data, output(e.inputs[0]!), zeroShotClassEmb.get(index)!, dim, e.templates!);
      zeroShot = result;
      metrics["zero_shot_top1"] = result.top1;
      metrics[`zero_shot_top${result.k}`] = result.top5;
      chance["zero_shot_top1"] = result.chance.top1;
      chance[`zero_shot_top${result.k}`] = result.chance.top5;
      if (note && !notes.includes(note)) notes.push(note);
    } else if (e.kind === "retrieval") {
      const images = output(e.inputs[0]!);
      const texts = output(e.inputs[1]!);
      const dim = ir.nodes[e.inputs[0]!]!.shape[1]!.size!;
      embeddings ??= { dim, images, texts };
      const r = retrievalMetrics(texts, images, dim, { ks: e.k, captionIds: ids });
      Object.assign(metrics, flattenRetrieval(r));
      Object.assign(chance, flattenRetrievalChance(ids, e.k));
      const note = repeatedCaptionsNote(n, r.distinctCaptions);
      if (note && !notes.includes(note)) notes.push(note);
      if (data.test.groups) {
        const g = groupScores(texts, images, dim, data.test.groups, { captionIds: ids });
        metrics["group_text_acc"] = g.groupTextAcc;
        metrics["group_image_acc"] = g.groupImageAcc;
        metrics["group_score"] = g.groupScore;
        metrics["group_strict"] = g.groupStrict;
        chance["group_score"] = g.chance;
        chance["group_text_acc"] = g.textChance;
        chance["group_image_acc"] = g.imageChance;
      }
    } else {
      const logits = output(e.inputs[0]!);
      const k = ir.nodes[e.inputs[0]!]!.shape[1]!.size!;
      let right = 0;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (logits[i * k + c]! > logits[i * k + best]!) best = c;
        if (best === data.test.labels?.[i]) right++;
      }
      metrics["accuracy"] = right / n;
      chance["accuracy"] = 1 / k;
    }
  }
  return { metrics, chance, ...(notes.length ? { notes } : {}), ...(embeddings ? { embeddings } : {}), ...(zeroShot ? { zeroShot } : {}) };
}
