// Closed-form chance of the retrieval metrics that retrieval.ts reports, for a random
// ranking of the same gallery, so "x chance" compares like with like when captions repeat:
// - image -> text ranks one correct caption among the D distinct captions;
// - text -> image ranks all n images, of which the m images carrying the query's caption
//   are all correct (the first one found counts).

/** Number of items per caption id. */
function countsById(ids: ArrayLike<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) counts.set(ids[i]!, (counts.get(ids[i]!) ?? 0) + 1);
  return counts;
}

/** P(first correct position > r) when m of n gallery items are correct: C(n-m, r) / C(n, r). */
function survival(n: number, m: number, r: number): number {
  if (r > n - m) return 0;
  let p = 1;
  for (let i = 0; i < r; i++) p *= (n - m - i) / (n - i);
  return p;
}

export interface DirectionChance {
  recall: Record<number, number>;
  medianRank: number;
  meanRank: number;
}

/** Chance for text -> image: every item is a query, weighted as often as its caption occurs. */
export function textToImageChance(ids: ArrayLike<number>, ks: number[]): DirectionChance {
  const n = ids.length;
  // Queries per caption size m: a caption with m images is the query m times out of n.
  // Grouped by m so the cost follows the few distinct sizes, not the captions.
  const queriesBySize = new Map<number, number>();
  for (const m of countsById(ids).values()) queriesBySize.set(m, (queriesBySize.get(m) ?? 0) + m);
  const mix = (f: (m: number) => number) => {
    let s = 0;
    for (const [m, q] of queriesBySize) s += (q / n) * f(m);
    return s;
  };
  const tail = (r: number) => mix((m) => survival(n, m, r));
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = 1 - tail(k);
  // E[first correct position] with m correct of n, random order: (n + 1) / (m + 1).
  const meanRank = mix((m) => (n + 1) / (m + 1));
  // Median of the pooled ranks as retrieval.ts takes it: the smallest r with P(rank <= r) >= 1/2.
  let medianRank = 1;
  while (medianRank < n && 1 - tail(medianRank) < 0.5) medianRank++;
  return { recall, medianRank, meanRank };
}

/** Chance for image -> text over the D distinct captions: rank uniform on 1..D. */
export function imageToTextChance(ids: ArrayLike<number>, ks: number[]): DirectionChance {
  const d = countsById(ids).size;
  const recall: Record<number, number> = {};
  for (const k of ks) recall[k] = Math.min(k, d) / d;
  return { recall, medianRank: Math.ceil(d / 2), meanRank: (d + 1) / 2 };
}

/** Flat chance values under the names flattenRetrieval gives the metrics. */
export function flattenRetrievalChance(ids: ArrayLike<number>, ks: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, c] of [
    ["text_to_image", textToImageChance(ids, ks)],
    ["image_to_text", imageToTextChance(ids, ks)],
  ] as const) {
    for (const k of ks) out[`${name}_R@${k}`] = c.recall[k]!;
    out[`${name}_median_rank`] = c.medianRank;
    out[`${name}_mean_rank`] = c.meanRank;
  }
  return out;
}
