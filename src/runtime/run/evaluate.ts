// Evaluation on the test split: embeddings of every test item, retrieval both ways,
// swap-group scores where the data has groups, and accuracy of classification heads.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import type { CompiledModel } from "../../lower/model.js";
import { Rng } from "../data/random.js";
import type { DataBundle } from "../data/types.js";
import { flattenRetrieval, groupScores, retrievalMetrics } from "../eval/retrieval.js";
import { captionIds, makeFeeds } from "./feeds.js";

const EVAL_BATCH = 250;

export interface Embeddings {
  dim: number;
  images: Float32Array;
  texts: Float32Array;
}

export interface Evaluation {
  metrics: Record<string, number>;
  chance: Record<string, number>;
  embeddings?: Embeddings;
}

/** Runs the model over the test split in batches, returning the requested nodes' outputs concatenated. */
export function collect(ir: IRProgram, model: CompiledModel, data: DataBundle, nodes: number[]): Float32Array[] {
  const n = data.test.count;
  const widths = nodes.map((id) => ir.nodes[id]!.shape.slice(1).reduce((a, d) => a * (d.size ?? 1), 1));
  const out = widths.map((w) => new Float32Array(n * w));
  for (let start = 0; start < n; start += EVAL_BATCH) {
    const idx = Int32Array.from({ length: Math.min(EVAL_BATCH, n - start) }, (_, i) => start + i);
    tf.tidy(() => {
      const values = model.forward(makeFeeds(ir, data, data.test, idx), nodes, false, new Rng(0));
      nodes.forEach((id, j) => out[j]!.set(values.get(id)!.dataSync() as Float32Array, start * widths[j]!));
    });
  }
  return out;
}

export function evaluate(ir: IRProgram, model: CompiledModel, data: DataBundle): Evaluation {
  const metrics: Record<string, number> = {};
  const chance: Record<string, number> = {};
  let embeddings: Embeddings | undefined;
  const n = data.test.count;
  const ids = captionIds(data.test);
  for (const e of ir.evaluate) {
    if (e.kind === "retrieval") {
      const [images, texts] = collect(ir, model, data, e.inputs) as [Float32Array, Float32Array];
      const dim = ir.nodes[e.inputs[0]!]!.shape[1]!.size!;
      embeddings ??= { dim, images, texts };
      Object.assign(metrics, flattenRetrieval(retrievalMetrics(texts, images, dim, { ks: e.k, captionIds: ids })));
      const distinct = new Set(data.test.captions).size;
      for (const k of e.k) {
        // A random ranking finds one of the query's correct items in the top k.
        chance[`text_to_image_R@${k}`] = Math.min(1, (k * (n / distinct)) / n);
        chance[`image_to_text_R@${k}`] = Math.min(1, (k * (n / distinct)) / n);
      }
      for (const dir of ["text_to_image", "image_to_text"]) {
        chance[`${dir}_median_rank`] = Math.ceil(distinct / 2);
        chance[`${dir}_mean_rank`] = (distinct + 1) / 2;
      }
      if (data.test.groups) {
        const g = groupScores(texts, images, dim, data.test.groups, { captionIds: ids });
        metrics["group_text_acc"] = g.groupTextAcc;
        metrics["group_image_acc"] = g.groupImageAcc;
        metrics["group_score"] = g.groupScore;
        metrics["group_strict"] = g.groupStrict;
        chance["group_score"] = g.chance;
        chance["group_text_acc"] = g.chance;
        chance["group_image_acc"] = g.chance;
      }
    } else {
      const [logits] = collect(ir, model, data, [e.inputs[0]!]) as [Float32Array];
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
  return embeddings ? { metrics, chance, embeddings } : { metrics, chance };
}
