// Cross-modal retrieval metrics computed as OpenCLIP and CLIP_benchmark do: L2-normalised
// embeddings, a texts x images cosine score matrix, recall@k both ways, median and mean rank.
// Plain Float32Arrays, row-major [n, dim]; row i of the texts is the caption of image i.
import { dotMatrix, normalizeRows, rowCount } from "./vectors.js";
import { expectedRank, hitWithin, rankOutcome, TIE_EPS, type RankOutcome } from "./ranks.js";

export { TIE_EPS } from "./ranks.js";
export { groupScores, type GroupOptions, type GroupScores } from "./groups.js";
export { similarityMatrix, topK, type TopK } from "./inspect.js";

export interface RetrievalOptions {
  /** Recall cut-offs; default [1, 5, 10]. */
  ks?: number[];
  /**
   * Caption id per item: items with equal ids have the same caption. Text -> image: any
   * image of that caption is a correct answer. Image -> text ranks the distinct captions
   * (the first text of each id stands for it), so copies of a wrong caption count once.
   * Default: every item distinct.
   */
  captionIds?: ArrayLike<number>;
  /** Scores within eps of each other tie; default TIE_EPS. */
  tieEps?: number;
}

export interface DirectionMetrics {
  /** k -> fraction of queries whose correct item is in the top k. */
  recall: Record<number, number>;
  /** 1-based; floor(median of 0-based ranks) + 1, as OpenCLIP reports it. */
  medianRank: number;
  /** 1-based mean rank. */
  meanRank: number;
}

export interface RetrievalMetrics {
  count: number;
  /** Distinct captions: the image -> text gallery size. */
  distinctCaptions: number;
  textToImage: DirectionMetrics;
  imageToText: DirectionMetrics;
}

/**
 * Rank of a query = 1 + the number of wrong gallery items scoring above its best correct
 * item. Ties (scores within tieEps of that best) are broken uniformly at random and the
 * expectation is reported (see ranks.ts), so results are deterministic and identical
 * embeddings score chance. Cost: n^2 * dim multiply-adds and an n^2 float32 matrix.
 */
export function retrievalMetrics(
  textEmb: Float32Array,
  imageEmb: Float32Array,
  dim: number,
  opts: RetrievalOptions = {},
): RetrievalMetrics {
  const n = rowCount(textEmb, dim);
  if (rowCount(imageEmb, dim) !== n) throw new Error(`${n} texts but ${rowCount(imageEmb, dim)} images`);
  const ids = opts.captionIds ?? Int32Array.from({ length: n }, (_, i) => i);
  if (ids.length !== n) throw new Error(`${ids.length} caption ids for ${n} items`);
  const ks = opts.ks ?? [1, 5, 10];
  const eps = opts.tieEps ?? TIE_EPS;
  // scores[t * n + i]: text t against image i.
  const scores = dotMatrix(normalizeRows(textEmb, dim), normalizeRows(imageEmb, dim), dim);
  const t2i: RankOutcome[] = [];
  for (let q = 0; q < n; q++) t2i.push(rankOutcome(scores, q * n, 1, ids, ids[q]!, eps)); // row q
  const { rows, rowIds } = distinctRows(scores, n, ids);
  const i2t: RankOutcome[] = [];
  for (let q = 0; q < n; q++) i2t.push(rankOutcome(rows, q, n, rowIds, ids[q]!, eps)); // column q
  return { count: n, distinctCaptions: rowIds.length, textToImage: summarize(t2i, ks), imageToText: summarize(i2t, ks) };
}

/** The score rows of each caption id's first text, in order of first appearance, with their ids. */
function distinctRows(scores: Float32Array, n: number, ids: ArrayLike<number>): { rows: Float32Array; rowIds: number[] } {
  const seen = new Set<number>();
  const first: number[] = [];
  for (let t = 0; t < n; t++) {
    if (seen.has(ids[t]!)) continue;
    seen.add(ids[t]!);
    first.push(t);
  }
  if (first.length === n) return { rows: scores, rowIds: Array.from(ids) };
  const rows = new Float32Array(first.length * n);
  first.forEach((t, d) => rows.set(scores.subarray(t * n, (t + 1) * n), d * n));
  return { rows, rowIds: first.map((t) => ids[t]!) };
}

function summarize(outcomes: RankOutcome[], ks: number[]): DirectionMetrics {
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = mean(outcomes.map((o) => hitWithin(o, k)));
  const ranks = outcomes.map(expectedRank);
  return { recall, medianRank: Math.floor(median(ranks.map((r) => r - 1))) + 1, meanRank: mean(ranks) };
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length === 0 ? NaN : s / xs.length;
}

/** Median as numpy takes it: the mean of the two middle values for an even count. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Flat metric names for metrics.json, in OpenCLIP's style: text_to_image_R@1,
 * text_to_image_median_rank, text_to_image_mean_rank, image_to_text_..., and mean_recall
 * (over both directions and all k).
 */
export function flattenRetrieval(m: RetrievalMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  const recalls: number[] = [];
  for (const [name, d] of [
    ["text_to_image", m.textToImage],
    ["image_to_text", m.imageToText],
  ] as const) {
    for (const [k, r] of Object.entries(d.recall)) {
      out[`${name}_R@${k}`] = r;
      recalls.push(r);
    }
    out[`${name}_median_rank`] = d.medianRank;
    out[`${name}_mean_rank`] = d.meanRank;
  }
  out.mean_recall = mean(recalls);
  return out;
}
