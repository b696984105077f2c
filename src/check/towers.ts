// Walks encoder/head bodies: layer calls, user blocks (expanded with their arguments bound),
// repeat and residual, emitting IR nodes and threading the flowing tensor type.
import type * as A from "../ast/nodes.js";
import { expr as printExpr } from "../ast/print.js";
import { bindArgs, type CallLike } from "../common/arg-schema.js";
import { LAYERS } from "./layers/index.js";
import { checkCallOptions } from "./tower-options.js";
import type { LoadTfjsModel } from "./tfjs-model-info.js";
import type { Flow } from "./layers/types.js";
import type { GraphBuilder } from "./graph.js";
import { formatShape, sameShape } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type Env, type EvalError, type Value } from "./values.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../source/source.js";
import { fmtCount, MAX_CHAIN, MAX_NODES, MAX_REPEAT, MAX_SCOPES } from "../source/limits.js";

export interface BlockInfo {
  decl: A.BlockDecl;
  file: SourceFile;
}

export interface WalkCtx {
  bag: DiagnosticBag;
  env: Env;
  graph: GraphBuilder;
  tower: string;
  depth: number;
  blocks: ReadonlyMap<string, BlockInfo>;
  /** Blocks a syntax error broke: calls to them are not reported again. */
  brokenBlocks?: ReadonlySet<string>;
  blockStack: string[];
  /** Set inside a block: where it was called from, for notes. */
  note?: string;
  /** The innermost repeat pass, residual or block call (an IR scope id). */
  scope?: number;
  /** The innermost `repeat`'s count, for the too-large error. */
  repeat?: { span: Span; file: SourceFile };
  resolveTower(name: string, span: Span, bag: DiagnosticBag): Flow | undefined;
  /** Reads the files `tfjs_model(...)` names (CheckOptions.loadTfjsModel). */
  loadTfjsModel?: LoadTfjsModel | undefined;
}

export function reportEvalErrors(bag: DiagnosticBag, errors: EvalError[]): void {
  for (const e of errors) bag.error("MM2007", e.message, e.span, "here", e.help ? { help: e.help } : {});
}

export function toCallLike(call: Extract<Value, { kind: "call" }>): CallLike {
  return { name: call.name, nameSpan: call.callee.span, span: call.span, args: call.args };
}

export { MAX_NODES, MAX_REPEAT };

/** Graphs already told they are too large: the limit is reported once per model. */
const reportedTooLarge = new WeakSet<GraphBuilder>();

/**
 * True when the model has unrolled past MAX_NODES layers (or MAX_SCOPES scopes: empty nested
 * `repeat`s add none), however it was written; reports that once, at `span`.
 */
function tooLarge(ctx: WalkCtx, span: Span, label: string): boolean {
  const g = ctx.graph;
  const what = g.nodes.length > MAX_NODES ? "layers" : g.scopes.length > MAX_SCOPES ? "`repeat` passes, residuals and block calls" : undefined;
  if (!what) return false;
  if (reportedTooLarge.has(g)) return true;
  reportedTooLarge.add(g);
  const repeat = ctx.repeat && { span: ctx.repeat.span, message: "inside this repeat", ...(ctx.repeat.file !== ctx.bag.file ? { file: ctx.repeat.file } : {}) };
  ctx.bag.error("MM3016", `the model unrolls to more than ${fmtCount(what === "layers" ? MAX_NODES : MAX_SCOPES)} ${what}`, span, label, {
    secondary: repeat ? [repeat] : [],
    notes: ["written-out layers, block calls and every `repeat` pass count alike: each layer gets weights of its own", ...(ctx.note ? [ctx.note] : [])],
    help: "use fewer layers; even large transformers have fewer than 2,000",
  });
  return true;
}

export function walkBody(stmts: A.Stmt[], flow: Flow, ctx: WalkCtx): Flow | undefined {
  let current: Flow | undefined = flow;
  for (const s of stmts) {
    if (tooLarge(ctx, s.span, "this goes past the limit")) return undefined;
    current = walkStmt(s, current, ctx);
    if (!current) return undefined;
  }
  return current;
}

