// model.py of the exported package: one nn.Module per tower (its forward is the IR node list,
// one line a node), the loss module with its learnable scalars, and the whole model that
// holds both and loads the exported initial weights.
import type { IRNode, IRProgram, IRTower } from "../ir/ir.js";
import { initialLossValue } from "../ir/losses.js";
import { lossOutputs, nodesNeededBy } from "../ir/needed.js";
import { CompilerBug } from "../ir/verify.js";
import { nodeExpr, paramLayout } from "./op-table.js";
import { lossParamAttr, nodeParamsAttr, statAttr, towerAttr, towerClass } from "./names.js";

const str = (s: string) => JSON.stringify(s);
const num = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

function torchShape(node: IRNode, param: string, shape: number[]): number[] {
  const layout = paramLayout(node, param);
  if (layout === "hwio_to_oihw") return [shape[3]!, shape[2]!, shape[0]!, shape[1]!];
  if (layout === "in_out_to_out_in") return [shape[1]!, shape[0]!];
  return shape;
}

function towerNodes(ir: IRProgram, t: IRTower): IRNode[] {
  return ir.nodes.slice(t.firstNode, t.lastNode + 1);
}

function towerModule(ir: IRProgram, t: IRTower): string {
  const nodes = towerNodes(ir, t);
  const init: string[] = [];
  const body: string[] = [];
  for (const node of nodes) {
    if (node.op === "input") throw new CompilerBug(`input \`${node.attrs.name}\` inside tower ${t.name}`);
    if (node.params.length) {
      const entries = node.params.map((p) => `${str(p.name)}: nn.Parameter(torch.zeros((${torchShape(node, p.name, p.shape).join(", ")}${p.shape.length === 1 ? "," : ""})))`);
      init.push(`        self.${nodeParamsAttr(node)} = nn.ParameterDict({${entries.join(", ")}})`);
    }
    if (node.op === "batch_norm") {
      const c = node.shape[node.shape.length - 1]!.size!;
      init.push(`        self.register_buffer(${str(statAttr(node, "mean"))}, torch.zeros(${c}))`);
      init.push(`        self.register_buffer(${str(statAttr(node, "variance"))}, torch.ones(${c}))`);
    }
    const names = new Set(node.params.map((p) => p.name));
    const expr = nodeExpr(node, {
      input: (i) => (node.inputs[i] === undefined ? "None" : `v[${node.inputs[i]}]`),
      param: (name) => (names.has(name) ? `self.${nodeParamsAttr(node)}[${str(name)}]` : "None"),
      stat: (s) => `self.${statAttr(node, s)}`,
    });
    body.push(`        v[${node.id}] = ${expr}  # ${node.label.replace(/\s+/g, " ")}`);
  }
  return [
    `class ${towerClass(t.name)}(nn.Module):`,
    `    """The ${t.role} \`${t.name}\`: nodes ${t.firstNode}..${t.lastNode} of the IR."""`,
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...init,
    "",
    "    def forward(self, v):",
    `        """Adds this tower's node values to v (node id -> tensor); returns its output."""`,
    ...body,
    `        return v[${t.output}]`,
  ].join("\n");
}

function lossModule(ir: IRProgram): string {
  const init: string[] = [];
  const terms: string[] = [];
  for (const [i, term] of ir.loss.entries()) {
    for (const p of term.params) init.push(`        self.${lossParamAttr(i, p.name)} = nn.Parameter(torch.tensor(${num(initialLossValue(term, p.name))}))`);
    const has = (name: string) => term.params.some((p) => p.name === name);
    const scalar = (name: string) => (has(name) ? `self.${lossParamAttr(i, name)}` : `torch.tensor(${num(initialLossValue(term, name))})`);
    const [a, b] = term.inputs.map((id) => (term.kind === "cross_entropy" ? `v[${id}]` : `g[${id}]`));
    let call: string;
    switch (term.kind) {
      case "infonce":
        call = `losses.infonce(${a}, ${b}, ${scalar("logit_scale")}, same_ids, hard_negatives=${num(term.attrs.hard_negatives)})`;
        break;
      case "siglip":
        call = `losses.siglip(${a}, ${b}, ${scalar("logit_scale")}, ${scalar("logit_bias")}, same_ids)`;
        break;
      case "triplet":
        call = `losses.triplet(${a}, ${b}, ${num(term.attrs.margin)}, ${str(term.attrs.mining)}, same_ids)`;
        break;
      case "cross_entropy":
        call = `losses.cross_entropy(${a}, ${b}, smoothing=${num(term.attrs.smoothing)})`;
        break;
    }
    terms.push(term.weight === 1 ? call : `${num(term.weight)} * ${call}`);
  }
  const gathered = [...new Set(ir.loss.filter((t) => t.kind !== "cross_entropy").flatMap((t) => t.inputs))];
  return [
    "class Loss(nn.Module):",
    "    \"\"\"The spec's loss, with its learnable scalars (log logit scales are clamped by train.py).\"\"\"",
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...(init.length ? init : ["        pass"]),
    "",
    "    def forward(self, v, same_ids=None):",
    ...(gathered.length
      ? [
        "        # Contrastive terms see every rank's items in a distributed run (see losses.gather_with_grad).",
        `        g = {${gathered.map((id) => `${id}: losses.gather_with_grad(v[${id}])`).join(", ")}}`,
        "        same_ids = losses.gather_ids(same_ids)",
      ]
      : []),
    `        return ${terms.join(" + ")}`,
  ].join("\n");
}

/** The attributes of the towers the spec marks `frozen`. */
function frozenAttrs(ir: IRProgram): string[] {
  return ir.towers.filter((t) => t.update?.kind === "frozen").map((t) => towerAttr(t.name));
}

