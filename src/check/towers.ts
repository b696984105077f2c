// Walks encoder/head bodies: layer calls, user blocks (expanded with their arguments bound),
// repeat and residual, emitting IR nodes and threading the flowing tensor type.
import type * as A from "../ast/nodes.js";
import { bindArgs, type CallLike } from "./args.js";
import { LAYERS } from "./layers/index.js";
import type { Flow } from "./layers/types.js";
import type { GraphBuilder } from "./graph.js";
import { formatShape, sameShape } from "./shape.js";
import { didYouMean } from "./suggest.js";
import { evaluate, type Env, type EvalError, type Value } from "./values.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../source/source.js";

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
  blockStack: string[];
  /** Set inside a block: where it was called from, for notes. */
  note?: string;
  resolveTower(name: string, span: Span, bag: DiagnosticBag): Flow | undefined;
}

export function reportEvalErrors(bag: DiagnosticBag, errors: EvalError[]): void {
  for (const e of errors) bag.error("MM2007", e.message, e.span, "here", e.help ? { help: e.help } : {});
}

export function toCallLike(call: Extract<Value, { kind: "call" }>): CallLike {
  return { name: call.name, nameSpan: call.callee.span, span: call.span, args: call.args };
}

export function walkBody(stmts: A.Stmt[], flow: Flow, ctx: WalkCtx): Flow | undefined {
  let current: Flow | undefined = flow;
  for (const s of stmts) {
    current = walkStmt(s, current, ctx);
    if (!current) return undefined;
  }
  return current;
}

function walkStmt(s: A.Stmt, flow: Flow, ctx: WalkCtx): Flow | undefined {
  switch (s.kind) {
    case "layer":
      return walkCall(s.call, flow, ctx);
    case "repeat": {
      const errors: EvalError[] = [];
      const count = evaluate(s.count, ctx.env, errors);
      reportEvalErrors(ctx.bag, errors);
      if (!count) return undefined;
      if (count.kind !== "num" || !Number.isInteger(count.value) || count.value < 1) {
        ctx.bag.error("MM2007", "`repeat` needs a whole number of at least 1", s.count.span, "repeat count", { help: "such as `repeat 2 { ... }`" });
        return undefined;
      }
      let current: Flow | undefined = flow;
      for (let i = 0; i < count.value && current; i++) current = walkBody(s.body, current, { ...ctx, depth: ctx.depth + 1 });
      return current;
    }
    case "residual": {
      const out = walkBody(s.body, flow, { ...ctx, depth: ctx.depth + 1 });
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
      const id = ctx.graph.add({
        op: "add", inputs: [flow.node, out.node], shape: flow.type.dims, span: s.span, file: ctx.bag.file.path,
        label: "residual (+ input)", tower: ctx.tower, depth: ctx.depth,
      });
      return { ...out, node: id };
    }
  }
}

function walkCall(call: A.CallExpr, flow: Flow, ctx: WalkCtx): Flow | undefined {
  const errors: EvalError[] = [];
  const value = evaluate(call, ctx.env, errors);
  reportEvalErrors(ctx.bag, errors);
  if (!value || value.kind !== "call") return undefined;
  const callLike = toCallLike(value);
  const block = ctx.blocks.get(call.callee.text);
  if (block) return expandBlock(block, callLike, flow, ctx);
  const layer = LAYERS.get(call.callee.text);
  if (!layer) {
    const known = [...LAYERS.keys(), ...ctx.blocks.keys()];
    ctx.bag.error("MM2001", `there is no layer or block named \`${call.callee.text}\``, call.callee.span, "unknown layer", {
      ...(didYouMean(call.callee.text, known) ? { help: didYouMean(call.callee.text, known)! } : { notes: ["layers: " + [...LAYERS.keys()].join(", ")] }),
    });
    return undefined;
  }
  const args = bindArgs(layer, callLike, ctx.bag, ctx.note);
  if (!args) return undefined;
  const result = layer.infer({ input: flow, args, call: callLike, bag: ctx.bag, tower: (n, sp) => ctx.resolveTower(n, sp, ctx.bag) });
  if (!result) return undefined;
  const id = ctx.graph.add({
    op: result.op,
    inputs: [flow.node, ...(result.extraInputs ?? [])],
    attrs: result.attrs ?? {},
    shape: result.dims,
    dtype: result.dtype ?? "float32",
    params: result.params ?? [],
    span: call.span,
    file: ctx.bag.file.path,
    label: ctx.bag.file.slice(call.span).replace(/\s+/g, " "),
    tower: ctx.tower,
    depth: ctx.depth,
  });
  const next: Flow = {
    type: { dims: result.dims, dtype: result.dtype ?? "float32" },
    node: id,
    origin: { span: call.span, what: result.effect ?? "", file: ctx.bag.file },
  };
  if (result.keepsMask && flow.maskFrom !== undefined) next.maskFrom = flow.maskFrom;
  return next;
}

function expandBlock(block: BlockInfo, call: CallLike, flow: Flow, ctx: WalkCtx): Flow | undefined {
  const name = block.decl.name.text;
  if (ctx.blockStack.includes(name)) {
    ctx.bag.error("MM2011", `block \`${name}\` calls itself`, call.nameSpan, "recursive call", {
      notes: [`the chain is ${[...ctx.blockStack, name].map((n) => `\`${n}\``).join(" -> ")}`],
      help: "use `repeat N { ... }` to stack a block",
    });
    return undefined;
  }
  const blockBag = ctx.bag.forFile(block.file);
  const defaults = new Map<string, unknown>();
  const defaultErrors: EvalError[] = [];
  for (const p of block.decl.params) {
    if (p.default) defaults.set(p.name.text, evaluate(p.default, new Map(), defaultErrors));
  }
  reportEvalErrors(blockBag, defaultErrors);
  const sig = {
    name,
    args: block.decl.params.map((p) => ({
      name: p.name.text,
      type: { t: "any" as const },
      positional: true,
      required: !p.default,
      ...(defaults.get(p.name.text) !== undefined ? { default: defaults.get(p.name.text) } : {}),
      doc: `parameter of block \`${name}\``,
    })),
  };
  const args = bindArgs(sig, call, ctx.bag, ctx.note);
  if (!args) return undefined;
  const env = new Map<string, Value>();
  for (const p of block.decl.params) env.set(p.name.text, args.get<Value>(p.name.text));
  const where = ctx.bag.file.position(call.span.start);
  const note = `in block \`${name}\`, called at ${ctx.bag.file.path}:${where.line}:${where.column}`;
  const before = ctx.bag.items.length;
  const out = walkBody(block.decl.body, flow, { ...ctx, bag: blockBag, env, depth: ctx.depth + 1, blockStack: [...ctx.blockStack, name], note });
  // Errors inside a block say which call expanded it.
  for (const d of ctx.bag.items.slice(before)) if (!d.notes.includes(note)) d.notes.push(note);
  return out;
}
