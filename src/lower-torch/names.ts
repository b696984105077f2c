// Python names of the exported package: tower attributes and classes, and the state-dict
// name of every mmc parameter key.
import type { IRNode, IRProgram } from "../ir/ir.js";
import { paramKey } from "../lower/model.js";

// Python keywords and nn.Module members a tower attribute must not shadow, and the loss's own name.
const TAKEN = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield", "loss", "forward", "train", "eval", "training", "parameters", "buffers", "children",
  "modules", "state_dict", "load_state_dict", "to", "cuda", "cpu", "type", "float", "double", "half", "apply", "zero_grad", "share_memory",
]);

export function towerAttr(tower: string): string {
  const safe = tower.replace(/[^A-Za-z0-9_]/g, "_");
  return TAKEN.has(safe) || /^[0-9]/.test(safe) ? `${safe}_tower` : safe;
}

export function towerClass(tower: string): string {
  const camel = tower.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return `${/^[0-9]/.test(camel) ? "T" : ""}${camel}Tower`;
}

export const nodeParamsAttr = (node: IRNode) => `n${node.id}`;
export const statAttr = (node: IRNode, stat: "mean" | "variance") => `n${node.id}_running_${stat === "mean" ? "mean" : "var"}`;
export const lossParamAttr = (term: number, name: string) => `t${term}_${name}`;

/** One entry of the state dict: mmc's key (CompiledModel's) and torch's name. */
export interface StateEntry {
  key: string;
  name: string;
  node?: IRNode;
  param?: string;
}

/** Every trainable parameter and running statistic, in CompiledModel's order. */
export function stateEntries(ir: IRProgram): StateEntry[] {
  const out: StateEntry[] = [];
  for (const node of ir.nodes) {
    for (const p of node.params) out.push({ key: paramKey(node, p.name), name: `${towerAttr(node.tower)}.${nodeParamsAttr(node)}.${p.name}`, node, param: p.name });
    if (node.op === "batch_norm") {
      for (const s of ["mean", "variance"] as const) out.push({ key: `${node.id}/${s}`, name: `${towerAttr(node.tower)}.${statAttr(node, s)}` });
    }
  }
  for (const [i, term] of ir.loss.entries()) {
    for (const p of term.params) out.push({ key: `loss/${i}/${term.kind}/${p.name}`, name: `loss.${lossParamAttr(i, p.name)}` });
  }
  return out;
}
