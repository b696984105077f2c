// The data errors' codes, by what went wrong: each is in src/diagnostics/codes.ts (the MM5xxx
// range, data sets and their files), so every part of mmc prints codes from one space.
import type { Code } from "../../diagnostics/codes.js";
export const DATA_ERRORS = {
  unknownKind: "MM5001",
  unknownArg: "MM5002",
  badArg: "MM5003",
  missingArg: "MM5004",
  unavailableKind: "MM5005",
  manifestNotFound: "MM5010",
  manifestSyntax: "MM5011",
  missingColumn: "MM5012",
  emptyManifest: "MM5013",
  emptyCaption: "MM5014",
  imageNotFound: "MM5015",
  unsupportedImage: "MM5016",
  corruptImage: "MM5017",
  unknownLabel: "MM5018",
  assetsMissing: "MM5020",
} as const satisfies Record<string, Code>;

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
