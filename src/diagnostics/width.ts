// How wide text is on a terminal, so carets line up under what they mark: a wide character
// (CJK, most emoji) takes two columns, a combining mark or joiner none, a tab TAB_WIDTH
// (the renderer shows a tab as that many spaces). Widths are per grapheme cluster, so a joined
// emoji sequence, a flag or a skin tone is one wide glyph. No dependency: the ranges are below.
// Only the drawing uses display columns: the reported `line:col` stays the UTF-16 column that
// editors and LSP use (and the playground's markers), a tab and an emoji's halves included.

/** Columns a tab is shown as (rustc's choice too). */
export const TAB_WIDTH = 4;

/** East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F, the ranges that matter). */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1b000, 0x1b2ff], // Kana supplement and extensions
  [0x20000, 0x2fffd], // CJK extensions B-F
  [0x30000, 0x3fffd], // CJK extension G and beyond
];

const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
const ZERO = /^[\p{M}\u200B-\u200F\u2060\uFEFF\uFE00-\uFE0F]+$/u;

function isWide(cp: number): boolean {
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return true;
  return false;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Columns one user-perceived character (a grapheme cluster) takes. */
export function graphemeWidth(g: string): number {
  if (g === "\t") return TAB_WIDTH;
  if (ZERO.test(g)) return 0;
  if (EMOJI.test(g) || isWide(g.codePointAt(0)!)) return 2; // a ZWJ sequence or flag is one wide glyph
  const cp = g.codePointAt(0)!;
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
}

/** Columns `text` takes on a terminal. */
export function displayWidth(text: string): number {
  // ASCII without tabs or control characters, the common case, needs no segmenting.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` as shown: tabs become TAB_WIDTH spaces, so the width of what is shown is displayWidth. */
export function expandTabs(text: string): string {
  return text.includes("\t") ? text.replaceAll("\t", " ".repeat(TAB_WIDTH)) : text;
}