/** A frozen tower's parameters take no gradient (train.py leaves them out of the optimizer). */
function frozenInit(ir: IRProgram): string[] {
  const attrs = frozenAttrs(ir);
  if (!attrs.length) return [];
  return ["        # Frozen towers (`frozen` in the spec): no gradient, no optimizer state.", ...attrs.map((a) => `        self.${a}.requires_grad_(False)`)];
}

/** mmc runs a frozen tower as at inference even while training: no dropout, batch norm on its running statistics. */
function frozenTrainMode(ir: IRProgram): string[] {
  const attrs = frozenAttrs(ir);
  if (!attrs.length) return [];
  return [
    "    def train(self, mode=True):",
    `        """As nn.Module.train, but the frozen towers stay in eval mode, as mmc runs them."""`,
    "        super().train(mode)",
    ...attrs.map((a) => `        self.${a}.train(False)`),
    "        return self",
    "",
  ];
}

/** Python lines computing `towers` in node order into v, from the feeds. */
function runTowers(ir: IRProgram, towers: readonly IRTower[]): string[] {
  const feeds = ir.nodes.filter((n) => n.op === "input").map((n) => `        v[${n.id}] = ${nodeExpr(n, { input: () => "None", param: () => "None", stat: () => "None" })}`);
  return ["        v = {}", ...feeds, ...[...towers].sort((a, b) => a.firstNode - b.firstNode).map((t) => `        self.${towerAttr(t.name)}(v)`)];
}

/** The towers the loss reads from (mmc's training step computes only those nodes). */
function lossTowers(ir: IRProgram): IRTower[] {
  const needed = nodesNeededBy(ir, lossOutputs(ir));
  return ir.towers.filter((t) => towerNodes(ir, t).some((n) => needed.has(n.id)));
}

function objective(ir: IRProgram): string[] {
  const used = lossTowers(ir);
  const unused = ir.towers.filter((t) => !used.includes(t));
  const doc = `        """The loss of one batch (same_ids: caption ids [B], equal ids are not each other's negatives).`;
  if (!unused.length) return ["    def objective(self, feeds, same_ids=None):", `${doc}"""`, "        return self.loss(self(feeds), same_ids)"];
  return [
    "    def objective(self, feeds, same_ids=None):",
    doc,
    "",
    `        Only the towers the loss reads run, as in mmc's training step: ${unused.map((t) => `\`${t.name}\``).join(", ")} ${unused.length === 1 ? "is" : "are"} left out."""`,
    ...runTowers(ir, used),
    "        return self.loss(v, same_ids)",
  ];
}

function modelClass(ir: IRProgram): string {
  return [
    "class Model(nn.Module):",
    `    """\`${ir.model}\`: every tower and the loss. Images NHWC float32, tokens [B, L] ints (0 = padding), labels [B] ints."""`,
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...ir.towers.map((t) => `        self.${towerAttr(t.name)} = ${towerClass(t.name)}()`),
    "        self.loss = Loss()",
    ...frozenInit(ir),
    "",
    "    def forward(self, feeds):",
    `        """feeds: input name -> tensor; returns every node's value (node id -> tensor)."""`,
    ...runTowers(ir, ir.towers),
    "        return v",
    "",
    ...frozenTrainMode(ir),
    ...objective(ir),
    "",
    "    def embed(self, feeds):",
    `        """Each tower's output by name."""`,
    "        v = self(feeds)",
    `        return {${ir.towers.map((t) => `${str(t.name)}: v[${t.output}]`).join(", ")}}`,
  ].join("\n");
}

/** Checks that the towers cover every computed node exactly once, in order (the forward relies on it). */
function assertTowersPartition(ir: IRProgram): void {
  const owner = new Map<number, string>();
  for (const t of ir.towers) for (const n of towerNodes(ir, t)) owner.set(n.id, t.name);
  for (const n of ir.nodes) {
    if (n.op !== "input" && owner.get(n.id) !== n.tower) throw new CompilerBug(`node ${n.id} (${n.label}) lies outside its tower ${n.tower}'s range`);
  }
}

export function modelPy(ir: IRProgram): string {
  assertTowersPartition(ir);
  return [
    `"""\`${ir.model}\` as PyTorch modules, generated by \`mmc export --format torch\` from ${ir.source}.`,
    "",
    "Runs on PyTorch 1.13 and 2.x. Layouts are mmc's: images NHWC, sequences [B, L, D];",
    "weights are torch's (conv kernels OIHW, linear weights [out, in]).",
    '"""',
    "import json",
    "import os",
    "",
    "import numpy as np",
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "",
    "from . import losses, ops",
    "",
    "",
    ...ir.towers.flatMap((t) => [towerModule(ir, t), "", ""]),
    lossModule(ir),
    "",
    "",
    modelClass(ir),
    "",
    "",
    "def load_weights(model, folder=os.path.dirname(os.path.abspath(__file__))):",
    `    """Loads weights.bin (little-endian float32, torch layouts) as weights.json indexes it."""`,
    "    with open(os.path.join(folder, \"weights.json\")) as f:",
    "        index = json.load(f)",
    "    data = np.fromfile(os.path.join(folder, \"weights.bin\"), dtype=\"<f4\")",
    "    state = {}",
    "    for e in index[\"tensors\"]:",
    "        count = int(np.prod(e[\"shape\"])) if e[\"shape\"] else 1",
    "        state[e[\"name\"]] = torch.from_numpy(data[e[\"offset\"]:e[\"offset\"] + count].copy()).reshape(e[\"shape\"])",
    "    model.load_state_dict(state)",
    "    return model",
    "",
    "",
    "def initial_model():",
    `    """The model with the initial weights mmc itself would train from (seed ${ir.train.seed})."""`,
    "    return load_weights(Model())",
    "",
  ].join("\n");
}
