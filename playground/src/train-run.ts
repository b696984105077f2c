// One playground training run, apart from the worker's messages so that Node can drive it
// (test/playground/train-run.test.ts): checks the browser budget, starts the backend,
// generates the data, then trains through the same Trainer.run as `mmc run` (schedule,
// clipping, logit-scale clamp, time limit, throughput: one implementation), posting step
// points about every 100 ms, a view at each evaluation, and how the run ended.
import * as tf from "@tensorflow/tfjs";
import { Trainer, NonFiniteLoss } from "../../src/runtime/run/trainer.js";
import { dataRequestOf } from "../../src/runtime/run/data-request.js";
import { loadData } from "../../src/runtime/data/browser.js";
import type { DataBundle } from "../../src/runtime/data/types.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { pretrainedTowers } from "../../src/ir/weight-names.js";
import { BROWSER_DATA_KINDS, MEMORY_LIMIT_BYTES, formatBytes, planRun, type Budget } from "./budget.js";
import { evalView, thumbnails } from "./eval-view.js";
import type { BackendName, EvalView, TrainReply } from "./protocol.js";

/** What a run needs from the worker around it. */
export interface RunDriver {
  post(m: TrainReply, transfer?: Transferable[]): void;
  /** Starts (or reuses) the backend; resolves to tfjs's name for it. */
  startBackend(name: BackendName): Promise<string>;
  /** The kernels the started backend trains with, in words (for the page and the bench). */
  kernels(): string;
  /**
   * Lets queued messages (a stop, a hold) in, then waits while the user types. Called before
   * every heavy piece of work, setup included: on a two-core machine trainer work while a key
   * is being answered takes CPU from the page and the checker.
   */
  waitWhileHeld(): Promise<void>;
  /** Whether the user is typing now. */
  held(): boolean;
  /** Whether this run was told to stop. */
  stopped(): boolean;
}

type StepPoint = { step: number; loss: number; temperature?: number; elapsed: number };

