// The training loop. It emits typed events (the CLI draws a progress bar from them, the
// playground charts them) and can stop between steps, leaving a consistent state.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import { CompiledModel } from "../../lower/model.js";
import { Rng } from "../../common/random.js";
import type { DataBundle } from "../data/types.js";
import { clampLogitScale } from "../train/losses.js";
import { createOptimizer, type Optimizer } from "../train/optimizers.js";
import { clipByGlobalNormOnDevice } from "../train/clip.js";
import { createSchedule, type LrSchedule } from "../train/schedule.js";
import { planBatches, type BatchPlan } from "./batches.js";
import { evaluate, type Evaluation } from "./evaluate.js";
import { captionIds, makeFeeds } from "./feeds.js";
import { lossOutputs, totalLoss } from "./objective.js";
import type { Feeds } from "../../lower/model.js";

/** A way to compute one step's gradient on more than one thread (Node: see parallel/pool.ts). */
export interface GradientSplitter {
  readonly split: number;
  step(step: number, model: CompiledModel, mainFeeds: Feeds, fullInputs: Feeds, rng: Rng, lossOf: (values: Map<number, tf.Tensor>) => tf.Scalar): { value: tf.Scalar; grads: tf.NamedTensorMap };
  dispose(): Promise<void>;
}

export type TrainEvent =
  | { type: "start"; totalSteps: number; startStep: number; batch: number }
  | { type: "step"; step: number; loss: number; lr: number; temperature?: number; samplesPerSec: number; elapsed: number }
  /** `evaluation` is the whole result (embeddings too: the playground draws them). */
  | { type: "eval"; step: number; metrics: Record<string, number>; evaluation: Evaluation };

export class NonFiniteLoss extends Error {
  constructor(readonly step: number) {
    super(`the loss became NaN or infinite at step ${step}`);
  }
}

/** What one step reports: its loss, and the temperature after it where the loss learns one. */
export interface StepOutcome {
  loss: number;
  temperature?: number;
}

export interface TrainerOptions {
  /** Stop asking: checked after every pause, so before every step and every evaluation. */
  shouldStop?: () => boolean;
  onEvent?: (e: TrainEvent) => void;
  /**
   * The driver's turn, awaited before every step and every evaluation: the playground's worker
   * lets a stop message in and waits while the user types. Time spent here counts toward
   * neither the throughput nor the spec's time limit. Default: a macrotask turn every 100 ms.
   */
  pause?: () => Promise<void>;
}

/**
 * Gives the event loop a macrotask turn when `everyMs` have passed since the last: without
 * it a signal handler (Ctrl-C in the CLI) could only run after training ends, since a
 * resolved read is only a microtask.
 */
export function yieldingEvery(everyMs: number): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
    last = performance.now();
  };
}

export class Trainer {
  readonly model: CompiledModel;
  readonly optimizer: Optimizer;
  readonly totalSteps: number;
  step = 0;
  private plan: BatchPlan;
  private schedule: LrSchedule;
  private trainIds: Int32Array;
  private outputs: number[];
  private pool: GradientSplitter | undefined;

  constructor(readonly ir: IRProgram, readonly data: DataBundle) {
    const t = ir.train;
    this.model = new CompiledModel(ir, t.seed);
    this.plan = planBatches(data.train, t.batch, t.batches, t.seed);
    this.totalSteps = t.steps ?? Math.max(1, Math.round((t.epochs ?? 1) * this.plan.stepsPerEpoch));
    const o = t.optimizer;
    const noDecay = new Set(this.noDecayKeys());
    const lrScale = (v: tf.Variable) => this.model.lrScaleOf(v);
    this.optimizer = createOptimizer(
      o.kind === "sgd"
        ? { kind: "sgd", momentum: o.momentum, nesterov: o.nesterov, lrScale }
        : o.kind === "adamw"
          ? { kind: "adamw", beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decay: (v) => !noDecay.has(this.model.keyOf(v)), lrScale }
          : { kind: "adam", beta1: o.beta1, beta2: o.beta2, eps: o.eps, lrScale },
      this.model.trainable(),
    );
    const s = t.schedule;
    this.schedule = createSchedule(
      s.kind === "cosine"
        ? { kind: "cosine", lr: o.lr, warmupSteps: s.warmup, totalSteps: this.totalSteps, minLr: s.minLr }
        : s.kind === "step"
          ? { kind: "step", lr: o.lr, stepSize: s.every, gamma: s.factor, warmupSteps: s.warmup }
          : { kind: "constant", lr: o.lr, warmupSteps: s.warmup },
    );
    this.trainIds = captionIds(data.train);
    this.outputs = lossOutputs(ir);
  }

  private noDecayKeys(): string[] {
    const keys: string[] = [];
    for (const n of this.ir.nodes) for (const p of n.params) if (p.noDecay) keys.push(`${n.tower}/${n.id}/${n.op}/${p.name}`);
    for (const [i, t] of this.ir.loss.entries()) for (const p of t.params) keys.push(`loss/${i}/${t.kind}/${p.name}`);
    return keys;
  }

  private logitScale(): tf.Variable | undefined {
    for (const [key, v] of this.model.lossParams) if (key.endsWith("/logit_scale")) return v;
    return undefined;
  }

  /** Splits every batch with helper threads; the gradient stays the full batch's. */
  useSplitter(splitter: GradientSplitter): void {
    this.pool = splitter;
  }

  get lossOutputNodes(): number[] {
    return this.outputs;
  }

  get threads(): number {
    return this.pool ? 2 : 1;
  }

