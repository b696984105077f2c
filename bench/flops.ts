// Analytic FLOP count of one training step (forward + backward) from the checked IR.
// Only the matrix-product work is counted (conv, dense, attention, the loss's similarity
// matrix; a multiply-add is 2 FLOPs): elementwise ops are a rounding error next to it.
// Backward costs twice the forward (weight and input gradients), except that no input
// gradient is computed for a layer whose input depends on no parameter (the data).
import type { IRNode, IRProgram } from "../src/ir/ir.js";

export interface StepFlops {
  forward: number;
  backward: number;
  total: number;
  /** Largest contributors (forward + backward), by node label. */
  byNode: { label: string; flops: number }[];
}

const sizeOf = (node: IRNode, i: number, batch: number) => node.shape[i]?.size ?? batch;

/** Rows a last-axis projection is applied to: every axis of `node`'s output but the last. */
function rows(node: IRNode, batch: number): number {
  let n = 1;
  for (let i = 0; i < node.shape.length - 1; i++) n *= sizeOf(node, i, batch);
  return n;
}

function paramShape(node: IRNode, name: string): number[] {
  return node.params.find((p) => p.name === name)?.shape ?? [];
}

/** Forward FLOPs of one node's matrix products. */
function forwardFlops(node: IRNode, ir: IRProgram, batch: number): number {
  switch (node.op) {
    case "conv2d":
    case "patch_embed": {
      const [kh, kw, ci, co] = paramShape(node, "kernel") as [number, number, number, number];
      // patch_embed's output is already [B, patches, D]: rows are output pixels either way.
      return 2 * rows(node, batch) * kh * kw * ci * co;
    }
    case "dense":
    case "gated": {
      const [fanIn, fanOut] = paramShape(node, "kernel") as [number, number];
      return 2 * rows(node, batch) * fanIn * fanOut;
    }
    case "attention":
    case "cross_attention":
    case "attention_pool": {
      const d = paramShape(node, "wq")[1]!;
      const e = paramShape(node, "wk")[0]!;
      const kv = ir.nodes[node.inputs[node.op === "cross_attention" ? 1 : 0]!]!;
      const lk = sizeOf(kv, 1, batch);
      const lq = node.op === "attention_pool" ? 1 : sizeOf(node, 1, batch);
      const b = sizeOf(node, 0, batch);
      const projections = 2 * b * (lq * d * d * 2 + lk * e * d * 2);
      const scoresAndMix = 2 * 2 * b * lq * lk * d;
      return projections + scoresAndMix;
    }
    default:
      return 0;
  }
}

export function stepFlops(ir: IRProgram, batch = ir.train.batch): StepFlops {
  const lossInputs = ir.loss.flatMap((t) => t.inputs);
  // The nodes the loss needs, and which of them depend on a parameter.
  const needed = new Set<number>();
  const stack = [...lossInputs];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...ir.nodes[id]!.inputs);
  }
  const trained = new Set<number>();
  for (const n of ir.nodes) if (n.params.length > 0 || n.inputs.some((i) => trained.has(i))) trained.add(n.id);
  let forward = 0;
  let backward = 0;
  const byNode: StepFlops["byNode"] = [];
  for (const n of ir.nodes) {
    if (!needed.has(n.id)) continue;
    const f = forwardFlops(n, ir, batch);
    if (f === 0) continue;
    const inputGrad = n.inputs.some((i) => trained.has(i));
    const b = f * (inputGrad ? 2 : 1);
    forward += f;
    backward += b;
    byNode.push({ label: `${n.tower}: ${n.label}`, flops: f + b });
  }
  for (const term of ir.loss) {
    if (term.kind === "cross_entropy") continue;
    const d = sizeOf(ir.nodes[term.inputs[0]!]!, 1, batch);
    const f = 2 * batch * batch * d;
    forward += f;
    backward += 2 * f;
  }
  byNode.sort((a, b) => b.flops - a.flops);
  return { forward, backward, total: forward + backward, byNode };
}
