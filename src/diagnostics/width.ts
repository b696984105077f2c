// Display width of source text, so carets line up under what a terminal shows: CJK and emoji
// take two columns, combining marks, joiners and variation selectors none, a tab four (and
// source lines are printed with tabs as four spaces). Reported `line:col` stays the
// character (UTF-16) column editors and LSP use; only the drawing uses display columns.

const ZERO = /^[\p{M}\u200B-\u200F\u2060\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const WIDE = /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F000}-\u{1FAFF}\u{20000}-\u{3FFFD}]$/u;

export const TAB_WIDTH = 4;

export function charWidth(ch: string): number {
  if (ch === "\t") return TAB_WIDTH;
  if (ZERO.test(ch)) return 0;
  if (WIDE.test(ch) || /^\p{Extended_Pictographic}$/u.test(ch)) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** The line as printed: tabs as spaces, so the carets' arithmetic holds. */
export function expandTabs(text: string): string {
  return text.includes("\t") ? text.replace(/\t/g, " ".repeat(TAB_WIDTH)) : text;
}