  /**
   * Queues one optimizer step on the device and returns, unread, a vector holding the loss
   * and (where there is one) the logit scale after the step, so that one read serves both.
   */
  private launchStep(): tf.Tensor1D {
    const idx = this.plan.indices(this.step);
    const same = Int32Array.from(idx, (i) => this.trainIds[i]!);
    const lr = this.schedule(this.step);
    const rng = new Rng(this.ir.train.seed * 1_000_003 + this.step);
    const scale = this.logitScale();
    const readout = tf.tidy(() => {
      const lossOf = (values: Map<number, tf.Tensor>) => totalLoss(this.ir, this.model, values, same);
      const { value, grads } = this.pool
        ? this.pool.step(this.step, this.model, makeFeeds(this.ir, this.data, this.data.train, idx.subarray(0, this.pool.split)), makeFeeds(this.ir, this.data, this.data.train, idx, "labels"), rng, lossOf)
        : tf.variableGrads(() => lossOf(this.model.forward(makeFeeds(this.ir, this.data, this.data.train, idx), this.outputs, true, rng)), this.model.trainable());
      this.optimizer.step(this.ir.train.clip ? clipByGlobalNormOnDevice(grads, this.ir.train.clip) : grads, lr);
      return value.reshape([1]) as tf.Tensor1D;
    });
    for (const [key, v] of this.model.lossParams) if (key.endsWith("/logit_scale")) clampLogitScale(v);
    if (!scale) return readout;
    const both = tf.tidy(() => tf.concat([readout, scale.reshape([1])]) as tf.Tensor1D);
    readout.dispose();
    return both;
  }

  /**
   * Checks the read values and advances. A NaN loss ends training: its step has already
   * been applied (checking first would cost a second read per step), so the weights are
   * not worth keeping after NonFiniteLoss.
   */
  private finishStep(values: Float32Array | Int32Array | Uint8Array): StepOutcome {
    const loss = values[0]!;
    if (!Number.isFinite(loss)) throw new NonFiniteLoss(this.step);
    this.step++;
    return values.length > 1 ? { loss, temperature: 1 / Math.exp(values[1]!) } : { loss };
  }

  /** One optimizer step; returns the loss. Reads synchronously (wasm and cpu): for benches timing sync reads. */
  trainStep(): number {
    const readout = this.launchStep();
    try {
      return this.finishStep(readout.dataSync()).loss;
    } finally {
      readout.dispose();
    }
  }

  /** One optimizer step, reading its loss and temperature in one asynchronous read (any backend). */
  async trainStepAsync(): Promise<StepOutcome> {
    const readout = this.launchStep();
    try {
      return this.finishStep(await readout.data());
    } finally {
      readout.dispose();
    }
  }

  /**
   * Trains until totalSteps, the spec's time limit, or shouldStop(); returns whether it
   * finished. Reads asynchronously only, so it runs on every backend (WebGPU in Node too).
   * The CLI and the playground's worker both train through here.
   */
  async run(opts: TrainerOptions = {}): Promise<boolean> {
    const pause = opts.pause ?? yieldingEvery(100);
    const emit = opts.onEvent ?? (() => {});
    const clock = new TrainingClock();
    /** The driver's turn, off the clock; then whether to go on. */
    const proceed = async () => {
      await clock.offClock(pause);
      return !opts.shouldStop?.();
    };
    emit({ type: "start", totalSteps: this.totalSteps, startStep: this.step, batch: this.ir.train.batch });
    while (this.step < this.totalSteps) {
      if (!(await proceed())) return false;
      if (this.ir.train.timeLimit && clock.seconds() > this.ir.train.timeLimit) break;
      const lr = this.schedule(this.step);
      const { loss, temperature } = await this.trainStepAsync();
      const samplesPerSec = clock.stepDone(this.ir.train.batch);
      emit({ type: "step", step: this.step, loss, lr, ...(temperature !== undefined ? { temperature } : {}), samplesPerSec, elapsed: clock.seconds() });
      const every = this.ir.train.evalEvery;
      if (every && this.step % every === 0 && this.step < this.totalSteps) {
        if (!(await proceed())) return false;
        const evaluation = await this.evaluate();
        emit({ type: "eval", step: this.step, metrics: evaluation.metrics, evaluation });
      }
    }
    return true;
  }

  /** Evaluates on the test split (asynchronous reads: any backend). */
  evaluate(): Promise<Evaluation> {
    return evaluate(this.ir, this.model, this.data);
  }

  async dispose(): Promise<void> {
    await this.pool?.dispose();
    this.pool = undefined;
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/**
 * Training time: wall time less the driver's pauses (a worker waiting while the user types
 * is not training), and throughput over a window of about 5 s of it.
 */
class TrainingClock {
  private readonly t0 = performance.now();
  private paused = 0;
  private windowStart = 0;
  private windowSamples = 0;

  private now(): number {
    return performance.now() - this.t0 - this.paused;
  }

  seconds(): number {
    return this.now() / 1000;
  }

  async offClock(pause: () => Promise<void>): Promise<void> {
    const from = performance.now();
    try {
      await pause();
    } finally {
      this.paused += performance.now() - from;
    }
  }

  /** Counts a step of `batch` samples; returns samples per second over the current window. */
  stepDone(batch: number): number {
    const now = this.now();
    this.windowSamples += batch;
    const rate = this.windowSamples / Math.max(1e-9, (now - this.windowStart) / 1000);
    if (now - this.windowStart > 5000) {
      this.windowStart = now;
      this.windowSamples = 0;
    }
    return rate;
  }
}
