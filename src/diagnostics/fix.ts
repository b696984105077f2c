// Machine-applicable fixes: text edits that make a diagnostic go away, for editors' quick
// fixes (`mmc lsp` code actions). A fix is attached only where it is certain to be what the
// `help:` line says; everything else stays advice in words.
import type { SourceFile, Span } from "../source/source.js";
import { editDistance } from "./suggest.js";

export interface TextEdit {
  span: Span;
  text: string;
}

export interface Fix {
  /** What applying it does, in a few words (a code action's title). */
  title: string;
  edits: TextEdit[];
}

const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTED_WORD = /^"[A-Za-z_][A-Za-z0-9_ ]*"$/;

/**
 * A did-you-mean suggestion (suggestionHelp's `suggestion`) replaces the diagnostic's primary
 * span when that span is the misspelled word (every checker caller marks the word itself): the
 * fix writes the suggestion there, keeping quotes. A span that is no word, or not close to the suggestion (a
 * data error marks its whole line), gets no fix.
 */
export function didYouMeanFix(file: SourceFile, primary: Span, name: string | undefined): Fix | undefined {
  if (name === undefined) return undefined;
  const written = file.slice(primary);
  const bare = written.replace(/^"(.*)"$/, "$1");
  if (bare === name || editDistance(bare.toLowerCase(), name.toLowerCase()) > 3) return undefined;
  if (WORD.test(written)) return { title: `change \`${written}\` to \`${name}\``, edits: [{ span: primary, text: name }] };
  if (QUOTED_WORD.test(written)) return { title: `change ${written} to "${name}"`, edits: [{ span: primary, text: `"${name}"` }] };
  return undefined;
}

/** A new line with `text` just above the line holding `offset`, indented like it. */
export function insertLineAbove(file: SourceFile, offset: number, text: string, title: string): Fix {
  const lineStart = file.text.lastIndexOf("\n", offset - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  return { title, edits: [{ span: { start: lineStart, end: lineStart }, text: `${indent}${text}\n` }] };
}
