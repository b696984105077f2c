// Analytic FLOP count of one training step (forward + backward) from the checked IR.
// Only the matrix-product work is counted (conv, dense, attention, the loss's similarity
// matrix; a multiply-add is 2 FLOPs): elementwise ops are a rounding error next to it.
// Backward costs twice the forward (weight and input gradients), except that no input
// gradient is computed for a layer whose input depends on no parameter (the data).
import { axisSize, nodeFlops } from "../src/ir/facts.js";
import type { IRProgram } from "../src/ir/ir.js";
import { lossOutputs, nodesNeededBy } from "../src/ir/needed.js";

export interface StepFlops {
  forward: number;
  backward: number;
  total: number;
  /** Largest contributors (forward + backward), by node label. */
  byNode: { label: string; flops: number }[];
}

export function stepFlops(ir: IRProgram, batch = ir.train.batch): StepFlops {
  // The nodes the loss needs, and which of them depend on a parameter.
  const needed = nodesNeededBy(ir, lossOutputs(ir));
  const trained = new Set<number>();
  for (const n of ir.nodes) if (n.params.length > 0 || n.inputs.some((i) => trained.has(i))) trained.add(n.id);
  let forward = 0;
  let backward = 0;
  const byNode: StepFlops["byNode"] = [];
  for (const n of ir.nodes) {
    if (!needed.has(n.id)) continue;
    const f = nodeFlops(n, ir, batch);
    if (f === 0) continue;
    const inputGrad = n.inputs.some((i) => trained.has(i));
    const b = f * (inputGrad ? 2 : 1);
    forward += f;
    backward += b;
    byNode.push({ label: `${n.tower}: ${n.label}`, flops: f + b });
  }
  for (const term of ir.loss) {
    if (term.kind === "cross_entropy") continue;
    const d = axisSize(ir.nodes[term.inputs[0]!]!, 1, batch);
    const f = 2 * batch * batch * d;
    forward += f;
    backward += 2 * f;
  }
  byNode.sort((a, b) => b.flops - a.flops);
  return { forward, backward, total: forward + backward, byNode };
}
