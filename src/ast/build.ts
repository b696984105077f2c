// CST -> AST. Tolerant: a node that error recovery left incomplete is dropped (the parse
// error already says why), so the checker only ever sees whole nodes.
import type { CstNode, IToken, CstElement } from "chevrotain";
import type * as A from "./nodes.js";
import type { Span } from "../source/source.js";

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement | undefined): e is IToken {
  return !!e && (e as IToken).image !== undefined;
}

function realToken(t: IToken | undefined): t is IToken {
  return !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

function tok(c: Children, key: string, i = 0): IToken | undefined {
  const e = c[key]?.[i];
  return isToken(e) && realToken(e) ? e : undefined;
}

function node(c: Children, key: string, i = 0): CstNode | undefined {
  const e = c[key]?.[i];
  return e && !isToken(e) ? (e as CstNode) : undefined;
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

function tokens(c: Children, key: string): IToken[] {
  return (c[key] ?? []).filter((e): e is IToken => isToken(e) && realToken(e));
}

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

function nodeSpan(n: CstNode): Span | undefined {
  const l = n.location;
  if (!l || !Number.isFinite(l.startOffset) || !Number.isFinite(l.endOffset ?? NaN)) return undefined;
  return { start: l.startOffset, end: (l.endOffset as number) + 1 };
}

function name(t: IToken | undefined): A.Name | undefined {
  return t ? { text: t.image, span: tokenSpan(t) } : undefined;
}

function unquote(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => (ch === "n" ? "\n" : ch === "t" ? "\t" : ch));
}

/** A declaration that a syntax error broke: the checker skips it but knows its name. */
export interface BrokenItem {
  kind: A.Item["kind"];
  name?: string;
  span: Span;
}

const ITEM_KINDS: Record<string, A.Item["kind"]> = {
  modelDecl: "model", importDecl: "import", dataDecl: "data", inputDecl: "input", blockDecl: "block",
  towerDecl: "tower", lossDecl: "loss", trainDecl: "train", evaluateDecl: "evaluate",
};

/**
 * Builds the AST. `errorOffsets` are where syntax errors were reported: an item that recovery
 * could not complete, or that holds one of them, is listed in `broken` as well (even when
 * recovery produced a whole node, its meaning is a guess).
 */
export function buildFile(cst: CstNode, comments: IToken[], textLength: number, errorOffsets: number[] = []): { ast: A.SpecFile; broken: BrokenItem[] } {
  const items: A.Item[] = [];
  const broken: BrokenItem[] = [];
  for (const itemNode of nodes(cst.children, "item")) {
    const inner = Object.values(itemNode.children).flat()[0];
    if (!inner || isToken(inner)) continue;
    const n = inner as CstNode;
    const item = buildItem(n);
    const sp = item?.span ?? nodeSpan(n) ?? firstTokenSpan(n);
    const hasError = !!sp && errorOffsets.some((o) => o >= sp.start && o <= sp.end);
    if (item) items.push(item);
    if (!item || hasError) {
      const kind = ITEM_KINDS[n.name];
      const nm = tok(n.children, n.name === "inputDecl" ? "name" : "Identifier");
      if (kind) broken.push({ kind, ...(nm ? { name: nm.image } : {}), span: sp ?? { start: 0, end: 0 } });
    }
  }
  return {
    ast: {
      items,
      comments: comments.filter(realToken).map((t) => ({ text: t.image, span: tokenSpan(t) })),
      span: { start: 0, end: textLength },
    },
    broken,
  };
}

function firstTokenSpan(n: CstNode): Span | undefined {
  let first: IToken | undefined;
  const visit = (e: CstElement) => {
    if (isToken(e)) {
      if (realToken(e) && (!first || e.startOffset < first.startOffset)) first = e;
    } else for (const list of Object.values(e.children)) for (const c of list ?? []) visit(c);
  };
  visit(n);
  return first ? tokenSpan(first) : undefined;
}

function buildItem(n: CstNode): A.Item | undefined {
  const c = n.children;
  const sp = nodeSpan(n);
  if (!sp || n.recoveredNode) return undefined;
  switch (n.name) {
    case "modelDecl": {
      const nm = name(tok(c, "Identifier"));
      return nm && { kind: "model", name: nm, span: sp };
    }
    case "importDecl": {
      const s = tok(c, "StringLiteral");
      return s && { kind: "import", path: { kind: "string", value: unquote(s.image), raw: s.image, span: tokenSpan(s) }, span: sp };
    }
    case "dataDecl": {
      const call = buildCall(node(c, "call"));
      return call && { kind: "data", call, span: sp };
    }
    case "inputDecl": {
      const nm = name(tok(c, "name"));
      const ty = name(tok(c, "type"));
      const dimsNode = node(c, "dims");
      const dims = buildDims(dimsNode);
      const dimsSpan = dimsNode && nodeSpan(dimsNode);
      if (!nm || !ty || !dims || !dimsSpan) return undefined;
      const modifiers: A.InputModifier[] = [];
      for (const m of nodes(c, "modifier")) {
        const mn = name(tok(m.children, "Identifier"));
        const value = buildPrimary(node(m.children, "primary"));
        const msp = nodeSpan(m);
        if (!mn || !value || !msp) return undefined;
        modifiers.push({ name: mn, value, span: msp });
      }
      return { kind: "input", name: nm, type: ty, dims, dimsSpan, modifiers, span: sp };
    }
    case "blockDecl": {
      const nm = name(tok(c, "Identifier"));
      const params: A.Param[] = [];
      for (const p of nodes(c, "param")) {
        const pn = name(tok(p.children, "Identifier"));
        const psp = nodeSpan(p);
        if (!pn || !psp) return undefined;
        const defNode = node(p.children, "expression");
        const def = defNode ? buildExpr(defNode) : undefined;
        if (defNode && !def) return undefined;
        params.push(def ? { name: pn, default: def, span: psp } : { name: pn, span: psp });
      }
      const body = buildBody(node(c, "body"));
      return nm && body && { kind: "block", name: nm, params, body: body.stmts, span: sp };
    }
    case "towerDecl": {
      const role = tok(c, "Encoder") ? "encoder" : "head";
      const nm = name(tok(c, "Identifier"));
      const source = buildExpr(node(c, "expression"));
      const dimsNode = node(c, "dims");
      const declaredDims = dimsNode ? buildDims(dimsNode) : undefined;
      const declaredSpan = dimsNode ? nodeSpan(dimsNode) : undefined;
      if (dimsNode && (!declaredDims || !declaredSpan)) return undefined;
      const options = buildOptions(c);
      if (!options) return undefined;
      const body = buildBody(node(c, "body"));
      if (!nm || !source || !body) return undefined;
      const tower: A.TowerDecl = { kind: "tower", role, name: nm, source, options, body: body.stmts, bodySpan: body.span, span: sp };
      if (declaredDims && declaredSpan) tower.declared = { dims: declaredDims, span: declaredSpan };
      return tower;
    }
    case "lossDecl": {
      const expr = buildExpr(node(c, "expression"));
      return expr && { kind: "loss", expr, span: sp };
    }
    case "trainDecl": {
      const settings: A.Setting[] = [];
      for (const s of nodes(c, "setting")) {
        const key = name(tok(s.children, "AnyName"));
        const value = buildExpr(node(s.children, "expression"));
        const ssp = nodeSpan(s);
        if (!key || !value || !ssp) return undefined;
        settings.push({ key, value, span: ssp });
      }
      if (!tok(c, "RBrace")) return undefined;
      return { kind: "train", settings, span: sp };
    }
    case "evaluateDecl": {
      const call = buildCall(node(c, "call"));
      return call && { kind: "evaluate", call, span: sp };
    }
  }
  return undefined;
}

function buildDims(n: CstNode | undefined): A.DimExpr[] | undefined {
  if (!n || !tok(n.children, "RBracket")) return undefined;
  const dims: A.DimExpr[] = [];
  for (const d of nodes(n.children, "dim")) {
    const sp = nodeSpan(d);
    const size = buildExpr(node(d.children, "expression"));
    if (!sp || !size) return undefined;
    const axis = name(tok(d.children, "axis"));
    dims.push(axis ? { axis, size, span: sp } : { size, span: sp });
  }
  return dims;
}

function buildBody(n: CstNode | undefined): { stmts: A.Stmt[]; span: Span } | undefined {
  if (!n) return undefined;
  const sp = nodeSpan(n);
  if (!sp || !tok(n.children, "RBrace")) return undefined;
  const stmts: A.Stmt[] = [];
  for (const s of nodes(n.children, "statement")) {
    const stmt = buildStmt(s);
    if (stmt) stmts.push(stmt);
  }
  return { stmts, span: sp };
}

function buildStmt(n: CstNode): A.Stmt | undefined {
  const c = n.children;
  const sp = nodeSpan(n);
  if (!sp) return undefined;
  const rep = node(c, "repeatStmt");
  if (rep) {
    const count = buildPrimary(node(rep.children, "primary"));
    const body = buildBody(node(rep.children, "body"));
    return count && body && { kind: "repeat", count, body: body.stmts, span: sp };
  }
  const res = node(c, "residualStmt");
  if (res) {
    const body = buildBody(node(res.children, "body"));
    return body && { kind: "residual", body: body.stmts, span: sp };
  }
  const call = buildCall(node(c, "call"));
  const options = buildOptions(c);
  return call && options && { kind: "layer", call, options, span: sp };
}

/** The `towerOption` children: `from "..."`, `frozen`, `lr_scale 0.1`; undefined when one is broken. */
function buildOptions(c: Children): A.TowerOption[] | undefined {
  const options: A.TowerOption[] = [];
  for (const o of nodes(c, "towerOption")) {
    const on = name(tok(o.children, "Identifier"));
    const osp = nodeSpan(o);
    if (!on || !osp) return undefined;
    const str = tok(o.children, "StringLiteral");
    const num = tok(o.children, "NumberLiteral");
    const value: A.StringLit | A.NumberLit | undefined = str
      ? { kind: "string", value: unquote(str.image), raw: str.image, span: tokenSpan(str) }
      : num ? { kind: "number", value: Number(num.image), raw: num.image, span: tokenSpan(num) } : undefined;
    options.push(value ? { name: on, value, span: osp } : { name: on, span: osp });
  }
  return options;
}

function buildCall(n: CstNode | undefined): A.CallExpr | undefined {
  if (!n) return undefined;
  const c = n.children;
  const callee = name(tok(c, "Identifier"));
  const sp = nodeSpan(n);
  if (!callee || !sp || !tok(c, "RParen")) return undefined;
  const args: A.Arg[] = [];
  for (const a of nodes(c, "argument")) {
    const value = buildExpr(node(a.children, "expression"));
    const asp = nodeSpan(a);
    if (!value || !asp) return undefined;
    const argName = name(tok(a.children, "AnyName"));
    args.push(argName ? { name: argName, value, span: asp } : { value, span: asp });
  }
  return { kind: "call", callee, args, span: sp };
}

function buildExpr(n: CstNode | undefined): A.Expr | undefined {
  if (!n) return undefined;
  return buildChain(n, "term", ["Plus", "Minus"], (t) => buildChain(t, "unary", ["Star", "Slash"], buildUnary));
}

/** Left-associative chain `x (op x)*`, with operators found by their position in the text. */
function buildChain(n: CstNode, operandKey: string, opKeys: string[], buildOperand: (n: CstNode) => A.Expr | undefined): A.Expr | undefined {
  const operands = nodes(n.children, operandKey);
  const ops = opKeys.flatMap((k) => tokens(n.children, k)).sort((a, b) => a.startOffset - b.startOffset);
  if (operands.length === 0 || ops.length !== operands.length - 1) return undefined;
  let left = buildOperand(operands[0]!);
  for (let i = 0; i < ops.length && left; i++) {
    const right = buildOperand(operands[i + 1]!);
    if (!right) return undefined;
    left = { kind: "binary", op: ops[i]!.image as A.BinaryExpr["op"], left, right, span: { start: left.span.start, end: right.span.end } };
  }
  return left;
}

function buildUnary(n: CstNode): A.Expr | undefined {
  const sp = nodeSpan(n);
  const minus = tok(n.children, "Minus");
  if (minus) {
    const operand = buildUnary(node(n.children, "unary")!);
    return operand && sp && { kind: "neg", operand, span: sp };
  }
  return buildPrimary(node(n.children, "primary"));
}

function buildPrimary(n: CstNode | undefined): A.Expr | undefined {
  if (!n) return undefined;
  const c = n.children;
  const sp = nodeSpan(n);
  if (!sp) return undefined;
  const num = tok(c, "NumberLiteral");
  if (num) return { kind: "number", value: Number(num.image), raw: num.image, span: sp };
  const str = tok(c, "StringLiteral");
  if (str) return { kind: "string", value: unquote(str.image), raw: str.image, span: sp };
  if (tok(c, "True")) return { kind: "bool", value: true, span: sp };
  if (tok(c, "False")) return { kind: "bool", value: false, span: sp };
  const call = node(c, "call");
  if (call) return buildCall(call);
  const id = tok(c, "Identifier");
  if (id) return { kind: "name", name: name(id)!, span: sp };
  const list = node(c, "list");
  if (list) {
    if (!tok(list.children, "RBracket")) return undefined;
    const items: A.Expr[] = [];
    for (const e of nodes(list.children, "expression")) {
      const item = buildExpr(e);
      if (!item) return undefined;
      items.push(item);
    }
    return { kind: "list", items, span: sp };
  }
  const inner = buildExpr(node(c, "expression"));
  if (inner && tok(c, "RParen")) return { kind: "paren", inner, span: sp };
  return undefined;
}
