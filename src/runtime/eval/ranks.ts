// Where the first correct item lands in a ranked list, with a fixed rule for ties.

/** Scores closer than this are a tie (cosines of float32 embeddings differ by ~1e-7 from rounding alone). */
export const TIE_EPS = 1e-5;

/**
 * Rank outcome of one query: `above` wrong items score strictly higher than the best correct
 * item, `tied` wrong items tie with it, and `tiedCorrect` (>= 1) correct items share that best
 * score (more than one only when the gallery repeats a correct item, e.g. images of one caption).
 */
export interface RankOutcome {
  above: number;
  tied: number;
  tiedCorrect: number;
}

/**
 * Scores of one query over a gallery, read as scores[offset + j * stride], j < n. Gallery
 * item j is correct when ids[j] === queryId (equal caption ids are interchangeable), and
 * only the best-scoring correct item matters.
 */
export function rankOutcome(
  scores: Float32Array,
  offset: number,
  stride: number,
  ids: ArrayLike<number>,
  queryId: number,
  eps = TIE_EPS,
): RankOutcome {
  const n = ids.length;
  let best = -Infinity;
  for (let j = 0; j < n; j++) {
    if (ids[j] === queryId) best = Math.max(best, scores[offset + j * stride]);
  }
  let above = 0;
  let tied = 0;
  let tiedCorrect = 0;
  for (let j = 0; j < n; j++) {
    const s = scores[offset + j * stride];
    if (ids[j] === queryId) {
      if (s >= best - eps) tiedCorrect++;
    } else if (s > best + eps) above++;
    else if (s >= best - eps) tied++;
  }
  return { above, tied, tiedCorrect };
}

/**
 * Ties are broken uniformly at random and the expectation is taken, so the result is
 * deterministic and a model whose scores are all equal gets chance, not 0 or 1. The tied
 * block holds `tied` wrong and c = tiedCorrect correct items in random order; the first
 * correct one lands at position p of the block, E[p] = (tied + c + 1) / (c + 1) (with one
 * correct item: uniform on 1 .. tied+1).
 */
export function expectedRank(o: RankOutcome): number {
  const c = Math.max(1, o.tiedCorrect);
  return o.above + (o.tied + c + 1) / (c + 1);
}

/**
 * Probability that a correct item is within the first k, under the same tie rule:
 * 1 - P(the first j = k - above places of the tied block are all wrong)
 *   = 1 - C(tied, j) / C(tied + c, j).
 */
export function hitWithin(o: RankOutcome, k: number): number {
  const j = k - o.above;
  if (j <= 0) return 0;
  const c = Math.max(1, o.tiedCorrect);
  if (j > o.tied) return 1;
  let allWrong = 1;
  for (let i = 0; i < j; i++) allWrong *= (o.tied - i) / (o.tied + c - i);
  return 1 - allWrong;
}
