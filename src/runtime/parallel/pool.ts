// The main thread's side of data-parallel training with one helper thread (this machine
// has two cores; tfjs-backend-wasm is single-threaded in Node). Each step the main thread
// runs its share of the batch (the first `split` items), gathers the helper's embeddings,
// computes the full-batch loss, hands the helper dLoss/dEmbeddings, and adds the helper's
// weight gradients to its own. Where the result does not depend on the split, the split
// follows the measured compute times of both threads (balance.ts).
import * as tf from "@tensorflow/tfjs";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { IRProgram } from "../../ir/ir.js";
import type { CompiledModel, Feeds } from "../../lower/model.js";
import type { Rng } from "../../common/random.js";
import type { DataRequest } from "../data/types.js";
import type { BackendName } from "../run/backend.js";
import { SplitBalancer, defaultBalancerOptions, evenSplit, splitInvariant } from "./balance.js";
import { threadClock } from "./clock.js";
import { addFlatGrads, copyParamsOut } from "./flat.js";
import { Slot, allocate, outputSlices, signal, waitFor, type OutputSlice, type SharedLayout } from "./shared.js";
import type { HelperInit } from "./worker.js";
import type { GradientSplitter, Trainer } from "../run/trainer.js";

export interface StepResult {
  value: tf.Scalar;
  grads: tf.NamedTensorMap;
}

/** The helper runs from dist/ as JavaScript, or from src/ through tsx's loader (tests, tsx scripts). */
function spawnHelper(workerData: HelperInit): Worker {
  const js = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL("./worker.ts", import.meta.url).href;
  const api = (import.meta as unknown as { resolve(s: string): string }).resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Gives a trainer a helper thread for the second core (batches of 4 or more). */
export async function useHelperThread(trainer: Trainer, request: DataRequest, backend: BackendName, choice: SplitChoice = {}): Promise<void> {
  if (trainer.ir.train.batch < 4) return;
  trainer.useSplitter(await HelperPool.start(trainer.ir, request, backend, trainer.lossOutputNodes, choice));
}

export interface SplitChoice {
  /**
   * true moves the split toward equal thread times where the result allows. Off by default: a
   * timing-dependent split changes float rounding, and seeded runs must repeat bit for bit; the
   * bench found the even split already balanced for the example specs.
   */
  adaptive?: boolean;
  /** The main thread's items at the first step when balancing (default: half). */
  firstSplit?: number;
}

export class HelperPool implements GradientSplitter {
  private worker: Worker;
  private layout: SharedLayout;
  private control: Int32Array;
  private slices: OutputSlice[];
  private error: string | undefined;
  /** Moves the split; absent where the result depends on it (random ops, batch statistics). */
  private balancer: SplitBalancer | undefined;
  private fixedSplit: number;
  private clock = threadClock();

  private constructor(private ir: IRProgram, request: DataRequest, backend: BackendName, private nodes: number[], choice: SplitChoice) {
    const batch = ir.train.batch;
    const opts = defaultBalancerOptions(batch);
    this.fixedSplit = evenSplit(ir);
    if (choice.adaptive === true && splitInvariant(ir)) {
      const first = Math.max(opts.min, Math.min(opts.max, choice.firstSplit ?? this.fixedSplit));
      this.balancer = new SplitBalancer(batch, first, opts);
    }
    // Room for the helper's largest share.
    const helperRows = batch - Math.min(this.fixedSplit, this.balancer ? opts.min : batch);
    this.slices = outputSlices(ir, nodes, helperRows);
    this.layout = allocate(ir, this.slices, helperRows);
    this.control = new Int32Array(this.layout.control);
    this.worker = spawnHelper({ ir, request, backend, layout: this.layout, slices: this.slices });
    this.worker.on("message", (m: { type: string; message?: string }) => {
      if (m.type === "error") this.error = m.message;
    });
  }

  static async start(ir: IRProgram, request: DataRequest, backend: BackendName, nodes: number[], choice: SplitChoice = {}): Promise<HelperPool> {
    const pool = new HelperPool(ir, request, backend, nodes, choice);
    await new Promise<void>((resolve, reject) => {
      pool.worker.once("message", (m: { type: string; message?: string }) => (m.type === "ready" ? resolve() : reject(new Error(m.message))));
      pool.worker.once("error", reject);
    });
    return pool;
  }

  /** The main thread's items in the next step (the trainer feeds it those). */
  get split(): number {
    return this.balancer?.split ?? this.fixedSplit;
  }

  /**
   * One data-parallel gradient: `mainFeeds` hold the main thread's share (`split` items);
   * `lossOf` computes the loss from the gathered full-batch outputs. Call inside tf.tidy.
   */

  step(step: number, model: CompiledModel, mainFeeds: Feeds, fullInputs: Feeds, rng: Rng, lossOf: (values: Map<number, tf.Tensor>) => tf.Scalar): StepResult {
    const tag = step + 1;
    const split = this.split;
    const fed = Object.values(mainFeeds)[0]?.shape[0];
    if (fed !== undefined && fed !== split) throw new Error(`the main thread was fed ${fed} items, not its share of ${split}`);
    copyParamsOut(model, new Float32Array(this.layout.weights));
    Atomics.store(this.control, Slot.Split, split);
    signal(this.control, Slot.Go, tag);
    // Compute time only (not the waits) of the phases the helper runs alongside, for the balancer.
    let start = this.clock();
    let busy = 0;
    const emb = new Float32Array(this.layout.embeddings);
    const embGrad = new Float32Array(this.layout.embeddingGrads);
    const rows = this.ir.train.batch - split;
    const { value, grads } = tf.variableGrads(() => {
      const mine = model.forward(mainFeeds, this.nodes, true, rng);
      busy += this.clock() - start;
      this.wait(Slot.EmbReady, tag);
      const theirs = this.slices.map((s) => tf.tensor(emb.slice(s.offset, s.offset + rows * s.width), [rows, ...mine.get(s.node)!.shape.slice(1)], "float32"));
      const gather = (helper: tf.Tensor[]) => {
        const values = new Map<number, tf.Tensor>();
        this.slices.forEach((s, i) => values.set(s.node, tf.concat([mine.get(s.node)!, helper[i]!], 0)));
        for (const id of this.nodes) {
          const node = this.ir.nodes[id]!;
          if (!values.has(id) && node.op === "input") values.set(id, fullInputs[node.attrs.name]!);
        }
        return values;
      };
      const helperGrads = tf.grads((...helper: tf.Tensor[]) => lossOf(gather(helper)))(theirs);
      this.slices.forEach((s, i) => embGrad.set(helperGrads[i]!.dataSync() as Float32Array, s.offset));
      signal(this.control, Slot.GradInReady, tag);
      start = this.clock();
      return lossOf(gather(theirs));
    }, model.trainable());
    busy += this.clock() - start;
    this.wait(Slot.GradsReady, tag);
    const helperMicros = Atomics.load(this.control, Slot.HelperMicros);
    this.balancer?.record(busy, helperMicros >= 0 ? helperMicros / 1000 : NaN);
    return { value, grads: addFlatGrads(model, grads, new Float32Array(this.layout.grads)) };
  }

  private wait(slot: Slot, value: number): void {
    try {
      waitFor(this.control, slot, value);
    } catch {
      throw new Error(`the training helper thread failed:\n${this.error ?? "(no message)"}`);
    }
  }

  async dispose(): Promise<void> {
    signal(this.control, Slot.Stop, 1);
    signal(this.control, Slot.Go, Atomics.load(this.control, Slot.Go) + 1);
    await this.worker.terminate();
  }
}
