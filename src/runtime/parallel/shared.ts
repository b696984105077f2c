// The shared memory between the trainer and its helper thread: a control block of counters
// (Atomics.wait/notify, no message round trips inside a step) and flat float buffers for
// weights, the helper's embeddings (room for its largest share), their gradients from the loss, and its weight gradients.
import type { IRProgram } from "../../ir/ir.js";

export const enum Slot {
  Go = 0, // main -> helper: step number + 1 to compute
  EmbReady = 1, // helper -> main
  GradInReady = 2, // main -> helper: dLoss/dEmbeddings written
  GradsReady = 3, // helper -> main
  Stop = 4, // main -> helper: quit
  Failed = 5, // helper -> main: 1 when it threw (message follows by postMessage)
  Split = 6, // main -> helper: the main thread's items this step (set before Go)
  HelperMicros = 7, // helper -> main: its compute time this step in microseconds, -1 unknown (set before GradsReady)
}

export interface SharedLayout {
  control: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  embeddings: SharedArrayBuffer;
  embeddingGrads: SharedArrayBuffer;
  grads: SharedArrayBuffer;
}

/** Per loss-output node: its offset and row width in the embeddings buffers. */
export interface OutputSlice {
  node: number;
  width: number;
  offset: number;
}

/** Float outputs the loss needs (inputs such as labels are fed whole by the main thread). */
export function outputSlices(ir: IRProgram, nodes: number[], rows: number): OutputSlice[] {
  let offset = 0;
  return nodes
    .filter((id) => ir.nodes[id]!.op !== "input")
    .map((node) => {
      const width = ir.nodes[node]!.shape.slice(1).reduce((a, d) => a * (d.size ?? 1), 1);
      const s = { node, width, offset };
      offset += rows * width;
      return s;
    });
}

export function paramTotal(ir: IRProgram): number {
  return ir.nodes.reduce((s, n) => s + n.paramCount, 0);
}

export function allocate(ir: IRProgram, slices: OutputSlice[], rows: number): SharedLayout {
  const embFloats = slices.reduce((s, x) => s + x.width * rows, 0);
  const f32 = (n: number) => new SharedArrayBuffer(Math.max(1, n) * 4);
  return {
    control: new SharedArrayBuffer(8 * 4),
    weights: f32(paramTotal(ir)),
    embeddings: f32(embFloats),
    embeddingGrads: f32(embFloats),
    grads: f32(paramTotal(ir)),
  };
}

/** Blocks until control[slot] reaches at least `value` (or the helper failed). */
export function waitFor(control: Int32Array, slot: Slot, value: number): void {
  for (;;) {
    const now = Atomics.load(control, slot);
    if (now >= value) return;
    if (Atomics.load(control, Slot.Failed) !== 0) throw new Error("the training helper thread failed");
    Atomics.wait(control, slot, now, 1000);
  }
}

export function signal(control: Int32Array, slot: Slot, value: number): void {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
}
