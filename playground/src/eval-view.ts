// What the training panel draws, computed in the trainer's worker: thumbnails of the test
// images, and from an evaluation the similarity matrix, a PCA of the embeddings and a few
// text->image top-k lists.
import type { DataBundle } from "../../src/runtime/data/types.js";
import type { Evaluation } from "../../src/runtime/run/evaluate.js";
import { similarityMatrix, topK } from "../../src/runtime/eval/inspect.js";
import { pca2d } from "../../src/runtime/eval/pca.js";
import type { EvalView, Thumbs } from "./protocol.js";

const SIM_N = 24;
const PCA_N = 64;

export function thumbnails(data: DataBundle): Thumbs {
  const [h, w, c] = data.info.imageSize;
  const n = data.test.count;
  const rgba = new Uint8ClampedArray(n * h * w * 4);
  const px = data.test.images;
  for (let i = 0, p = 0; i < n * h * w; i++, p += c) {
    const r = px[p]!;
    rgba[i * 4] = r * 255;
    rgba[i * 4 + 1] = (c >= 3 ? px[p + 1]! : r) * 255;
    rgba[i * 4 + 2] = (c >= 3 ? px[p + 2]! : r) * 255;
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, count: n, height: h, width: w };
}

export function evalView(ev: Evaluation, data: DataBundle, step: number): EvalView {
  const base = { step, metrics: ev.metrics, chance: ev.chance };
  const emb = ev.embeddings;
  if (!emb) return { ...base, sim: { n: 0, scores: new Float32Array() }, pca: { n: 0, coords: new Float32Array(), explained: [0, 0] }, topk: [] };
  const { dim, images, texts } = emb;
  const count = images.length / dim;
  const sim = similarityMatrix(texts, images, dim, SIM_N);
  const n = Math.min(PCA_N, count);
  const stacked = new Float32Array(2 * n * dim);
  stacked.set(images.subarray(0, n * dim), 0);
  stacked.set(texts.subarray(0, n * dim), n * dim);
  const pca = dim >= 2 ? pca2d(stacked, dim) : { coords: new Float32Array(4 * n), explained: [0, 0] as [number, number] };
  const captions = data.test.captions;
  const queries = [0, 1, 9, 22, 37].filter((q) => q < count);
  const topk = queries.map((q) => {
    const r = topK(texts, images, dim, q, 5);
    return { query: q, hits: r.indices.map((index, i) => ({ index, score: r.scores[i]!, correct: captions[index] === captions[q] })) };
  });
  return { ...base, sim: { n: Math.min(SIM_N, count), scores: sim }, pca: { n, coords: pca.coords, explained: pca.explained }, topk };
}
