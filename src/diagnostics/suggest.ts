// The one "did you mean" of mmc (names, layers, arguments, settings, data kinds and
// arguments, manifest columns, codes), by edit distance, as rustc and Elm do.

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions, and a swap of two
 * adjacent letters, each one edit (`cnov2d` is one edit from `conv2d`, not two).
 */
export function editDistance(a: string, b: string): number {
  // Three rows: two back (for the swap), the previous, and the current.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length (1 to 3 edits; none for short words). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  // One- and two-letter words (axis names) only match a different case: `l` -> `L`.
  const limit = word.length <= 2 ? 0 : Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit) continue; // cannot be close; also keeps huge words cheap
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c ? `did you mean \`${c}\`?` : undefined;
}

/**
 * A diagnostic's did-you-mean: the `help` line and the suggested name itself (from which the
 * bag derives the editor fix), or nothing. Spread it into the options.
 */
export function suggestionHelp(word: string, candidates: Iterable<string>): { help?: string; suggestion?: string } {
  const c = closest(word, candidates);
  return c ? { help: `did you mean \`${c}\`?`, suggestion: c } : {};
}
