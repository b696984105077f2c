// The loss: a weighted sum of terms, `infonce(a, b) + 0.5 * cross_entropy(head, labels)`.
import type * as A from "../ast/nodes.js";
import { bindArgs, type BoundArgs } from "../common/arg-schema.js";
import { TRIPLET_MINING, type LossCall, type LossKind } from "../ir/losses.js";
import type { IRInput, IRLossTerm, IRParam } from "../ir/ir.js";
import { paramSize } from "../ir/ir.js";
import type { Flow } from "./layers/types.js";
import { formatShape, isVector } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type EvalError } from "./values.js";
import { reportEvalErrors, toCallLike } from "./towers.js";
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/source.js";

const PAIR = [
  { name: "a", type: { t: "name" }, positional: true, required: true, doc: "the image-side (or first) embedding tower" },
  { name: "b", type: { t: "name" }, positional: true, required: true, doc: "the text-side (or second) embedding tower" },
] as const;

export const LOSSES = {
  infonce: [
    ...PAIR,
    { name: "temperature", type: { t: "number", min: 0, exclusiveMin: true }, default: 0.07, doc: "initial softmax temperature" },
    { name: "learnable", type: { t: "bool" }, default: true, doc: "learn the temperature (as a log scale, clamped at 100)" },
    { name: "hard_negatives", type: { t: "number", min: 0 }, default: 0, doc: "beta of hard-negative reweighting; 0 is plain InfoNCE" },
  ],
  siglip: [
    ...PAIR,
    { name: "temperature", type: { t: "number", min: 0, exclusiveMin: true }, default: 0.1, doc: "initial temperature (logit scale 1/t)" },
    { name: "bias", type: { t: "number" }, default: -10, doc: "initial logit bias" },
    { name: "learnable", type: { t: "bool" }, default: true, doc: "learn scale and bias" },
  ],
  triplet: [
    ...PAIR,
    { name: "margin", type: { t: "number", min: 0 }, default: 0.2, doc: "cosine margin between positive and negative" },
    { name: "mining", type: { t: "enum", options: TRIPLET_MINING }, default: "hardest", doc: "which in-batch negatives count" },
  ],
  cross_entropy: [
    { name: "logits", type: { t: "name" }, positional: true, required: true, doc: "a head with one output per class, [B, K]" },
    { name: "labels", type: { t: "name" }, positional: true, required: true, doc: "a `Labels[B] classes K` input" },
    { name: "smoothing", type: { t: "number", min: 0, max: 1, exclusiveMax: true }, default: 0, doc: "label smoothing" },
  ],
} as const satisfies Record<LossKind, readonly unknown[]>;

export interface LossCtx {
  bag: DiagnosticBag;
  resolve(name: string, span: Span): Flow | undefined;
  inputs: ReadonlyMap<string, IRInput>;
  isTower(name: string): boolean;
  /** Whether the name is declared at all (an input or tower that failed its own check). */
  declared(name: string): boolean;
}

export function checkLoss(expr: A.Expr, ctx: LossCtx): IRLossTerm[] | undefined {
  const terms: { weight: number; call: A.CallExpr }[] = [];
  if (!collectTerms(expr, 1, terms, ctx.bag)) return undefined;
  const out: IRLossTerm[] = [];
  for (const t of terms) {
    const term = checkTerm(t.call, t.weight, ctx);
    if (!term) return undefined;
    out.push(term);
  }
  return out;
}

function collectTerms(e: A.Expr, weight: number, out: { weight: number; call: A.CallExpr }[], bag: DiagnosticBag): boolean {
  if (e.kind === "paren") return collectTerms(e.inner, weight, out, bag);
  if (e.kind === "call") {
    out.push({ weight, call: e });
    return true;
  }
  if (e.kind === "binary" && e.op === "+") return collectTerms(e.left, weight, out, bag) && collectTerms(e.right, weight, out, bag);
  if (e.kind === "binary" && e.op === "*") {
    const errors: EvalError[] = [];
    const [num, other] = e.left.kind === "number" || e.left.kind === "neg" ? [e.left, e.right] : [e.right, e.left];
    const w = evaluate(num, new Map(), errors);
    if (w?.kind === "num" && w.value >= 0) return collectTerms(other, weight * w.value, out, bag);
  }
  bag.error("MM2007", "a loss is a weighted sum of loss terms, such as `infonce(a, b) + 0.5 * cross_entropy(head, labels)`", e.span, "not a loss term", {
    help: "combine terms with `+` and scale them with a non-negative number `0.5 * ...`",
  });
  return false;
}

/** The term's settings from its bound arguments (the defaults bound too). */
function lossCall(kind: LossKind, args: BoundArgs): LossCall {
  switch (kind) {
    case "infonce":
      return { kind, attrs: { temperature: args.get("temperature"), learnable: args.get("learnable"), hard_negatives: args.get("hard_negatives") } };
    case "siglip":
      return { kind, attrs: { temperature: args.get("temperature"), bias: args.get("bias"), learnable: args.get("learnable") } };
    case "triplet":
      return { kind, attrs: { margin: args.get("margin"), mining: args.get("mining") } };
    case "cross_entropy":
      return { kind, attrs: { smoothing: args.get("smoothing") } };
  }
}

