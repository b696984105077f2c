// `train { ... }` settings and `evaluate ...` lines.
import type * as A from "../ast/nodes.js";
import { BoundArgs, bindArgs, type ArgSpec } from "../common/arg-schema.js";
import type { IRTrain, IREvaluate, IRInput } from "../ir/ir.js";
import type { OptimizerKind, OptimizerSettings, ScheduleKind, ScheduleSettings } from "../ir/train.js";
import type { Flow } from "./layers/types.js";
import { formatShape, isVector } from "../ir/shape.js";
import { suggestionHelp } from "../diagnostics/suggest.js";
import { evaluate, type EvalError, type Value } from "./values.js";
import { reportEvalErrors, toCallLike } from "./towers.js";
import { checkZeroShot, ZERO_SHOT_ARGS } from "./zeroShot.js";
import { embeddingPair, type EvaluateContext } from "./evaluations.js";

export type { EvaluateContext };
import type { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/source.js";

const SETTINGS: ArgSpec[] = [
  { name: "optimizer", type: { t: "call" }, default: null, doc: "adam(lr: 1e-3), adamw(lr, weight_decay) or sgd(lr, momentum)" },
  { name: "batch", type: { t: "int", min: 2 }, default: 64, doc: "items per step (contrastive losses need at least 2)" },
  { name: "epochs", type: { t: "number", min: 0, exclusiveMin: true }, doc: "passes over the training set (may be fractional)" },
  { name: "steps", type: { t: "int", min: 1 }, doc: "optimizer steps (instead of epochs)" },
  { name: "schedule", type: { t: "call" }, default: null, doc: "constant, cosine(warmup: 100, min_lr: 0) or step(every: 1000, factor: 0.5)" },
  { name: "clip", type: { t: "number", min: 0, exclusiveMin: true }, doc: "clip gradients to this global norm" },
  { name: "seed", type: { t: "int", min: 0 }, default: 0, doc: "seed for weights, batches and augmentation" },
  { name: "batches", type: { t: "enum", options: ["random", "groups"] }, default: "random", doc: "`groups` builds batches from whole swap groups (hard negatives)" },
  { name: "eval_every", type: { t: "int", min: 1 }, doc: "evaluate on the test set every N steps" },
  { name: "time_limit", type: { t: "number", min: 0, exclusiveMin: true }, doc: "stop training after this many seconds" },
];

const ADAM: ArgSpec[] = [
  { name: "lr", type: { t: "number", min: 0, exclusiveMin: true }, default: 1e-3, positional: true, doc: "learning rate" },
  { name: "beta1", type: { t: "number", min: 0, max: 1, exclusiveMax: true }, default: 0.9, doc: "first moment decay" },
  { name: "beta2", type: { t: "number", min: 0, max: 1, exclusiveMax: true }, default: 0.999, doc: "second moment decay" },
  { name: "eps", type: { t: "number", min: 0, exclusiveMin: true }, default: 1e-8, doc: "denominator epsilon" },
];

const OPTIMIZERS: Record<OptimizerKind, ArgSpec[]> = {
  adam: ADAM,
  sgd: [
    { name: "lr", type: { t: "number", min: 0, exclusiveMin: true }, default: 0.01, positional: true, doc: "learning rate" },
    { name: "momentum", type: { t: "number", min: 0, max: 1, exclusiveMax: true }, default: 0, doc: "momentum" },
    { name: "nesterov", type: { t: "bool" }, default: false, doc: "Nesterov momentum" },
  ],
  adamw: [...ADAM, { name: "weight_decay", type: { t: "number", min: 0 }, default: 0.01, doc: "decoupled weight decay" }],
};

const SCHEDULES: Record<ScheduleKind, ArgSpec[]> = {
  constant: [{ name: "warmup", type: { t: "int", min: 0 }, default: 0, doc: "linear warm-up steps" }],
  cosine: [
    { name: "warmup", type: { t: "int", min: 0 }, default: 0, doc: "linear warm-up steps" },
    { name: "min_lr", type: { t: "number", min: 0 }, default: 0, doc: "learning rate at the end" },
  ],
  step: [
    { name: "every", type: { t: "int", min: 1 }, default: 1000, doc: "steps between decays" },
    { name: "factor", type: { t: "number", min: 0, exclusiveMin: true, max: 1 }, default: 0.5, doc: "multiplier at each decay" },
    { name: "warmup", type: { t: "int", min: 0 }, default: 0, doc: "linear warm-up steps" },
  ],
};

type CallValue = Extract<Value, { kind: "call" }>;

/** The optimizer's settings from its bound arguments (every default bound by its signature). */
function optimizerSettings(kind: OptimizerKind, a: BoundArgs): OptimizerSettings {
  switch (kind) {
    case "adam":
      return { kind, lr: a.get("lr"), beta1: a.get("beta1"), beta2: a.get("beta2"), eps: a.get("eps") };
    case "adamw":
      return { kind, lr: a.get("lr"), beta1: a.get("beta1"), beta2: a.get("beta2"), eps: a.get("eps"), weightDecay: a.get("weight_decay") };
    case "sgd":
      return { kind, lr: a.get("lr"), momentum: a.get("momentum"), nesterov: a.get("nesterov") };
  }
}

function scheduleSettings(kind: ScheduleKind, a: BoundArgs): ScheduleSettings {
  switch (kind) {
    case "constant":
      return { kind, warmup: a.get("warmup") };
    case "cosine":
      return { kind, warmup: a.get("warmup"), minLr: a.get("min_lr") };
    case "step":
      return { kind, warmup: a.get("warmup"), every: a.get("every"), factor: a.get("factor") };
  }
}

function bindNamed(table: Record<string, ArgSpec[]>, v: CallValue, what: string, bag: DiagnosticBag): BoundArgs | undefined {
  const sig = Object.hasOwn(table, v.name) ? table[v.name] : undefined; // `constructor` is no optimizer
  if (!sig) {
    bag.error("MM2001", `there is no ${what} named \`${v.name}\``, v.callee.span, `unknown ${what}`, {
      notes: [`${what}s: ${Object.keys(table).join(", ")}`],
      ...suggestionHelp(v.name, Object.keys(table)),
    });
    return undefined;
  }
  return bindArgs({ name: v.name, args: sig }, toCallLike(v), bag);
}

export function checkTrain(decl: A.TrainDecl | undefined, bag: DiagnosticBag, trainCount: number | undefined, hasGroups: boolean | undefined, groupSize: number | undefined, dataKnown = false): IRTrain | undefined {
  const args: { name: { text: string; span: Span }; value: Value; span: Span }[] = [];
  const errors: EvalError[] = [];
  for (const s of decl?.settings ?? []) {
    if (!SETTINGS.some((x) => x.name === s.key.text)) {
      const names = SETTINGS.map((x) => x.name);
      bag.error("MM2015", `\`train\` has no setting \`${s.key.text}\``, s.key.span, "unknown setting", {
        notes: [`settings: ${names.join(", ")}`],
        ...suggestionHelp(s.key.text, names),
      });
      return undefined;
    }
    const v = evaluate(s.value, new Map(), errors);
    if (v) args.push({ name: { text: s.key.text, span: s.key.span }, value: v, span: s.span });
  }
  reportEvalErrors(bag, errors);
  if (errors.length) return undefined;
  const span = decl?.span ?? { start: 0, end: 0 };
  const bound = bindArgs({ name: "train", args: SETTINGS }, { name: "train", nameSpan: span, span, args }, bag);
  if (!bound) return undefined;
  const optCall = bound.get<CallValue | null>("optimizer") ?? { kind: "call", name: "adam", callee: { text: "adam", span }, args: [], span };
  const opt = bindNamed(OPTIMIZERS, optCall, "optimizer", bag);
  const schedCall = bound.get<CallValue | null>("schedule") ?? { kind: "call", name: "constant", callee: { text: "constant", span }, args: [], span };
  const sched = bindNamed(SCHEDULES, schedCall, "schedule", bag);
  if (!opt || !sched) return undefined;
  if (bound.has("epochs") && bound.has("steps")) {
    bag.error("MM4005", "`train` sets both `epochs` and `steps`", bound.span("steps"), "second length", {
      secondary: [{ span: bound.span("epochs"), message: "first length" }],
      help: "keep one of them",
    });
    return undefined;
  }
  const batch = bound.get<number>("batch");
  if (trainCount !== undefined && batch > trainCount) {
    bag.error("MM4004", `a batch of ${batch} is larger than the training set (${trainCount} items)`, bound.span("batch"), "too large", { help: `use a batch of at most ${trainCount}, such as \`batch: ${Math.max(2, Math.min(64, trainCount))}\`, or more data` });
    return undefined;
  }
  const batches = bound.get<"random" | "groups">("batches");
  if (batches === "groups" && (hasGroups === false || (groupSize === undefined && dataKnown))) {
    bag.error("MM4006", "`batches: groups` needs data with swap groups, and this data set has none", bound.span("batches"), "no groups here", { help: "use `data shapes(...)`, or `batches: random`" });
    return undefined;
  }
  if (batches === "groups" && groupSize !== undefined && batch % groupSize !== 0) {
    const g = groupSize;
    bag.error("MM4005", `\`batches: groups\` fills batches with whole groups of ${g}, so the batch must be a multiple of ${g}, not ${batch}`, bound.span("batch"), `not a multiple of ${g}`, { help: `use \`batch: ${Math.ceil(batch / g) * g}\`` });
    return undefined;
  }
  const train: IRTrain = {
    optimizer: optimizerSettings(optCall.name as OptimizerKind, opt),
    schedule: scheduleSettings(schedCall.name as ScheduleKind, sched),
    batch,
    seed: bound.get("seed"),
    batches,
  };
  if (bound.has("steps")) train.steps = bound.get("steps");
  else train.epochs = bound.get<number>("epochs") ?? 1;
  if (bound.has("clip")) train.clip = bound.get("clip");
  if (bound.has("eval_every")) train.evalEvery = bound.get("eval_every");
  if (bound.has("time_limit")) train.timeLimit = bound.get("time_limit");
  return train;
}

const EVALUATIONS: Record<string, ArgSpec[]> = {
  retrieval: [
    { name: "a", type: { t: "name" }, positional: true, required: true, doc: "image-side embedding tower" },
    { name: "b", type: { t: "name" }, positional: true, required: true, doc: "text-side embedding tower" },
    { name: "k", type: { t: "ints", min: 1 }, default: [1, 5, 10], doc: "recall@k cut-offs" },
  ],
  accuracy: [
    { name: "logits", type: { t: "name" }, positional: true, required: true, doc: "a classification head [B, K]" },
    { name: "labels", type: { t: "name" }, positional: true, required: true, doc: "a Labels input" },
  ],
  zero_shot: ZERO_SHOT_ARGS,
};

export function checkEvaluate(decl: A.EvaluateDecl, bag: DiagnosticBag, ctx: EvaluateContext): IREvaluate | undefined {
  const { resolve, inputs, declared = () => false } = ctx;
  const errors: EvalError[] = [];
  const v = evaluate(decl.call, new Map(), errors);
  reportEvalErrors(bag, errors);
  if (!v || v.kind !== "call") return undefined;
  const args = bindNamed(EVALUATIONS, v, "evaluation", bag);
  if (!args) return undefined;
  if (v.name === "zero_shot") return checkZeroShot(decl, args, bag, ctx);
  if (v.name === "retrieval") {
    const pair = embeddingPair("retrieval", args, decl, bag, resolve);
    return pair && { kind: "retrieval", inputs: [pair[0].node, pair[1].node], k: args.get("k"), span: decl.span };
  }
  const logits = args.get<{ name: string; span: Span }>("logits");
  const labels = args.get<{ name: string; span: Span }>("labels");
  const head = resolve(logits.name, logits.span);
  const lab = inputs.get(labels.name);
  if (!head) return undefined;
  if (!lab && declared(labels.name)) return undefined; // declared, but its own check failed
  if (!lab || lab.kind !== "labels") {
    bag.error("MM2005", `\`${labels.name}\` is not a \`Labels\` input`, labels.span, "expected labels", { help: "declare `input labels: Labels[B] classes K`" });
    return undefined;
  }
  if (!isVector(head.type) || head.type.dims[1]!.size !== lab.classes) {
    bag.error("MM3011", `accuracy needs \`${logits.name}\` to give ${lab.classes} logits [B, ${lab.classes}], but it is ${formatShape(head.type.dims)}`, logits.span, "wrong logits", { help: `end it with \`dense(${lab.classes})\`` });
    return undefined;
  }
  return { kind: "accuracy", inputs: [head.node, lab.node], k: [], span: decl.span };
}
