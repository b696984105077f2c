// Small views of the score matrix for the report: a heat map and retrieved examples.
import { dotMatrix, normalizeRows, rowCount } from "./vectors.js";

/**
 * Cosine scores of the first n texts against the first n images: a row-major [n, n]
 * Float32Array, rows texts, columns images (n is capped at the item count).
 */
export function similarityMatrix(textEmb: Float32Array, imageEmb: Float32Array, dim: number, n: number): Float32Array {
  const m = Math.min(n, rowCount(textEmb, dim), rowCount(imageEmb, dim));
  const t = normalizeRows(textEmb.subarray(0, m * dim), dim);
  const i = normalizeRows(imageEmb.subarray(0, m * dim), dim);
  return dotMatrix(t, i, dim);
}

export interface TopK {
  /** Gallery rows, best first; equal scores in index order. */
  indices: number[];
  scores: number[];
}

/**
 * The k gallery items with the highest cosine score for query row queryIdx, e.g.
 * topK(textEmb, imageEmb, dim, 7, 5) for the five images retrieved by caption 7.
 */
export function topK(queries: Float32Array, gallery: Float32Array, dim: number, queryIdx: number, k: number): TopK {
  const nq = rowCount(queries, dim);
  if (queryIdx < 0 || queryIdx >= nq) throw new Error(`query ${queryIdx} out of range 0..${nq - 1}`);
  const q = normalizeRows(queries.subarray(queryIdx * dim, (queryIdx + 1) * dim), dim);
  const scores = dotMatrix(q, normalizeRows(gallery, dim), dim);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const indices = order.slice(0, Math.max(0, k));
  return { indices, scores: indices.map((j) => scores[j]) };
}
