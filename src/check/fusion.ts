// Tower sources: a name (an input or another tower) or a fusion of several:
// concat, add, gated, cross_attention. Each fusion becomes one IR node.
import type * as A from "../ast/nodes.js";
import { expr as printExpr } from "../ast/print.js";
import { bindArgs } from "../common/arg-schema.js";
import type { Flow } from "./layers/types.js";
import { bias, weight } from "./layers/types.js";
import { headsHelp } from "./layers/attention.js";
import type { GraphBuilder } from "./graph.js";
import { dim, formatShape, isSequence, isVector, type Dim } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type EvalError } from "./values.js";
import { reportEvalErrors, toCallLike } from "./towers.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/source.js";

export const FUSIONS = ["concat", "add", "gated", "cross_attention"] as const;

export interface SourceCtx {
  bag: DiagnosticBag;
  graph: GraphBuilder;
  tower: string;
  resolve(name: string, span: Span): Flow | undefined;
}

/** When the sources differ in rank: pool the sequences (naming their axis) to vectors. */
function rankHelp(parts: { flow: Flow }[]): string | undefined {
  const ranks = new Set(parts.map((p) => p.flow.type.dims.length));
  if (ranks.size < 2) return undefined;
  const seq = parts.find((p) => isSequence(p.flow.type));
  if (seq && ranks.has(2)) return `pool the sequence to a vector first, such as \`mean(over: ${seq.flow.type.dims[1]!.name ?? "L"})\` at the end of its encoder`;
  return "bring the sources to the same rank first (pool or flatten the larger one)";
}