export async function trainRun(run: number, source: IRProgram, backendName: BackendName, budget: Budget | null, driver: RunDriver): Promise<void> {
  const { post } = driver;
  const t0 = performance.now();
  const stoppedEarly = () => post({ type: "done", run, reason: "stopped", steps: 0, tensorsLeft: tf.memory().numTensors, tensorsBefore: tf.memory().numTensors });
  const plan = planRun(source, budget);
  if (!(plan.bytes.total <= MEMORY_LIMIT_BYTES)) { // NaN too: an estimate that failed never lets a run through
    post({ type: "failed", run, kind: "memory", message: `this spec needs about ${formatBytes(plan.bytes.total)} to train (parameters ${formatBytes(plan.bytes.params)}, activations ${formatBytes(plan.bytes.activations)}, data ${formatBytes(plan.bytes.data)}); the playground stops at ${formatBytes(MEMORY_LIMIT_BYTES)}`, help: "use a smaller batch, fewer filters or a smaller data set, or train it with `mmc run`" });
    return;
  }
  const ir = plan.ir;
  if (!BROWSER_DATA_KINDS.includes(ir.data.kind)) {
    post({ type: "failed", run, kind: "data", message: `data ${ir.data.kind}(...) reads files, which a browser tab cannot; here you can train on ${BROWSER_DATA_KINDS.map((k) => `${k}(...)`).join(" or ")}`, help: "train this spec with `mmc run`; the editor still checks it" });
    return;
  }
  const pretrained = pretrainedTowers(ir)[0];
  if (pretrained) {
    post({ type: "failed", run, kind: "data", message: `\`${pretrained}\` starts from the weights of an earlier run, which a browser tab cannot read`, help: "train this spec with `mmc run`, or remove `from` to train it from its seed here" });
    return;
  }
  let backend: string;
  try {
    post({ type: "phase", run, text: `starting the ${backendName} backend…` });
    backend = await driver.startBackend(backendName);
  } catch (err) {
    post({ type: "failed", run, kind: "backend", message: `the ${backendName} backend failed to start: ${(err as Error).message ?? err}`, help: "pick another backend (wasm works everywhere)" });
    return;
  }
  if (driver.stopped()) return stoppedEarly();
  post({ type: "phase", run, text: `generating ${plan.run.train + plan.run.test} ${ir.data.kind} items…` });
  await driver.waitWhileHeld();
  if (driver.stopped()) return stoppedEarly();
  let data: DataBundle;
  try {
    data = loadData(dataRequestOf(ir, "."));
  } catch (err) {
    post({ type: "failed", run, kind: "data", message: (err as Error).message, ...((err as { help?: string }).help ? { help: (err as { help?: string }).help! } : {}) });
    return;
  }
  await driver.waitWhileHeld();
  if (driver.stopped()) return stoppedEarly();
  const tensorsBefore = tf.memory().numTensors;
  let trainer: Trainer | undefined;
  try {
    trainer = new Trainer(ir, data);
    const thumbs = thumbnails(data);
    post({
      type: "started", run, backend, kernels: driver.kernels(), totalSteps: trainer.totalSteps, batch: ir.train.batch, evalEvery: plan.evalEvery,
      spec: plan.spec, actual: { train: data.train.count, test: data.test.count }, capped: plan.capped,
      captions: data.test.captions, thumbs, setupMs: performance.now() - t0,
    }, [thumbs.rgba.buffer as ArrayBuffer]);
    let points: StepPoint[] = [];
    let stepsPerSec = 0;
    let lastPost = performance.now();
    const flush = () => {
      if (!points.length) return;
      post({ type: "steps", run, points, stepsPerSec });
      points = [];
      lastPost = performance.now();
    };
    const postView = (v: EvalView) => post({ type: "eval", run, view: v }, [v.sim.scores.buffer as ArrayBuffer, v.pca.coords.buffer as ArrayBuffer]);
    const finished = await trainer.run({
      shouldStop: () => driver.stopped(),
      pause: async () => {
        if (driver.held()) flush(); // typing: show what there is, then leave the cores to the editor
        await driver.waitWhileHeld();
      },
      onEvent: (e) => {
        if (e.type === "step") {
          points.push({ step: e.step, loss: e.loss, ...(e.temperature !== undefined ? { temperature: e.temperature } : {}), elapsed: e.elapsed });
          stepsPerSec = e.samplesPerSec / ir.train.batch;
          if (performance.now() - lastPost > 100) flush();
        } else if (e.type === "eval") {
          flush();
          postView(evalView(e.evaluation, data, e.step));
        }
      },
    });
    flush();
    if (finished) {
      // The last step's evaluation, as `mmc run` makes after its loop.
      await driver.waitWhileHeld();
      if (!driver.stopped()) postView(evalView(await trainer.evaluate(), data, trainer.step));
    }
    const steps = trainer.step;
    await trainer.dispose();
    trainer = undefined;
    post({ type: "done", run, reason: driver.stopped() ? "stopped" : "finished", steps, tensorsLeft: tf.memory().numTensors, tensorsBefore });
  } catch (err) {
    if (trainer) await trainer.dispose().catch(() => {});
    if (err instanceof NonFiniteLoss) {
      post({ type: "failed", run, kind: "nan", step: err.step, message: `training stopped: ${err.message}`, help: "lower the learning rate, or add `clip: 1.0` to the train settings" });
    } else {
      const msg = String((err as Error).message ?? err);
      const memory = err instanceof RangeError || /memory|allocat/i.test(msg);
      post({ type: "failed", run, kind: memory ? "memory" : "error", message: memory ? `the browser ran out of memory: ${msg}` : `training failed: ${msg}`, ...(memory ? { help: "use a smaller batch or model, or train it with `mmc run`" } : {}) });
    }
  }
}
