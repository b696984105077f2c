// One parity case: the tiny spec's loss and every weight gradient on its first batch, then the
// losses of a few Adam steps. Reads results only with `await t.data()`, so that it runs
// unchanged on every backend (WebGPU in Node has no synchronous reads).
import * as tf from "@tensorflow/tfjs";
import { CompiledModel } from "../../src/lower/model.js";
import { Rng } from "../../src/common/random.js";
import { planBatches } from "../../src/runtime/run/batches.js";
import { captionIds, makeFeeds } from "../../src/runtime/run/feeds.js";
import { lossOutputs, totalLoss } from "../../src/runtime/run/objective.js";
import { loadSpecData } from "../../src/runtime/run/run.js";
import { createOptimizer } from "../../src/runtime/train/optimizers.js";
import { checkedIr, TINY } from "../run/helpers.js";

export interface ParityResult {
  backend: string;
  /** The loss before any step, then after each Adam step. */
  losses: number[];
  /** Gradient of the first loss for each trainable weight, keyed by its spec path. */
  grads: Record<string, number[]>;
  /** Tensors left behind by the whole case (should be 0). */
  leaked: number;
}

export const PARITY_STEPS = 2;
/** Small, so that the slow SwiftShader adapter finishes in seconds. */
const PARITY_BATCH = 8;

export async function parityCase(): Promise<ParityResult> {
  const ir = checkedIr(TINY, (ir) => {
    ir.train.batch = PARITY_BATCH;
  });
  const data = loadSpecData(ir, TINY);
  const before = tf.memory().numTensors;
  const model = new CompiledModel(ir, ir.train.seed);
  const optimizer = createOptimizer({ kind: "adam", beta1: 0.9, beta2: 0.999, eps: 1e-8 }, model.trainable());
  const plan = planBatches(data.train, ir.train.batch, ir.train.batches, ir.train.seed);
  const ids = captionIds(data.train);
  const outputs = lossOutputs(ir);
  const losses: number[] = [];
  let grads: Record<string, number[]> = {};
  for (let step = 0; step <= PARITY_STEPS; step++) {
    const idx = plan.indices(step);
    const same = Int32Array.from(idx, (i) => ids[i]!);
    const { value, grads: g } = tf.variableGrads(
      () => totalLoss(ir, model, model.forward(makeFeeds(ir, data, data.train, idx), outputs, true, new Rng(ir.train.seed * 1_000_003 + step)), same),
      model.trainable(),
    );
    losses.push((await value.data())[0]!);
    if (step === 0) {
      grads = {};
      for (const [name, t] of Object.entries(g)) grads[model.keyOf(model.trainable().find((v) => v.name === name)!)] = Array.from(await t.data());
    }
    if (step < PARITY_STEPS) optimizer.step(g, 3e-3);
    tf.dispose([value, ...Object.values(g)]);
  }
  optimizer.dispose();
  model.dispose();
  return { backend: tf.getBackend(), losses, grads, leaked: tf.memory().numTensors - before };
}

/** ||a - b|| / ||b||: one number per tensor, insensitive to its size. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    ref += b[i]! ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(ref), 1e-30);
}
