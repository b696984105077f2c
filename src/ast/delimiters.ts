// Which brackets are never closed, found by matching the token stream (not the parser, whose
// recovery guesses): a syntax error can then point at the opener as well as where it noticed.
import type { IToken } from "chevrotain";

export type Opener = "(" | "[" | "{";

export interface Unclosed {
  char: Opener;
  /** Offset of the opener. */
  start: number;
  /** Where it was given up: the closer of an outer bracket, or the end of the file (Infinity). */
  until: number;
}

const CLOSES: Record<string, Opener> = { ")": "(", "]": "[", "}": "{" };

/**
 * Openers with no closer, innermost last. A closer that matches an outer opener closes it and
 * gives up the ones inside it (`f(a {}` ... `}`: the `(` is unclosed); a closer that matches
 * nothing open is a stray and skipped (the parser reports it).
 */
export function unclosedDelimiters(tokens: readonly IToken[]): Unclosed[] {
  const open: { char: Opener; start: number }[] = [];
  const out: Unclosed[] = [];
  for (const t of tokens) {
    const image = t.image;
    if (image === "(" || image === "[" || image === "{") {
      open.push({ char: image, start: t.startOffset });
      continue;
    }
    const wanted = CLOSES[image];
    if (!wanted) continue;
    let depth = open.length - 1;
    while (depth >= 0 && open[depth]!.char !== wanted) depth--;
    if (depth < 0) continue;
    while (open.length - 1 > depth) out.push({ ...open.pop()!, until: t.startOffset });
    open.pop();
  }
  while (open.length) out.push({ ...open.pop()!, until: Infinity });
  return out.sort((a, b) => a.start - b.start);
}

/** The unclosed openers still open at `offset` (opened before it, given up at or after it). */
export function openAt(unclosed: readonly Unclosed[], offset: number): Unclosed[] {
  return unclosed.filter((u) => u.start < offset && u.until >= offset);
}
