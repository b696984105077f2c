// Where the first correct item lands in a ranked list, with a fixed rule for ties.

/** Scores closer than this are a tie (cosines of float32 embeddings differ by ~1e-7 from rounding alone). */
export const TIE_EPS = 1e-5;

/** Rank outcome of one query: `above` wrong items score strictly higher than the best correct item, `tied` tie with it. */
export interface RankOutcome {
  above: number;
  tied: number;
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
  for (let j = 0; j < n; j++) {
    if (ids[j] === queryId) continue;
    const s = scores[offset + j * stride];
    if (s > best + eps) above++;
    else if (s >= best - eps) tied++;
  }
  return { above, tied };
}

/**
 * Ties are broken uniformly at random and the expectation is taken, so the result is
 * deterministic and a model whose scores are all equal gets chance, not 0 or 1: the
 * correct item's rank is uniform on above+1 .. above+tied+1.
 */
export function expectedRank(o: RankOutcome): number {
  return o.above + 1 + o.tied / 2;
}

/** Probability that the correct item is within the first k, under the same tie rule. */
export function hitWithin(o: RankOutcome, k: number): number {
  return Math.min(Math.max(k - o.above, 0), o.tied + 1) / (o.tied + 1);
}
