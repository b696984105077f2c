// train.py of the exported package: the spec's optimizer (torch's Adam/AdamW/SGD, whose update
// rules src/runtime/train follows), learning-rate schedule with warm-up, gradient clipping by
// global norm and the logit-scale clamp, as src/runtime/run/trainer.ts applies them per step.
import type { IRProgram } from "../ir/ir.js";
import type { OptimizerSettings, ScheduleSettings } from "../ir/train.js";
import { stateEntries, towerAttr } from "./names.js";

const num = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

function optimizerPy(o: OptimizerSettings): string {
  switch (o.kind) {
    case "adam":
      return `torch.optim.Adam(params, lr=LR, betas=(${num(o.beta1)}, ${num(o.beta2)}), eps=${o.eps})`;
    case "adamw":
      return `torch.optim.AdamW(params, lr=LR, betas=(${num(o.beta1)}, ${num(o.beta2)}), eps=${o.eps}, weight_decay=${num(o.weightDecay)})`;
    case "sgd":
      return `torch.optim.SGD(params, lr=LR, momentum=${num(o.momentum)}, nesterov=${o.nesterov ? "True" : "False"})`;
  }
}

function schedulePy(s: ScheduleSettings): string[] {
  const warm = [`    if step < ${s.warmup}:`, `        return base * (step + 1) / ${s.warmup}`];
  switch (s.kind) {
    case "constant":
      return ["    base = LR", ...warm, "    return base"];
    case "cosine":
      return [
        "    base = LR",
        ...warm,
        `    decay_steps = total_steps - ${s.warmup}`,
        "    if decay_steps <= 0 or step >= total_steps:",
        `        return ${num(s.minLr)}`,
        `    progress = (step - ${s.warmup}) / decay_steps`,
        `    return ${num(s.minLr)} + (LR - ${num(s.minLr)}) * (1 + math.cos(math.pi * progress)) / 2`,
      ];
    case "step":
      return [`    base = LR * ${num(s.factor)} ** (step // ${s.every})`, ...warm, "    return base"];
  }
}

export function trainPy(ir: IRProgram): string {
  const t = ir.train;
  const lrScales = ir.towers.flatMap((tw) => (tw.update?.kind === "scaled" ? [[`${towerAttr(tw.name)}.`, tw.update.lrScale] as const] : []));
  const noDecay = stateEntries(ir).filter((e) => (e.node && e.param ? e.node.params.find((p) => p.name === e.param)?.noDecay : e.name.startsWith("loss."))).map((e) => e.name);
  return [
    `"""Training \`${ir.model}\` as mmc trains it: ${t.optimizer.kind}, ${t.schedule.kind} schedule${t.clip ? `, clip ${t.clip}` : ""}."""`,
    "import math",
    "",
    "import torch",
    "",
    "from . import losses",
    "",
    `LR = ${t.optimizer.lr}`,
    `BATCH = ${t.batch}`,
    `SEED = ${t.seed}`,
    `# Optimizer steps of the spec (None: it gives epochs = ${t.epochs ?? "none"}; pass total_steps).`,
    `STEPS = ${t.steps ?? "None"}`,
    `CLIP = ${t.clip ?? "None"}`,
    "# Parameters without weight decay (biases, norms, the loss's scalars).",
    `NO_DECAY = {${noDecay.map((n) => JSON.stringify(n)).join(", ")}}`,
    "# Learning-rate multiples by state-dict prefix (a tower's `lr_scale` in the spec).",
    `LR_SCALE = {${lrScales.map(([prefix, scale]) => `${JSON.stringify(prefix)}: ${num(scale)}`).join(", ")}}`,
    "",
    "",
    "def learning_rate(step, total_steps=STEPS):",
    `    """The learning rate of 0-based step \`step\`."""`,
    ...schedulePy(t.schedule),
    "",
    "",
    "def lr_scale(name):",
    `    """A parameter's multiple of the learning rate: its tower's \`lr_scale\` in the spec, else 1."""`,
    "    return next((scale for prefix, scale in LR_SCALE.items() if name.startswith(prefix)), 1.0)",
    "",
    "",
    "def make_optimizer(model):",
    `    """Param groups by weight decay and learning-rate multiple; a frozen tower's parameters (requires_grad False) are left out."""`,
    "    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]",
    "    params = []",
    "    for scale in [1.0] + sorted(set(LR_SCALE.values()) - {1.0}):",
    "        params.append({\"params\": [p for n, p in named if n not in NO_DECAY and lr_scale(n) == scale], \"lr_scale\": scale})",
    "        params.append({\"params\": [p for n, p in named if n in NO_DECAY and lr_scale(n) == scale], \"weight_decay\": 0.0, \"lr_scale\": scale})",
    `    return ${optimizerPy(t.optimizer)}`,
    "",
    "",
    "def train_step(model, optimizer, feeds, same_ids, step, total_steps=STEPS, reduce=None):",
    `    """One optimizer step on one batch; returns the loss before the step.`,
    "",
    "    reduce(model, loss), when given, runs between backward and the update and returns the",
    `    loss to report (distributed.py's averages the gradients and the loss over ranks)."""`,
    "    lr = learning_rate(step, total_steps)",
    "    for group in optimizer.param_groups:",
    "        group[\"lr\"] = lr * group[\"lr_scale\"]",
    "    optimizer.zero_grad()",
    "    loss = model.objective(feeds, same_ids)",
    "    loss.backward()",
    "    value = reduce(model, loss) if reduce is not None else loss.item()",
    "    if CLIP is not None:",
    "        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)",
    "    optimizer.step()",
    "    with torch.no_grad():",
    "        for name, p in model.loss.named_parameters():",
    "            if name.endswith(\"logit_scale\"):",
    "                p.clamp_(0, losses.LOGIT_SCALE_MAX)",
    "    return value",
    "",
    "",
    "def train(model, batches, total_steps=STEPS):",
    `    """batches: an iterable of (feeds, same_ids); trains total_steps steps, returns the losses."""`,
    "    if total_steps is None:",
    "        raise ValueError(\"the spec gives epochs, not steps: pass total_steps\")",
    "    model.train()",
    "    optimizer = make_optimizer(model)",
    "    out = []",
    "    for step, (feeds, same_ids) in zip(range(total_steps), batches):",
    "        out.append(train_step(model, optimizer, feeds, same_ids, step, total_steps))",
    "    return out",
    "",
  ].join("\n");
}
