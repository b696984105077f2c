// What the editor needs from one check, in a form that crosses a worker boundary: the
// diagnostics (as `mmc check --format json` prints them), and for every IR node of this
// file its span, shape and parameters, so hover, inlay hints and completion can map a
// cursor offset to the node whose span contains it. Pure: no DOM, no Monaco, no tfjs.
import type { CheckResult } from "../check/check.js";
import { formatShape, type Dim } from "../ir/shape.js";
import { renderSummary, fmtInt } from "../check/summary.js";
import { diagnosticToJson } from "../diagnostics/render.js";
import type { IRProgram } from "../ir/ir.js";
import type * as A from "../ast/nodes.js";
import { TOWER_OPTIONS } from "../check/tower-options.js";

export type DiagnosticJson = ReturnType<typeof diagnosticToJson>;

export interface NodeInfo {
  id: number;
  start: number;
  end: number;
  op: string;
  label: string;
  tower: string;
  depth: number;
  shape: string;
  dims: Dim[];
  params: number;
  /** The node flowing into this one (its first input) and its shape, for hover. */
  input?: number;
  inShape?: string;
  scope?: number;
}

export interface ScopeInfo {
  id: number;
  kind: "repeat" | "residual" | "block";
  label: string;
  start: number;
  end: number;
  /** Last node expanded inside this scope (its output is the scope's output). */
  lastNode?: number;
  params: number;
}

export interface TowerInfo {
  name: string;
  role: "encoder" | "head";
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  bodyStart: number;
  /** The words between the header and `{` (`from "..."`, `frozen`, `lr_scale 0.1`), for hover. */
  options: { name: string; text: string; start: number; end: number }[];
  /** How training treats it and where its weights start, from the IR: `frozen, weights from "runs/pre/model"`. */
  training?: string;
  /** From the IR, when the spec checks. */
  outShape?: string;
  sourceNode?: number;
  params?: number;
}

export interface NamedSpan {
  name: string;
  start: number;
  end: number;
}

export interface Analysis {
  /** The document version this analysis is of. */
  version: number;
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: DiagnosticJson[];
  nodes: NodeInfo[];
  scopes: ScopeInfo[];
  towers: TowerInfo[];
  inputs: (NamedSpan & { node?: number })[];
  /** Blocks declared in this file, then those of its std imports (`from` names the file). */
  blocks: (NamedSpan & { params: string[]; from?: string })[];
  model?: string;
  paramCount?: number;
  lossParamCount?: number;
  /** `mmc check`'s shape summary. */
  summary?: string;
  /** The checked program (only when ok), for training. */
  ir?: IRProgram;
  /** Milliseconds the check took in the worker. */
  ms: number;
}

function callOptions(body: A.Stmt[]): A.TowerOption[] {
  return body.flatMap((st) => (st.kind === "layer" ? st.options : callOptions(st.body)));
}

