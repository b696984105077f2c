// The identifier rule, and what to say when a name breaks it: a name written with non-ASCII
// letters (`größe`, `层`, an emoji) is one mistake about the whole name, with an ASCII
// spelling offered when one is obvious, not "unexpected character" at each letter.

/** The rule, worded once for every message that states it. */
export const NAME_RULE = "names are ASCII letters, digits and `_`, and do not start with a digit";

export const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a name could be made of if a user meant it as one: letters and digits of any script, emoji, joiners. */
const NAME_CHAR = /^[\p{L}\p{M}\p{N}_\p{Extended_Pictographic}\u200D\uFE0F\u{1F3FB}-\u{1F3FF}]$/u;
/** Characters that make a run a would-be name rather than stray punctuation. */
const LETTERISH = /[\p{L}\p{Extended_Pictographic}]/u;

/** Spellings NFD does not give (it only strips accents): German, Nordic and a few more. */
const TRANSLITERATE: Record<string, string> = {
  ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue", ß: "ss", ẞ: "SS",
  æ: "ae", Æ: "Ae", ø: "o", Ø: "O", œ: "oe", Œ: "Oe", ł: "l", Ł: "L", đ: "d", Đ: "D", þ: "th", Þ: "Th", ð: "d", Ð: "D", ı: "i",
};

/**
 * The would-be name around an unexpected character at `offset`: the run of name characters
 * through it, when the character could belong to a name and the run holds a letter or emoji.
 */
export function nameAround(text: string, offset: number): { start: number; end: number } | undefined {
  if (!NAME_CHAR.test(String.fromCodePoint(text.codePointAt(offset)!))) return undefined;
  let from = offset;
  let to = offset;
  while (from > 0) {
    const ch = charBefore(text, from);
    if (!NAME_CHAR.test(ch)) break;
    from -= ch.length;
  }
  while (to < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(to)!);
    if (!NAME_CHAR.test(ch)) break;
    to += ch.length;
  }
  return LETTERISH.test(text.slice(from, to)) ? { start: from, end: to } : undefined;
}

function charBefore(text: string, offset: number): string {
  const low = text.charCodeAt(offset - 1);
  return low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? text.slice(offset - 2, offset) : text[offset - 1]!;
}

/** The characters of `name` that break the rule, each once, in order. */
export function nonAscii(name: string): string[] {
  return [...new Set([...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(name)].map((s) => s.segment).filter((g) => /[^\x00-\x7f]/.test(g)))];
}

/** An obvious ASCII spelling (`größe` -> `groesse`, `café` -> `cafe`), or undefined when there is none (`层`, an emoji). */
export function asciiSpelling(name: string): string | undefined {
  const mapped = [...name].map((ch) => TRANSLITERATE[ch] ?? ch).join("");
  // Accents go (NFD splits them off as marks); so do emoji, which spell nothing (`enc🚀` -> `enc`).
  const stripped = mapped.normalize("NFD").replace(/[\p{M}\p{Extended_Pictographic}\u200D\u{1F3FB}-\u{1F3FF}]/gu, "");
  return VALID_NAME.test(stripped) ? stripped : undefined;
}
