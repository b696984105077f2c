// What changes the text: completion, `mmc fmt` as document formatting, and quick fixes for the
// diagnostics that carry a machine-applicable fix.
import { readdirSync } from "node:fs";
import path from "node:path";
import {
  CodeActionKind, CompletionItemKind, InsertTextFormat,
  type CodeAction, type CodeActionParams, type CompletionItem, type Position, type TextEdit,
} from "vscode-languageserver/node";
import { parseSpec } from "../ast/parse.js";
import { printSpec } from "../ast/print.js";
import { packageRoot } from "../cli/package-root.js";
import { completionsAt, type ItemKind } from "../language-service/complete.js";
import { SourceFile } from "../source/source.js";
import type { FixData } from "./diagnostics.js";
import type { OpenSpec } from "./open-spec.js";

const KIND: Record<ItemKind, CompletionItemKind> = {
  layer: CompletionItemKind.Function,
  block: CompletionItemKind.Module,
  keyword: CompletionItemKind.Keyword,
  argument: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  axis: CompletionItemKind.TypeParameter,
  tower: CompletionItemKind.Class,
  input: CompletionItemKind.Variable,
  fusion: CompletionItemKind.Operator,
  loss: CompletionItemKind.Function,
  data: CompletionItemKind.Constant,
  type: CompletionItemKind.Struct,
  module: CompletionItemKind.File,
};

let stdFiles: string[] | undefined;
function standardLibrary(): string[] {
  stdFiles ??= readdirSync(path.join(packageRoot(), "std")).filter((f) => f.endsWith(".mm")).sort().map((f) => `std/${f}`);
  return stdFiles;
}

export function completion(s: OpenSpec, pos: Position): CompletionItem[] {
  const text = s.doc.getText();
  const offset = s.doc.offsetAt(pos);
  const items = completionsAt({
    text, offset, stdFiles: standardLibrary(),
    ...(s.latest ? { latest: s.latest.analysis } : {}),
    ...(s.lastGood ? { lastGood: { analysis: s.lastGood.analysis, text: s.lastGood.text } } : {}),
  });
  // Each item replaces the word being typed.
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(0, offset))?.[0] ?? "";
  const range = { start: s.doc.positionAt(offset - word.length), end: pos };
  return items.map((it, i) => ({
    label: it.label,
    kind: KIND[it.kind],
    textEdit: { range, newText: it.insert },
    insertTextFormat: it.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: String(i).padStart(4, "0"),
    ...(it.detail ? { detail: it.detail } : {}),
    ...(it.doc ? { documentation: it.doc } : {}),
  }));
}

/** `mmc fmt` of the document as one edit; null while it has syntax errors (as `mmc fmt` leaves such files alone). */
export function formatting(s: OpenSpec): TextEdit[] | null {
  const text = s.doc.getText();
  const parsed = parseSpec(new SourceFile(s.doc.uri, text));
  if (parsed.diagnostics.length) return null;
  const formatted = printSpec(parsed.ast, text);
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: s.doc.positionAt(text.length) }, newText: formatted }];
}

export function codeActions(params: CodeActionParams): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const fixes = (d.data as { fixes?: FixData[] } | undefined)?.fixes ?? [];
    for (const f of fixes) {
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fixes.length === 1,
        edit: { changes: { [params.textDocument.uri]: f.edits } },
      });
    }
  }
  return out;
}