export function analyze(result: CheckResult, path: string, version: number, ms: number): Analysis {
  const diagnostics = result.diagnostics.map(diagnosticToJson);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const ast = result.ast;
  const towers: TowerInfo[] = [];
  const inputs: Analysis["inputs"] = [];
  const blocks: Analysis["blocks"] = [];
  let model: string | undefined;
  for (const item of ast.items) {
    if (item.kind === "tower") {
      // The tower's own options, then those after block calls in its body (`from`).
      const options = [...item.options, ...callOptions(item.body)].map((o) => ({ name: o.name.text, text: o.value ? `${o.name.text} ${o.value.raw}` : o.name.text, start: o.span.start, end: o.span.end }));
      towers.push({ name: item.name.text, role: item.role, start: item.span.start, end: item.span.end, nameStart: item.name.span.start, nameEnd: item.name.span.end, bodyStart: item.bodySpan.start, options });
    } else if (item.kind === "input") {
      inputs.push({ name: item.name.text, start: item.span.start, end: item.span.end });
    } else if (item.kind === "block") {
      blocks.push({ name: item.name.text, start: item.span.start, end: item.span.end, params: item.params.map((p) => p.name.text) });
    } else if (item.kind === "model") {
      model = item.name.text;
    }
  }
  const a: Analysis = {
    version, ok: !!result.ir && errors === 0, errors, warnings: result.diagnostics.length - errors, diagnostics,
    nodes: [], scopes: [], towers, inputs, blocks, ms, ...(model ? { model } : {}),
  };
  const ir = result.ir;
  if (!ir) return a;
  const byId = new Map(ir.nodes.map((n) => [n.id, n]));
  for (const n of ir.nodes) {
    if (n.file !== path) continue;
    const input = n.inputs[0] !== undefined ? byId.get(n.inputs[0]) : undefined;
    a.nodes.push({
      id: n.id, start: n.span.start, end: n.span.end, op: n.op, label: n.label, tower: n.tower, depth: n.depth,
      shape: formatShape(n.shape), dims: n.shape, params: n.paramCount,
      ...(input ? { input: input.id, inShape: formatShape(input.shape) } : {}),
      ...(n.scope !== undefined ? { scope: n.scope } : {}),
    });
  }
  for (const s of ir.scopes ?? []) {
    if (s.file !== path) continue;
    const inside = ir.nodes.filter((n) => scopeContains(ir, n.scope, s.id));
    a.scopes.push({
      id: s.id, kind: s.kind, label: s.label, start: s.span.start, end: s.span.end,
      params: inside.reduce((sum, n) => sum + n.paramCount, 0),
      ...(inside.length ? { lastNode: inside[inside.length - 1]!.id } : {}),
    });
  }
  for (const t of towers) {
    const irt = ir.towers.find((x) => x.name === t.name);
    if (!irt) continue;
    t.outShape = formatShape(byId.get(irt.output)!.shape);
    const training = [
      irt.update?.kind === "frozen" ? "frozen (no updates)" : irt.update?.kind === "scaled" ? `learning rate × ${irt.update.lrScale}` : "",
      irt.pretrained ? `weights from "${irt.pretrained.from}"` : "",
    ].filter(Boolean).join(", ");
    if (training) t.training = training;
    t.params = irt.paramCount;
    const fusions = ir.nodes.filter((n) => n.tower === t.name && n.depth === 0);
    const src = fusions[fusions.length - 1];
    if (src) t.sourceNode = src.id;
  }
  for (const inp of inputs) {
    const irInput = ir.inputs.find((i) => i.name === inp.name);
    if (irInput) inp.node = irInput.node;
  }
  a.model = ir.model;
  a.paramCount = ir.paramCount;
  a.lossParamCount = ir.lossParamCount;
  a.summary = renderSummary(ir);
  a.ir = ir;
  return a;
}