function walkStmt(s: A.Stmt, flow: Flow, ctx: WalkCtx): Flow | undefined {
  switch (s.kind) {
    case "layer":
      return walkCall(s.call, flow, ctx, s.options);
    case "repeat": {
      const errors: EvalError[] = [];
      const count = evaluate(s.count, ctx.env, errors);
      reportEvalErrors(ctx.bag, errors);
      if (!count) return undefined;
      if (count.kind !== "num" || !Number.isInteger(count.value) || count.value < 1) {
        ctx.bag.error("MM2007", "`repeat` needs a whole number of at least 1", s.count.span, "repeat count", { help: "such as `repeat 2 { ... }`" });
        return undefined;
      }
      if (count.value > MAX_REPEAT) {
        ctx.bag.error("MM3015", `\`repeat\` may repeat at most ${MAX_REPEAT} times, not ${count.value}`, s.count.span, "too many", {
          notes: ["the checker unrolls every pass into layers with their own weights"],
          help: "stack fewer layers; even large transformers have fewer than 100",
        });
        return undefined;
      }
      let current: Flow | undefined = flow;
      for (let i = 0; i < count.value && current; i++) {
        if (tooLarge(ctx, s.count.span, `pass ${i + 1} goes past the limit`)) return undefined;
        const scope = ctx.graph.addScope({
          kind: "repeat", label: `repeat ${count.value} (pass ${i + 1} of ${count.value})`, parent: ctx.scope, depth: ctx.depth, span: s.span, file: ctx.bag.file.path,
        });
        current = walkBody(s.body, current, { ...ctx, depth: ctx.depth + 1, scope, repeat: { span: s.count.span, file: ctx.bag.file } });
      }
      return current;
    }
    case "residual": {
      const scope = ctx.graph.addScope({ kind: "residual", label: "residual", parent: ctx.scope, depth: ctx.depth, span: s.span, file: ctx.bag.file.path });
      const out = walkBody(s.body, flow, { ...ctx, depth: ctx.depth + 1, scope });
      if (!out) return undefined;
      if (!sameShape(out.type.dims, flow.type.dims)) {
        const last = s.body[s.body.length - 1];
        ctx.bag.error("MM3003", `\`residual\` adds its input ${formatShape(flow.type.dims)} to its body's output ${formatShape(out.type.dims)}, and they differ`, last ? last.span : s.span, `makes ${formatShape(out.type.dims)}`, {
          secondary: [{ span: { start: s.span.start, end: s.span.start + "residual".length }, message: `input is ${formatShape(flow.type.dims)}` }],
          help: "the body must end with the shape it started with: add `dense(" + (flow.type.dims[flow.type.dims.length - 1]!.size ?? "D") + ")` at its end",
          ...(ctx.note ? { notes: [ctx.note] } : {}),
        });
        return undefined;
      }
      const id = ctx.graph.add({ op: "add", attrs: {} }, {
        inputs: [flow.node, out.node], shape: flow.type.dims, span: s.span, file: ctx.bag.file.path,
        label: "+ input", tower: ctx.tower, depth: ctx.depth + 1, scope,
      });
      // The sum keeps the input's axis names (the body may have dropped them, as dense does).
      return { ...out, type: flow.type, node: id, origin: { span: s.span, what: "", file: ctx.bag.file } };
    }
  }
}

function walkCall(call: A.CallExpr, flow: Flow, ctx: WalkCtx, options: A.TowerOption[] = []): Flow | undefined {
  const errors: EvalError[] = [];
  const value = evaluate(call, ctx.env, errors);
  reportEvalErrors(ctx.bag, errors);
  if (!value || value.kind !== "call") return undefined;
  const callLike = toCallLike(value);
  const block = ctx.blocks.get(call.callee.text);
  const layer = block ? undefined : LAYERS.get(call.callee.text);
  const called = checkCallOptions(options, call.callee.text, !!block, ctx.blockStack.length > 0, ctx.bag, layer?.options);
  if (!called) return undefined;
  if (block) return expandBlock(block, callLike, callLabel(call, ctx), flow, ctx, called.pretrained);
  if (!layer && ctx.brokenBlocks?.has(call.callee.text)) return undefined;
  if (!layer) {
    const known = [...LAYERS.keys(), ...ctx.blocks.keys()];
    const suggestion = suggestionHelp(call.callee.text, known);
    ctx.bag.error("MM2001", `there is no layer or block named \`${call.callee.text}\``, call.callee.span, "unknown layer", suggestion.help ? suggestion : { notes: ["layers: " + [...LAYERS.keys()].join(", ")] });
    return undefined;
  }
  const args = bindArgs(layer, callLike, ctx.bag, ctx.note);
  if (!args) return undefined;
  const result = layer.infer({
    input: flow, args, call: callLike, bag: ctx.bag, tower: (n, sp) => ctx.resolveTower(n, sp, ctx.bag),
    loadTfjsModel: ctx.loadTfjsModel, ...(called.frozen ? { frozen: true } : {}),
  });
  if (!result) return undefined;
  const id = ctx.graph.add(result.node, {
    inputs: [flow.node, ...(result.extraInputs ?? [])],
    shape: result.dims,
    dtype: result.dtype ?? "float32",
    params: result.params ?? [],
    span: call.span,
    file: ctx.bag.file.path,
    label: callLabel(call, ctx) + (called.frozen ? " frozen" : ""),
    tower: ctx.tower,
    depth: ctx.depth,
    ...(ctx.scope !== undefined ? { scope: ctx.scope } : {}),
  });
  const next: Flow = {
    type: { dims: result.dims, dtype: result.dtype ?? "float32" },
    node: id,
    origin: { span: call.span, what: result.effect ?? "", file: ctx.bag.file },
  };
  if (result.keepsMask && flow.maskFrom !== undefined) next.maskFrom = flow.maskFrom;
  return next;
}

