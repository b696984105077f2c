// The names a spec declares (blocks, encoders, heads, inputs) and every place it uses them,
// from the AST alone, so go to definition, find references and rename work even while the
// spec does not check. Block calls are `name(...)` statements in a body; inputs and towers are
// named in tower sources, fusions, losses, evaluations and `name`-typed layer arguments.
import type * as A from "../ast/nodes.js";
import type { Span } from "../source/source.js";

export type SymbolKind = "block" | "encoder" | "head" | "input";

export interface SymbolDef {
  name: string;
  kind: SymbolKind;
  nameSpan: Span;
  span: Span;
}

export interface Use {
  name: string;
  span: Span;
  /** A block call (`name(...)` as a statement) or a value (an input or tower named). */
  as: "call" | "value";
}

export interface ImportRef {
  /** As written, such as `std/cnn.mm`. */
  path: string;
  /** The string literal, quotes included. */
  span: Span;
}

export interface SpecSymbols {
  defs: SymbolDef[];
  uses: Use[];
  imports: ImportRef[];
}

export function specSymbols(ast: A.SpecFile): SpecSymbols {
  const defs: SymbolDef[] = [];
  const uses: Use[] = [];
  const imports: ImportRef[] = [];
  const walk = new Walker(uses);
  for (const item of ast.items) {
    switch (item.kind) {
      case "import":
        imports.push({ path: item.path.value, span: item.path.span });
        break;
      case "input":
        defs.push({ name: item.name.text, kind: "input", nameSpan: item.name.span, span: item.span });
        break;
      case "block":
        defs.push({ name: item.name.text, kind: "block", nameSpan: item.name.span, span: item.span });
        walk.stmts(item.body, new Set(item.params.map((p) => p.name.text)));
        for (const p of item.params) if (p.default) walk.expr(p.default, new Set());
        break;
      case "tower":
        defs.push({ name: item.name.text, kind: item.role, nameSpan: item.name.span, span: item.span });
        walk.expr(item.source, new Set());
        walk.stmts(item.body, new Set());
        break;
      case "loss":
        walk.expr(item.expr, new Set());
        break;
      case "evaluate":
        walk.expr(item.call, new Set());
        break;
      default:
        break;
    }
  }
  return { defs, uses, imports };
}

class Walker {
  constructor(private readonly uses: Use[]) {}

  /** `params`: a block's parameter names, which are not references to inputs or towers. */
  stmts(body: A.Stmt[], params: Set<string>): void {
    for (const s of body) {
      if (s.kind === "layer") {
        this.uses.push({ name: s.call.callee.text, span: s.call.callee.span, as: "call" });
        for (const a of s.call.args) this.expr(a.value, params);
      } else {
        if (s.kind === "repeat") this.expr(s.count, params);
        this.stmts(s.body, params);
      }
    }
  }

  expr(e: A.Expr, params: Set<string>): void {
    switch (e.kind) {
      case "name":
        if (!params.has(e.name.text)) this.uses.push({ name: e.name.text, span: e.name.span, as: "value" });
        break;
      case "call":
        for (const a of e.args) this.expr(a.value, params);
        break;
      case "list":
        for (const x of e.items) this.expr(x, params);
        break;
      case "binary":
        this.expr(e.left, params);
        this.expr(e.right, params);
        break;
      case "neg":
        this.expr(e.operand, params);
        break;
      case "paren":
        this.expr(e.inner, params);
        break;
      default:
        break;
    }
  }
}

const within = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** The declaration a use refers to: blocks by calls, inputs and towers by values. */
export function declOf(symbols: SpecSymbols, use: Use): SymbolDef | undefined {
  return symbols.defs.find((d) => d.name === use.name && (use.as === "call" ? d.kind === "block" : d.kind !== "block"));
}

export type Target =
  | { kind: "def"; def: SymbolDef; span: Span }
  | { kind: "use"; use: Use; def?: SymbolDef; span: Span }
  | { kind: "import"; ref: ImportRef; span: Span };

/** What the name (or import path) at `offset` is. */
export function targetAt(symbols: SpecSymbols, offset: number): Target | undefined {
  const def = symbols.defs.find((d) => within(d.nameSpan, offset));
  if (def) return { kind: "def", def, span: def.nameSpan };
  const use = symbols.uses.find((u) => within(u.span, offset));
  if (use) {
    const d = declOf(symbols, use);
    return { kind: "use", use, ...(d ? { def: d } : {}), span: use.span };
  }
  const ref = symbols.imports.find((i) => within(i.span, offset));
  if (ref) return { kind: "import", ref, span: ref.span };
  return undefined;
}

/** Every use of a declaration of this file (not the declaration itself). */
export function usesOf(symbols: SpecSymbols, def: SymbolDef): Use[] {
  return symbols.uses.filter((u) => declOf(symbols, u) === def);
}

/** Calls of blocks no block of this file declares, by name (those an import provides). */
export function callsOf(symbols: SpecSymbols, blockNames: Set<string>): Use[] {
  return symbols.uses.filter((u) => u.as === "call" && blockNames.has(u.name) && !declOf(symbols, u));
}
