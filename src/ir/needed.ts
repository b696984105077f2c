// The nodes a set of outputs depends on (the outputs included). Training computes only what
// the loss needs: a head the loss does not read is left out of the step on every engine.
import type { IRProgram } from "./ir.js";

export function nodesNeededBy(ir: IRProgram, outputs: readonly number[]): Set<number> {
  const needed = new Set<number>();
  const stack = [...outputs];
  while (stack.length) {
    const id = stack.pop()!;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const input of ir.nodes[id]!.inputs) stack.push(input); // no spread: a fusion may have very many inputs
  }
  return needed;
}

/** The node ids the spec's loss terms read, each once. */
export function lossOutputs(ir: IRProgram): number[] {
  return [...new Set(ir.loss.flatMap((t) => t.inputs))];
}
