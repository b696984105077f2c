// Stable codes of the data errors (the MM4xxx range belongs to data and training; data uses
// MM40xx). Kept in one place so the diagnostics renderer and the docs can list them.
export const DATA_ERRORS = {
  unknownKind: "MM4001",
  unknownArg: "MM4002",
  badArg: "MM4003",
  missingArg: "MM4004",
  unavailableKind: "MM4005",
  manifestNotFound: "MM4010",
  manifestSyntax: "MM4011",
  missingColumn: "MM4012",
  emptyManifest: "MM4013",
  emptyCaption: "MM4014",
  imageNotFound: "MM4015",
  unsupportedImage: "MM4016",
  corruptImage: "MM4017",
  unknownLabel: "MM4018",
  assetsMissing: "MM4020",
} as const;

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `name`, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** "did you mean `x`?" help text, or undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const suggestion = closest(name, candidates);
  return suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;
}