function checkTerm(call: A.CallExpr, weight: number, ctx: LossCtx): IRLossTerm | undefined {
  const kind = call.callee.text as keyof typeof LOSSES;
  const sigArgs = Object.hasOwn(LOSSES, kind) ? LOSSES[kind] : undefined; // `toString` is no loss
  if (!sigArgs) {
    ctx.bag.error("MM2001", `there is no loss named \`${call.callee.text}\``, call.callee.span, "unknown loss", {
      notes: [`losses: ${Object.keys(LOSSES).join(", ")}`],
      ...suggestionHelp(call.callee.text, Object.keys(LOSSES)),
    });
    return undefined;
  }
  const errors: EvalError[] = [];
  const v = evaluate(call, new Map(), errors);
  reportEvalErrors(ctx.bag, errors);
  if (!v || v.kind !== "call") return undefined;
  const args = bindArgs({ name: kind, args: [...sigArgs] }, toCallLike(v), ctx.bag);
  if (!args) return undefined;
  const settings = lossCall(kind, args);
  let params: IRParam[] = [];
  let inputs: number[];
  if (kind === "cross_entropy") {
    const logits = args.get<{ name: string; span: Span }>("logits");
    const labels = args.get<{ name: string; span: Span }>("labels");
    const head = ctx.resolve(logits.name, logits.span);
    if (!head) return undefined;
    if (!isVector(head.type)) {
      ctx.bag.error("MM3001", `\`cross_entropy\` needs logits [B, K] but \`${logits.name}\` is ${formatShape(head.type.dims)}`, logits.span, "expects rank 2", { help: "end the head with `dense(K)` after pooling" });
      return undefined;
    }
    const lab = ctx.inputs.get(labels.name);
    if (!lab && ctx.declared(labels.name) && !ctx.isTower(labels.name)) return undefined; // an input whose own check failed
    if (!lab || lab.kind !== "labels") {
      ctx.bag.error("MM2005", `\`${labels.name}\` is not a \`Labels\` input`, labels.span, ctx.isTower(labels.name) ? "an encoder or head, not labels" : "expected labels", {
        help: "declare `input labels: Labels[B] classes K` and pass its name; to align two towers use `infonce(a, b)`",
      });
      return undefined;
    }
    const k = head.type.dims[1]!.size!;
    if (k !== lab.classes) {
      ctx.bag.error("MM3011", `\`${logits.name}\` gives ${k} logits but \`${labels.name}\` has ${lab.classes} classes`, logits.span, `${k} logits`, {
        help: `end \`${logits.name}\` with \`dense(${lab.classes})\``,
      });
      return undefined;
    }
    inputs = [head.node, lab.node];
  } else {
    const a = args.get<{ name: string; span: Span }>("a");
    const b = args.get<{ name: string; span: Span }>("b");
    const fa = ctx.resolve(a.name, a.span);
    const fb = ctx.resolve(b.name, b.span);
    if (!fa || !fb) return undefined;
    for (const [n, f] of [[a, fa], [b, fb]] as const) {
      if (!ctx.isTower(n.name) || !isVector(f.type) || f.type.dtype !== "float32") {
        ctx.bag.error("MM3001", `\`${kind}\` compares embedding vectors [B, D], but \`${n.name}\` is ${formatShape(f.type.dims)}`, n.span, "expects an embedding [B, D]", {
          help: ctx.isTower(n.name) ? "pool it first, such as `mean(over: L)`" : "pass an encoder's name, not an input's",
        });
        return undefined;
      }
    }
    const da = fa.type.dims[1]!.size!;
    const db = fb.type.dims[1]!.size!;
    if (da !== db) {
      ctx.bag.error("MM3010", `\`${kind}\` compares \`${a.name}\` [B, ${da}] with \`${b.name}\` [B, ${db}]: widths differ`, call.span, "embedding widths differ", {
        secondary: [{ span: a.span, message: `${da} wide` }, { span: b.span, message: `${db} wide` }],
        help: `end both encoders with the same \`dense(${Math.max(da, db)})\``,
      });
      return undefined;
    }
    inputs = [fa.node, fb.node];
    if (kind === "infonce") params = [{ name: "logit_scale", shape: [], init: "zeros", noDecay: true }];
    if (kind === "siglip") params = [{ name: "logit_scale", shape: [], init: "zeros", noDecay: true }, { name: "logit_bias", shape: [], init: "zeros", noDecay: true }];
    if ("learnable" in settings.attrs && !settings.attrs.learnable) params = [];
  }
  return { ...settings, weight, inputs, params, paramCount: params.reduce((s, p) => s + paramSize(p), 0), span: call.span };
}