/** A layer's text for summaries; inside a block, arguments that use its parameters show their values. */
function callLabel(call: A.CallExpr, ctx: WalkCtx): string {
  if (ctx.env.size === 0 || !call.args.some((a) => usesEnv(a.value, ctx.env))) return printExpr(call);
  const args = call.args.map((a) => {
    const value = usesEnv(a.value, ctx.env) ? evaluate(a.value, ctx.env, []) : undefined;
    const shown = value ? formatValue(value) : printExpr(a.value);
    return a.name ? `${a.name.text}: ${shown}` : shown;
  });
  return `${call.callee.text}(${args.join(", ")})`;
}

function usesEnv(e: A.Expr, env: Env): boolean {
  switch (e.kind) {
    case "name": return env.has(e.name.text);
    case "paren": return usesEnv(e.inner, env);
    case "neg": return usesEnv(e.operand, env);
    case "binary": return usesEnv(e.left, env) || usesEnv(e.right, env);
    case "list": return e.items.some((i) => usesEnv(i, env));
    case "call": return e.args.some((a) => usesEnv(a.value, env));
    default: return false;
  }
}

export function formatValue(v: Value): string {
  switch (v.kind) {
    case "num": return String(v.value);
    case "str": return JSON.stringify(v.value);
    case "bool": return String(v.value);
    case "sym": return v.name;
    case "list": return `[${v.items.map(formatValue).join(", ")}]`;
    case "call": return `${v.name}(${v.args.map((a) => (a.name ? `${a.name.text}: ` : "") + formatValue(a.value)).join(", ")})`;
  }
}

function expandBlock(block: BlockInfo, call: CallLike, label: string, flow: Flow, ctx: WalkCtx, pretrained?: { from: string; span: Span }): Flow | undefined {
  const name = block.decl.name.text;
  if (ctx.blockStack.length >= MAX_CHAIN) {
    const chain = [...ctx.blockStack.slice(0, 2), "...", ...ctx.blockStack.slice(-2), name];
    ctx.bag.error("MM2017", `blocks call blocks more than ${MAX_CHAIN} deep here`, call.nameSpan, "too deep", {
      notes: [`the chain is ${chain.map((n) => (n === "..." ? n : `\`${n}\``)).join(" -> ")}`, ...(ctx.note ? [ctx.note] : [])],
      help: "call the inner blocks one after another from a shallower block, instead of each from inside the last",
    });
    return undefined;
  }
  if (ctx.blockStack.includes(name)) {
    ctx.bag.error("MM2011", `block \`${name}\` calls itself`, call.nameSpan, "recursive call", {
      notes: [`the chain is ${[...ctx.blockStack, name].map((n) => `\`${n}\``).join(" -> ")}`],
      help: "use `repeat N { ... }` to stack a block",
    });
    return undefined;
  }
  const blockBag = ctx.bag.forFile(block.file);
  const sig = {
    name,
    args: block.decl.params.map((p) => ({
      name: p.name.text,
      type: { t: "any" as const },
      positional: true,
      required: !p.default,
      doc: `parameter of block \`${name}\``,
    })),
  };
  const args = bindArgs(sig, call, ctx.bag, ctx.note);
  if (!args) return undefined;
  // Defaults are evaluated at each call, in order, so one may use the parameters before it
  // (`block mlp(width, hidden: width * 4)`).
  const env = new Map<string, Value>();
  const defaultErrors: EvalError[] = [];
  for (const p of block.decl.params) {
    const given = args.get<Value | undefined>(p.name.text);
    const value = given ?? (p.default ? evaluate(p.default, env, defaultErrors) : undefined);
    if (!value) break;
    env.set(p.name.text, value);
  }
  const where = ctx.bag.file.position(call.span.start);
  const note = `in block \`${name}\`, called at ${ctx.bag.file.path}:${where.line}:${where.column}`;
  if (defaultErrors.length) {
    for (const e of defaultErrors) {
      blockBag.error("MM2007", e.message, e.span, "in this default", { notes: [note], ...(e.help ? { help: e.help } : {}) });
    }
    return undefined;
  }
  const before = ctx.bag.items.length;
  const scope = ctx.graph.addScope({
    kind: "block", label, parent: ctx.scope, depth: ctx.depth, span: call.span, file: ctx.bag.file.path,
    ...(pretrained ? { pretrained: { from: pretrained.from } } : {}),
  });
  if (pretrained) ctx.graph.pretrainedCalls.push({ scope, span: pretrained.span, tower: ctx.tower });
  const out = walkBody(block.decl.body, flow, { ...ctx, bag: blockBag, env, depth: ctx.depth + 1, blockStack: [...ctx.blockStack, name], note, scope });
  // Errors inside a block say which call expanded it.
  // A too-deep chain already names it, in one note.
  for (const d of ctx.bag.items.slice(before)) if (!d.notes.includes(note) && d.code !== "MM2017") d.notes.push(note);
  return out;
}
