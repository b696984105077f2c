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
import { evaluate, evaluateAsync, type Evaluation } from "./evaluate.js";
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
  | { type: "eval"; step: number; metrics: Record<string, number> };

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

/** What the training loop asks its driver for: a step, an evaluation, or a pause. */
type LoopRequest = "step" | "eval" | "pause";
type LoopAnswer = StepOutcome | Evaluation | undefined;

export interface TrainerOptions {
  /** Stop asking: checked between steps. */
  shouldStop?: () => boolean;
  onEvent?: (e: TrainEvent) => void;
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
    this.optimizer = createOptimizer(
      o.kind === "sgd"
        ? { kind: "sgd", momentum: o.momentum, nesterov: o.nesterov }
        : o.kind === "adamw"
          ? { kind: "adamw", beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay, decay: (v) => !noDecay.has(this.model.keyOf(v)) }
          : { kind: "adam", beta1: o.beta1, beta2: o.beta2, eps: o.eps },
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

  /** A synchronous read: use temperatureAsync() where reads are asynchronous only (WebGPU in Node). */
  temperature(): number | undefined {
    const v = this.logitScale();
    return v ? 1 / Math.exp((v.dataSync() as Float32Array)[0]!) : undefined;
  }

  async temperatureAsync(): Promise<number | undefined> {
    const v = this.logitScale();
    return v ? 1 / Math.exp((await v.data())[0]!) : undefined;
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

  /** One optimizer step; returns the loss. Reads synchronously: not for WebGPU in Node. */
  trainStep(): number {
    return this.trainStepSync().loss;
  }

  private trainStepSync(): StepOutcome {
    const readout = this.launchStep();
    try {
      return this.finishStep(readout.dataSync());
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

  /** Trains until totalSteps, a time limit, or shouldStop(); returns whether it finished. Reads synchronously. */
  run(opts: TrainerOptions = {}): boolean {
    const loop = this.steps(opts);
    let answer: LoopAnswer;
    for (;;) {
      const next = loop.next(answer);
      if (next.done) return next.value;
      answer = next.value === "step" ? this.trainStepSync() : next.value === "eval" ? this.evaluate() : undefined;
    }
  }

  /**
   * The same loop with asynchronous reads only (so it runs on every backend, WebGPU in Node
   * included), giving the event loop a turn every `yieldMs`: without it a signal handler
   * (Ctrl-C in the CLI) or a worker's message could only run after training ends.
   */
  async runYielding(opts: TrainerOptions = {}, yieldMs = 100): Promise<boolean> {
    const loop = this.steps(opts);
    let lastYield = performance.now();
    let answer: LoopAnswer;
    for (;;) {
      const next = loop.next(answer);
      if (next.done) return next.value;
      answer = undefined;
      if (next.value === "step") answer = await this.trainStepAsync();
      else if (next.value === "eval") answer = await this.evaluateAsync();
      else if (performance.now() - lastYield >= yieldMs) {
        // A resolved read is a microtask: a macrotask turn is what lets signals in.
        await new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
        lastYield = performance.now();
      }
    }
  }

  /** The training loop as a generator: it asks its driver for each step and evaluation, and pauses after every step. */
  private *steps(opts: TrainerOptions): Generator<LoopRequest, boolean, LoopAnswer> {
    const t0 = performance.now();
    const emit = opts.onEvent ?? (() => {});
    emit({ type: "start", totalSteps: this.totalSteps, startStep: this.step, batch: this.ir.train.batch });
    let windowStart = performance.now();
    let windowSteps = 0;
    while (this.step < this.totalSteps) {
      if (opts.shouldStop?.()) return false;
      const elapsed = (performance.now() - t0) / 1000;
      if (this.ir.train.timeLimit && elapsed > this.ir.train.timeLimit) break;
      const lr = this.schedule(this.step);
      const { loss, temperature } = (yield "step") as StepOutcome;
      windowSteps++;
      const now = performance.now();
      const samplesPerSec = (windowSteps * this.ir.train.batch) / Math.max(1e-9, (now - windowStart) / 1000);
      if (now - windowStart > 5000) {
        windowStart = now;
        windowSteps = 0;
      }
      emit({ type: "step", step: this.step, loss, lr, ...(temperature !== undefined ? { temperature } : {}), samplesPerSec, elapsed: (now - t0) / 1000 });
      const every = this.ir.train.evalEvery;
      if (every && this.step % every === 0 && this.step < this.totalSteps) emit({ type: "eval", step: this.step, metrics: ((yield "eval") as Evaluation).metrics });
      yield "pause";
    }
    return true;
  }

  /** Reads synchronously: use evaluateAsync() where reads are asynchronous only. */
  evaluate(): Evaluation {
    return evaluate(this.ir, this.model, this.data);
  }

  evaluateAsync(): Promise<Evaluation> {
    return evaluateAsync(this.ir, this.model, this.data);
  }

  async dispose(): Promise<void> {
    await this.pool?.dispose();
    this.pool = undefined;
    this.optimizer.dispose();
    this.model.dispose();
  }
}