function scopeContains(ir: IRProgram, scope: number | undefined, target: number): boolean {
  for (let s = scope; s !== undefined; s = ir.scopes?.[s]?.parent) if (s === target) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Offsets of an older text mapped into a newer one (one contiguous edit region), so the last
// valid analysis can still answer while the spec is mid-edit.

export interface TextMap {
  /** Maps an offset of the old text; undefined when it falls inside the edited region. */
  map(offset: number): number | undefined;
  /** First offset of the old text that changed. */
  changedFrom: number;
}

export function textMap(oldText: string, newText: string): TextMap {
  let p = 0;
  const max = Math.min(oldText.length, newText.length);
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  const delta = newText.length - oldText.length;
  const suffixStart = oldText.length - s;
  return {
    changedFrom: p === oldText.length && p === newText.length ? Infinity : p,
    map(o) {
      if (o <= p) return o;
      if (o >= suffixStart) return o + delta;
      return undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Lookups for hover and inlay hints.

export interface HoverInfo {
  start: number;
  end: number;
  title: string;
  shape?: string;
  inShape?: string;
  params?: number;
  /** Distinct output shapes when one layer line is expanded more than once (a block body). */
  shapes?: string[];
  op?: string;
  /** A tower's `frozen`, `lr_scale` and `from`, in words. */
  training?: string;
  /** Documentation shown as is (a tower option's). */
  doc?: string;
}

/** The innermost node (or block call, tower name, input) whose span contains `offset`. */
export function hoverAt(a: Analysis, offset: number): HoverInfo | undefined {
  const within = (s: { start: number; end: number }) => s.start <= offset && offset <= s.end;
  const tower = a.towers.find((t) => offset >= t.nameStart && offset <= t.nameEnd);
  if (tower && tower.outShape) {
    return {
      start: tower.nameStart, end: tower.nameEnd, title: `${tower.role} ${tower.name}`, shape: tower.outShape, params: tower.params ?? 0,
      ...(tower.sourceNode !== undefined ? { inShape: nodeById(a, tower.sourceNode)?.shape } : {}),
      ...(tower.training ? { training: tower.training } : {}),
    };
  }
  // A tower option: its documentation (shown whether or not the spec checks).
  const option = a.towers.flatMap((t) => t.options).find(within);
  if (option && Object.hasOwn(TOWER_OPTIONS, option.name)) {
    return { start: option.start, end: option.end, title: option.text, doc: TOWER_OPTIONS[option.name as keyof typeof TOWER_OPTIONS] };
  }
  const candidates = a.nodes.filter(within);
  const scopes = a.scopes.filter((s) => s.kind === "block" && within(s) && s.lastNode !== undefined);
  const narrowest = <T extends { start: number; end: number }>(xs: T[]) => xs.reduce<T | undefined>((best, x) => (!best || x.end - x.start < best.end - best.start ? x : best), undefined);
  const node = narrowest(candidates);
  const scope = narrowest(scopes);
  if (scope && (!node || scope.end - scope.start <= node.end - node.start)) {
    const last = nodeById(a, scope.lastNode!)!;
    const first = a.nodes.find((n) => n.scope !== undefined && n.id <= scope.lastNode! && inScope(a, n, scope.id));
    return { start: scope.start, end: scope.end, title: scope.label, shape: last.shape, params: scope.params, ...(first?.inShape ? { inShape: first.inShape } : {}), op: "block" };
  }
  if (!node) return undefined;
  const same = a.nodes.filter((n) => n.start === node.start && n.end === node.end);
  const shapes = [...new Set(same.map((n) => n.shape))];
  const params = same.reduce((s, n) => s + n.params, 0);
  return {
    start: node.start, end: node.end, title: node.op === "input" ? node.label : node.label, shape: node.shape, params: node.params,
    ...(node.inShape && node.op !== "input" ? { inShape: node.inShape } : {}),
    ...(same.length > 1 ? { shapes, params } : {}),
    op: node.op,
  };
}

function inScope(a: Analysis, n: NodeInfo, scope: number): boolean {
  // Scopes are numbered in creation order and nodes inside a scope come after it; the
  // analysis keeps each node's innermost scope, so walk up through the analysis' scopes.
  const parents = new Map<number, number | undefined>();
  for (const s of a.ir?.scopes ?? []) parents.set(s.id, s.parent);
  for (let s = n.scope; s !== undefined; s = parents.get(s)) if (s === scope) return true;
  return false;
}

export function nodeById(a: Analysis, id: number): NodeInfo | undefined {
  return a.nodes.find((n) => n.id === id);
}

export interface LineHint {
  /** Offset at the end of the line the hint follows. */
  offset: number;
  label: string;
}

/** One hint per line that ends a layer (its shape and parameters), an input or a tower header. */
export function lineHints(a: Analysis, text: string): LineHint[] {
  const lineEnd = (o: number) => {
    const nl = text.indexOf("\n", o);
    return nl < 0 ? text.length : nl;
  };
  const hints = new Map<number, { key: number; label: string }>();
  const put = (endOffset: number, key: number, label: string) => {
    const at = lineEnd(endOffset);
    const prev = hints.get(at);
    if (!prev || key >= prev.key) hints.set(at, { key, label });
  };
  const groups = new Map<string, NodeInfo[]>();
  for (const n of a.nodes) {
    if (n.depth === 0 && n.op !== "input") continue; // fusions: the tower header shows the result
    const k = `${n.start}:${n.end}`;
    groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  for (const same of groups.values()) {
    const n = same[0]!;
    const shapes = [...new Set(same.map((x) => x.shape))];
    const shape = shapes.length === 1 ? shapes[0]! : `${shapes[0]} … ${shapes[shapes.length - 1]}`;
    const times = same.length > 1 ? ` ×${same.length}` : "";
    const params = same.reduce((s, x) => s + x.params, 0);
    put(n.end - 1, n.end, `${shape}${params ? `  ${fmtInt(params)}` : ""}${times}`);
  }
  for (const s of a.scopes) {
    if (s.kind !== "block" || s.lastNode === undefined) continue;
    const last = nodeById(a, s.lastNode);
    if (last) put(s.end - 1, s.end + 0.5, `${last.shape}${s.params ? `  ${fmtInt(s.params)}` : ""}`);
  }
  for (const t of a.towers) {
    if (!t.outShape) continue;
    // The header line: `encoder name(source) -> [...] {`
    put(t.bodyStart, -1, `→ ${t.outShape}  ${fmtInt(t.params ?? 0)} params`);
  }
  return [...hints.entries()].sort((x, y) => x[0] - y[0]).map(([offset, h]) => ({ offset, label: h.label }));
}

export type { A };
