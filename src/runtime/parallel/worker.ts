// The training helper thread: computes the forward pass of its share of each batch (the
// items after the main thread's), hands the embeddings to the main thread, receives the
// loss's gradient for them, and returns its weight gradients (a vector-Jacobian product).
// Together the two shares give exactly the full-batch gradient of the full-batch loss
// (every item still sees every negative), however the batch is split.
import * as tf from "@tensorflow/tfjs";
import { parentPort, workerData } from "node:worker_threads";
import type { IRProgram } from "../../ir/ir.js";
import { CompiledModel } from "../../lower/model.js";
import { Rng } from "../../common/random.js";
import { loadData } from "../data/index.js";
import type { DataRequest } from "../data/types.js";
import { startBackend, type BackendName } from "../run/backend.js";
import { planBatches } from "../run/batches.js";
import { makeFeeds } from "../run/feeds.js";
import { threadClock } from "./clock.js";
import { copyGradsOut, copyParamsIn } from "./flat.js";
import { Slot, signal, waitFor, type OutputSlice, type SharedLayout } from "./shared.js";

export interface HelperInit {
  ir: IRProgram;
  request: DataRequest;
  backend: BackendName;
  layout: SharedLayout;
  slices: OutputSlice[];
}

async function main(init: HelperInit): Promise<void> {
  await startBackend(init.backend);
  const { ir, layout, slices } = init;
  const data = loadData(init.request);
  const model = new CompiledModel(ir, ir.train.seed);
  const plan = planBatches(data.train, ir.train.batch, ir.train.batches, ir.train.seed);
  const control = new Int32Array(layout.control);
  const weights = new Float32Array(layout.weights);
  const emb = new Float32Array(layout.embeddings);
  const embGrad = new Float32Array(layout.embeddingGrads);
  const grads = new Float32Array(layout.grads);
  const nodes = slices.map((s) => s.node);
  const trainable = new Set(model.trainable());
  const params = [...model.params.values()].filter((v) => trainable.has(v)); // a frozen tower's get no gradient
  const clock = threadClock();
  parentPort!.postMessage({ type: "ready" });
  let done = 0;
  for (;;) {
    waitFor(control, Slot.Go, done + 1);
    if (Atomics.load(control, Slot.Stop)) break;
    // Compute time only (not the waits): the main thread balances the split on it.
    let start = clock();
    const step = Atomics.load(control, Slot.Go) - 1;
    const tag = step + 1;
    copyParamsIn(model, weights);
    const mine = plan.indices(step).subarray(Atomics.load(control, Slot.Split));
    const rows = mine.length;
    let busy = 0;
    tf.tidy(() => {
      const feeds = makeFeeds(ir, data, data.train, mine);
      const { grads: g } = tf.variableGrads(() => {
        const values = model.forward(feeds, nodes, true, new Rng(ir.train.seed * 1_000_003 + step + 0x5bd1e995));
        for (const s of slices) emb.set(values.get(s.node)!.dataSync() as Float32Array, s.offset);
        busy += clock() - start;
        signal(control, Slot.EmbReady, tag);
        waitFor(control, Slot.GradInReady, tag);
        start = clock();
        let total: tf.Tensor = tf.scalar(0);
        for (const s of slices) {
          const v = values.get(s.node)!;
          const dy = tf.tensor(embGrad.slice(s.offset, s.offset + rows * s.width), v.shape, "float32");
          total = tf.add(total, tf.sum(tf.mul(v, dy)));
        }
        return total as tf.Scalar;
      }, params);
      copyGradsOut(model, g, grads);
    });
    busy += clock() - start;
    Atomics.store(control, Slot.HelperMicros, Number.isFinite(busy) ? Math.round(busy * 1000) : -1);
    signal(control, Slot.GradsReady, tag);
    done = tag;
  }
  model.dispose();
}

main(workerData as HelperInit).catch((e: unknown) => {
  const control = new Int32Array((workerData as HelperInit).layout.control);
  signal(control, Slot.Failed, 1);
  parentPort!.postMessage({ type: "error", message: (e as Error).stack ?? String(e) });
});
