// A long source line is shown as a window around its marks, so a diagnostic on a generated
// line of a megabyte prints a few dozen columns, not the megabyte (once per diagnostic).

/** Characters of one source line shown; shorter lines are shown whole. */
export const MAX_SHOWN = 120;
/** Characters kept before the first mark. */
const LEAD = 40;
const ELLIPSIS = "...";

export interface LineView {
  text: string;
  /** A 1-based column of the line, as a column of `text`. */
  column(col: number): number;
  /** How many carets a mark of `width` at `col` gets inside the window. */
  width(col: number, width: number): number;
}

/** The part of `text` to show for marks starting at `cols` (1-based). */
export function clipLine(text: string, cols: readonly number[]): LineView {
  if (text.length <= MAX_SHOWN) return { text, column: (c) => c, width: (_, w) => w };
  let first = Infinity;
  for (const c of cols) first = Math.min(first, c);
  let from = Number.isFinite(first) ? Math.max(0, Math.min(first - 1 - LEAD, text.length - MAX_SHOWN)) : 0;
  let to = Math.min(text.length, from + MAX_SHOWN);
  // Never cut an emoji or other astral character in half.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const head = from > 0 ? ELLIPSIS : "";
  const tail = to < text.length ? ELLIPSIS : "";
  const inside = (c: number) => Math.min(Math.max(c - 1, from), to);
  return {
    text: head + text.slice(from, to) + tail,
    column: (c) => inside(c) - from + head.length + 1,
    width: (c, w) => Math.max(1, Math.min(c - 1 + w, to) - inside(c)),
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Marks on one line, in groups that each fit one window (sorted by column): on a long line,
 * marks far apart are shown under two copies of the line rather than one mark misplaced.
 */
export function windowsOf<M extends { col: number }>(lineLength: number, marks: readonly M[]): M[][] {
  if (lineLength <= MAX_SHOWN) return [[...marks]];
  const groups: M[][] = [];
  for (const m of marks) {
    const group = groups[groups.length - 1];
    if (group && m.col - group[0]!.col < MAX_SHOWN - LEAD) group.push(m);
    else groups.push([m]);
  }
  return groups;
}
