// What the editor shows without changing the text: hover cards, inlay hints with shapes, and
// the outline (document symbols). All from src/language-service, as in the playground.
import { InlayHintKind, MarkupKind, SymbolKind, type DocumentSymbol, type Hover, type InlayHint, type Position, type Range } from "vscode-languageserver/node";
import { visibleHints } from "../language-service/answering.js";
import { hoverFor } from "../language-service/hover-text.js";
import { outline, type OutlineEntry, type OutlineKind } from "../language-service/outline.js";
import { checkedOf, type OpenSpec } from "./open-spec.js";

export function hover(s: OpenSpec, pos: Position): Hover | null {
  const text = s.doc.getText();
  const h = hoverFor(text, checkedOf(s), s.doc.offsetAt(pos));
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown.join("\n\n") }, range: { start: s.doc.positionAt(h.start), end: s.doc.positionAt(h.end) } };
}

export function inlayHints(s: OpenSpec, range: Range): InlayHint[] {
  const from = s.doc.offsetAt(range.start);
  const to = s.doc.offsetAt(range.end);
  return visibleHints(s.doc.getText(), checkedOf(s))
    .filter((h) => h.offset >= from && h.offset <= to)
    .map((h) => ({ position: s.doc.positionAt(h.offset), label: h.label, kind: InlayHintKind.Type, paddingLeft: true }));
}

const SYMBOL: Record<OutlineKind, SymbolKind> = {
  model: SymbolKind.Module,
  import: SymbolKind.File,
  data: SymbolKind.Constant,
  input: SymbolKind.Variable,
  block: SymbolKind.Function,
  encoder: SymbolKind.Class,
  head: SymbolKind.Class,
  loss: SymbolKind.Operator,
  train: SymbolKind.Property,
  evaluate: SymbolKind.Event,
  layer: SymbolKind.Method,
  repeat: SymbolKind.Array,
  residual: SymbolKind.Namespace,
};

export function documentSymbols(s: OpenSpec): DocumentSymbol[] {
  const ast = s.latest?.result.ast;
  if (!ast) return [];
  const range = (span: { start: number; end: number }): Range => ({ start: s.doc.positionAt(span.start), end: s.doc.positionAt(span.end) });
  const convert = (e: OutlineEntry): DocumentSymbol => ({
    name: e.name,
    kind: SYMBOL[e.kind],
    range: range(e.span),
    selectionRange: range(e.selection),
    children: e.children.map(convert),
    ...(e.detail ? { detail: e.detail } : {}),
  });
  return outline(ast, s.doc.getText()).map(convert);
}
