// The outline of a spec (an editor's document symbols): one entry per item, and inside each
// tower and block its layers, `repeat` and `residual` bodies, in source order.
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/source.js";

export type OutlineKind = "model" | "import" | "data" | "input" | "block" | "encoder" | "head" | "loss" | "train" | "evaluate" | "layer" | "repeat" | "residual";

export interface OutlineEntry {
  name: string;
  detail?: string;
  kind: OutlineKind;
  span: Span;
  /** The part to select: the name, or the whole entry where it has none. */
  selection: Span;
  children: OutlineEntry[];
}

export function outline(ast: A.SpecFile, text: string): OutlineEntry[] {
  const slice = (s: Span) => text.slice(s.start, s.end);
  const entry = (name: string, kind: OutlineKind, span: Span, selection: Span, children: OutlineEntry[] = [], detail?: string): OutlineEntry => ({
    name, kind, span, selection, children, ...(detail ? { detail } : {}),
  });
  const body = (stmts: A.Stmt[]): OutlineEntry[] =>
    stmts.map((s) => {
      if (s.kind === "layer") return entry(s.call.callee.text, "layer", s.span, s.call.callee.span, [], oneLine(slice(s.call.span)));
      if (s.kind === "repeat") return entry(`repeat ${oneLine(slice(s.count.span))}`, "repeat", s.span, s.span, body(s.body));
      return entry("residual", "residual", s.span, s.span, body(s.body));
    });
  return ast.items.map((item) => {
    switch (item.kind) {
      case "model": return entry(item.name.text, "model", item.span, item.name.span, [], "model");
      case "import": return entry(item.path.value, "import", item.span, item.path.span, [], "import");
      case "data": return entry(item.call.callee.text, "data", item.span, item.call.callee.span, [], "data");
      case "input": return entry(item.name.text, "input", item.span, item.name.span, [], `${item.type.text}${item.dims.length ? slice(item.dimsSpan) : ""}`);
      case "block": return entry(item.name.text, "block", item.span, item.name.span, body(item.body), `block(${item.params.map((p) => p.name.text).join(", ")})`);
      case "tower": return entry(item.name.text, item.role, item.span, item.name.span, body(item.body), `${item.role}(${oneLine(slice(item.source.span))})`);
      case "loss": return entry("loss", "loss", item.span, item.span, [], oneLine(slice(item.expr.span)));
      case "train": return entry("train", "train", item.span, item.span, item.settings.map((s) => entry(s.key.text, "train", s.span, s.key.span, [], oneLine(slice(s.value.span)))));
      case "evaluate": return entry("evaluate", "evaluate", item.span, item.span, [], oneLine(slice(item.call.span)));
    }
  });
}

function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > 60 ? flat.slice(0, 59) + "…" : flat;
}