export function evalSource(e: A.Expr, ctx: SourceCtx): Flow | undefined {
  if (e.kind === "name") return ctx.resolve(e.name.text, e.name.span);
  if (e.kind !== "call") {
    ctx.bag.error("MM2007", "a tower's source is an input, another tower, or a fusion such as `concat(a, b)`", e.span, "not a source");
    return undefined;
  }
  const name = e.callee.text;
  if (!(FUSIONS as readonly string[]).includes(name)) {
    ctx.bag.error("MM2001", `there is no fusion named \`${name}\``, e.callee.span, "unknown fusion", {
      notes: [`fusions: ${FUSIONS.join(", ")}`],
      ...suggestionHelp(name, FUSIONS),
    });
    return undefined;
  }
  const parts: { flow: Flow; span: Span }[] = [];
  const named: A.Arg[] = [];
  for (const a of e.args) {
    if (a.name) {
      named.push(a);
      continue;
    }
    const flow = evalSource(a.value, ctx);
    if (!flow) return undefined;
    parts.push({ flow, span: a.value.span });
  }
  if (parts.length < 2) {
    ctx.bag.error("MM2004", `\`${name}\` fuses at least two sources`, e.span, `${parts.length} given`, { help: `such as \`${name}(image_enc, text_enc)\`` });
    return undefined;
  }
  const errors: EvalError[] = [];
  const namedValues = named.map((a) => ({ name: a.name!, value: evaluate(a.value, new Map(), errors)!, span: a.span }));
  reportEvalErrors(ctx.bag, errors);
  if (errors.length) return undefined;
  const call = toCallLike({ kind: "call", name, callee: e.callee, args: namedValues, span: e.span });
  const sig = { name, args: name === "cross_attention" ? [{ name: "heads", type: { t: "int" as const, min: 1 }, default: 1, doc: "attention heads; must divide the width" }] : [] };
  const args = bindArgs(sig, call, ctx.bag);
  if (!args) return undefined;
  for (const p of parts) {
    if (p.flow.type.dtype !== "float32") {
      ctx.bag.error("MM3009", `\`${name}\` fuses float features, but this source is token ids or labels ${formatShape(p.flow.type.dims)}`, p.span, "not features", {
        help: "fuse encoders, not raw inputs",
      });
      return undefined;
    }
  }
  const first = parts[0]!;
  let dims: Dim[];
  let params = [] as ReturnType<typeof weight>[];
  const mismatch = (what: string, help: string) => {
    ctx.bag.error("MM3007", `\`${name}\` cannot fuse ${parts.map((p) => formatShape(p.flow.type.dims)).join(" and ")}`, e.span, what, {
      secondary: parts.map((p) => ({ span: p.span, message: formatShape(p.flow.type.dims) })),
      help,
    });
    return undefined;
  };
  switch (name) {
    case "concat": {
      const rank = first.flow.type.dims.length;
      const ok = parts.every((p) => p.flow.type.dims.length === rank && p.flow.type.dims.slice(1, -1).every((d, i) => d.size === first.flow.type.dims[i + 1]!.size));
      if (!ok) return mismatch("all axes but the last must agree", rankHelp(parts) ?? "give the sequences the same length, or pool them first (`mean(over: L)`)");
      const total = parts.reduce((s, p) => s + p.flow.type.dims[rank - 1]!.size!, 0);
      dims = [...first.flow.type.dims.slice(0, -1), dim(total)];
      break;
    }
    case "add":
    case "gated": {
      const ok = parts.every((p) => p.flow.type.dims.length === first.flow.type.dims.length && p.flow.type.dims.every((d, i) => d.size === first.flow.type.dims[i]!.size));
      if (!ok) return mismatch("shapes must be equal", rankHelp(parts) ?? `project them to one width first, such as \`dense(${parts.reduce((w, p) => Math.max(w, p.flow.type.dims[p.flow.type.dims.length - 1]!.size ?? 0), 0)})\` at the end of each`);
      dims = first.flow.type.dims;
      if (name === "gated") {
        if (parts.length !== 2 || !isVector(first.flow.type)) return mismatch("`gated` takes two vectors [B, D]", "pool sequences first, and gate two sources at a time");
        const d = first.flow.type.dims[1]!.size!;
        params = [weight("kernel", [2 * d, d]), bias("bias", d)];
      }
      break;
    }
    default: {
      // cross_attention(queries, keys_values, heads: h)
      const [q, kv] = parts as [{ flow: Flow; span: Span }, { flow: Flow; span: Span }];
      if (parts.length !== 2 || !isSequence(q.flow.type) || !isSequence(kv.flow.type)) {
        const pooled = parts.find((p) => !isSequence(p.flow.type));
        ctx.bag.error("MM3014", "`cross_attention` needs two sequences [B, L, D]", pooled?.span ?? e.span, pooled ? `is ${formatShape(pooled.flow.type.dims)}, a pooled vector` : "two sources", {
          help: "end the encoders before pooling (drop `mean(over: L)`), and pool after the fusion",
        });
        return undefined;
      }
      const d = q.flow.type.dims[2]!.size!;
      const heads = args.get<number>("heads");
      if (d % heads !== 0) {
        ctx.bag.error("MM3005", `${heads} heads do not divide the width ${d}`, args.span("heads"), `${d} / ${heads} is not whole`, {
          notes: ["each head gets an equal slice of the features"],
          help: headsHelp(d, heads),
        });
        return undefined;
      }
      const e2 = kv.flow.type.dims[2]!.size!;
      params = [weight("wq", [d, d]), bias("bq", d), weight("wk", [e2, d]), bias("bk", d), weight("wv", [e2, d]), bias("bv", d), weight("wo", [d, d]), bias("bo", d)];
      dims = q.flow.type.dims;
      const id = ctx.graph.add({ op: "cross_attention", attrs: { heads, mask: kv.flow.maskFrom ?? null } }, {
        inputs: [q.flow.node, kv.flow.node, ...(kv.flow.maskFrom !== undefined ? [kv.flow.maskFrom] : [])], shape: dims, params, span: e.span, file: ctx.bag.file.path,
        label: printExpr(e), tower: ctx.tower, depth: 0,
      });
      return { type: { dims, dtype: "float32" }, node: id, origin: { span: e.span, what: "", file: ctx.bag.file }, ...(q.flow.maskFrom !== undefined ? { maskFrom: q.flow.maskFrom } : {}) };
    }
  }
  const id = ctx.graph.add({ op: name, attrs: {} }, {
    inputs: parts.map((p) => p.flow.node), shape: dims, params, span: e.span, file: ctx.bag.file.path,
    label: printExpr(e), tower: ctx.tower, depth: 0,
  });
  return { type: { dims, dtype: "float32" }, node: id, origin: { span: e.span, what: "", file: ctx.bag.file } };
}
