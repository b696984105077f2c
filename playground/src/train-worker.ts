// Training in a web worker: the CLI's Trainer on tfjs in the browser. One run at a time; a
// new start (the spec changed) stops the current run between two steps, disposes its model
// and optimizer, and only then begins the next. Steps are batched into one message every
// ~100 ms; every `evalEvery` steps the test split is evaluated and summarised for the views.
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import { registerTrainingKernels } from "../../src/kernels/index.js";
import { Trainer, NonFiniteLoss } from "../../src/runtime/run/trainer.js";
import { dataRequestOf } from "../../src/runtime/run/data-request.js";
import { loadData } from "../../src/runtime/data/browser.js";
import type { DataBundle } from "../../src/runtime/data/types.js";
import { similarityMatrix, topK } from "../../src/runtime/eval/inspect.js";
import { pca2d } from "../../src/runtime/eval/pca.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { BROWSER_DATA_KINDS, MEMORY_LIMIT_BYTES, formatBytes, planRun, type Budget } from "./budget.js";
import type { BackendName, EvalView, Thumbs, TrainReply, TrainRequest } from "./protocol.js";

setWasmPaths({
  "tfjs-backend-wasm.wasm": new URL(wasmPlain, self.location.href).href,
  "tfjs-backend-wasm-simd.wasm": new URL(wasmSimd, self.location.href).href,
  "tfjs-backend-wasm-threaded-simd.wasm": new URL(wasmThreaded, self.location.href).href,
});

const post = (m: TrainReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Lets queued messages (a stop) in between two steps. */
const tick = () =>
  new Promise<void>((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve();
    c.port2.postMessage(null);
  });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Active {
  run: number;
  stop: boolean;
  finished: Promise<void>;
}

let active: Active | undefined;
/** performance.now() before which no training work starts (see "hold"); for any run, a new one too. */
let holdUntil = 0;

/**
 * Waits while the user types (see "hold"), listening for a stop. Called between every heavy
 * piece of work, setup included: on a two-core machine any trainer work while a key is being
 * answered takes CPU from the page and the checker.
 */
async function waitWhileHeld(me: Active): Promise<void> {
  await tick(); // lets a queued hold or stop in
  while (performance.now() < holdUntil && !me.stop) await sleep(Math.min(50, holdUntil - performance.now()));
}

self.onmessage = (e: MessageEvent<TrainRequest>) => {
  const m = e.data;
  if (m.type === "stop") {
    if (active && active.run <= m.run) active.stop = true;
    return;
  }
  if (m.type === "hold") {
    holdUntil = Math.max(holdUntil, performance.now() + m.ms);
    return;
  }
  if (m.type === "prepare") {
    // A failure here is reported by the run that needs the backend.
    startBackend(m.backend).catch(() => {});
    return;
  }
  const previous = active;
  if (previous) previous.stop = true;
  const next: Active = { run: m.run, stop: false, finished: Promise.resolve() };
  active = next;
  next.finished = (async () => {
    await previous?.finished;
    if (next.stop) {
      post({ type: "done", run: m.run, reason: "stopped", steps: 0, tensorsLeft: tf.memory().numTensors, tensorsBefore: tf.memory().numTensors });
      return;
    }
    await train(next, m.ir, m.backend, m.budget);
  })();
};

let backendReady: string | undefined;
/** Backend starts run one after another (a prepare and a start may overlap). */
let backendQueue: Promise<unknown> = Promise.resolve();

function startBackend(name: BackendName): Promise<string> {
  const started = backendQueue.then(() => startBackendNow(name));
  backendQueue = started.catch(() => {});
  return started;
}

async function startBackendNow(name: BackendName): Promise<string> {
  if (backendReady === name) return tf.getBackend();
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(name === "wasm" ? "WebAssembly did not load" : `this browser gave it no ${name === "webgl" ? "WebGL context" : "GPU adapter"}`);
  await tf.ready();
  registerTrainingKernels(tf.getBackend());
  backendReady = name;
  return tf.getBackend();
}

function thumbnails(data: DataBundle): Thumbs {
  const [h, w, c] = data.info.imageSize;
  const n = data.test.count;
  const rgba = new Uint8ClampedArray(n * h * w * 4);
  const px = data.test.images;
  for (let i = 0, p = 0; i < n * h * w; i++, p += c) {
    const r = px[p]!;
    rgba[i * 4] = r * 255;
    rgba[i * 4 + 1] = (c >= 3 ? px[p + 1]! : r) * 255;
    rgba[i * 4 + 2] = (c >= 3 ? px[p + 2]! : r) * 255;
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, count: n, height: h, width: w };
}

const SIM_N = 24;
const PCA_N = 64;

function view(trainer: Trainer, data: DataBundle, step: number): EvalView | undefined {
  const ev = trainer.evaluate();
  const base = { step, metrics: ev.metrics, chance: ev.chance };
  const emb = ev.embeddings;
  if (!emb) return { ...base, sim: { n: 0, scores: new Float32Array() }, pca: { n: 0, coords: new Float32Array(), explained: [0, 0] }, topk: [] };
  const { dim, images, texts } = emb;
  const count = images.length / dim;
  const sim = similarityMatrix(texts, images, dim, SIM_N);
  const n = Math.min(PCA_N, count);
  const stacked = new Float32Array(2 * n * dim);
  stacked.set(images.subarray(0, n * dim), 0);
  stacked.set(texts.subarray(0, n * dim), n * dim);
  const pca = dim >= 2 ? pca2d(stacked, dim) : { coords: new Float32Array(4 * n), explained: [0, 0] as [number, number] };
  const captions = data.test.captions;
  const queries = [0, 1, 9, 22, 37].filter((q) => q < count);
  const topk = queries.map((q) => {
    const r = topK(texts, images, dim, q, 5);
    return { query: q, hits: r.indices.map((index, i) => ({ index, score: r.scores[i]!, correct: captions[index] === captions[q] })) };
  });
  return { ...base, sim: { n: Math.min(SIM_N, count), scores: sim }, pca: { n, coords: pca.coords, explained: pca.explained }, topk };
}

function postView(run: number, v: EvalView) {
  post({ type: "eval", run, view: v }, [v.sim.scores.buffer as ArrayBuffer, v.pca.coords.buffer as ArrayBuffer]);
}

async function train(me: Active, source: IRProgram, backendName: BackendName, budget: Budget | null) {
  const run = me.run;
  const t0 = performance.now();
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
  let backend: string;
  try {
    post({ type: "phase", run, text: `starting the ${backendName} backend…` });
    backend = await startBackend(backendName);
  } catch (err) {
    post({ type: "failed", run, kind: "backend", message: `the ${backendName} backend failed to start: ${(err as Error).message ?? err}`, help: "pick another backend (wasm works everywhere)" });
    return;
  }
  if (me.stop) return done(me, 0, tf.memory().numTensors);
  post({ type: "phase", run, text: `generating ${plan.run.train + plan.run.test} ${ir.data.kind} items…` });
  await waitWhileHeld(me);
  if (me.stop) return done(me, 0, tf.memory().numTensors);
  let data: DataBundle;
  try {
    data = loadData(dataRequestOf(ir, "."));
  } catch (err) {
    post({ type: "failed", run, kind: "data", message: (err as Error).message, ...((err as { help?: string }).help ? { help: (err as { help?: string }).help! } : {}) });
    return;
  }
  await waitWhileHeld(me);
  if (me.stop) return done(me, 0, tf.memory().numTensors);
  const tensorsBefore = tf.memory().numTensors;
  let trainer: Trainer | undefined;
  try {
    trainer = new Trainer(ir, data);
    const thumbs = thumbnails(data);
    post({
      type: "started", run, backend, totalSteps: trainer.totalSteps, batch: ir.train.batch, evalEvery: plan.evalEvery,
      spec: plan.spec, actual: { train: data.train.count, test: data.test.count }, capped: plan.capped,
      captions: data.test.captions, thumbs, setupMs: performance.now() - t0,
    }, [thumbs.rgba.buffer as ArrayBuffer]);
    let points: { step: number; loss: number; temperature?: number; elapsed: number }[] = [];
    let lastPost = performance.now();
    const start = performance.now();
    const window: number[] = [];
    const flush = () => {
      if (!points.length) return;
      const rate = window.length > 1 ? ((window.length - 1) * 1000) / (window[window.length - 1]! - window[0]!) : 0;
      post({ type: "steps", run, points, stepsPerSec: rate });
      points = [];
      lastPost = performance.now();
    };
    while (trainer.step < trainer.totalSteps && !me.stop) {
      if (performance.now() < holdUntil) {
        // Typing: leave the cores to the editor and the checker, listening for a stop.
        flush();
        await waitWhileHeld(me);
        window.length = 0; // the pause is not training speed
        if (me.stop) break;
      }
      // One read per step serves the loss and the temperature.
      const { loss, temperature } = await trainer.trainStepAsync();
      const now = performance.now();
      window.push(now);
      if (window.length > 20) window.shift();
      points.push({ step: trainer.step, loss, ...(temperature !== undefined ? { temperature } : {}), elapsed: (now - start) / 1000 });
      const evalNow = trainer.step % plan.evalEvery === 0 || trainer.step === trainer.totalSteps;
      if (evalNow || now - lastPost > 100) flush();
      if (evalNow) {
        await waitWhileHeld(me); // the evaluation is as heavy as a few steps
        const v = me.stop ? undefined : view(trainer, data, trainer.step);
        if (v) postView(run, v);
      }
      await tick();
    }
    flush();
    const steps = trainer.step;
    await trainer.dispose();
    trainer = undefined;
    post({ type: "done", run, reason: me.stop ? "stopped" : "finished", steps, tensorsLeft: tf.memory().numTensors, tensorsBefore });
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

function done(me: Active, steps: number, before: number): void {
  post({ type: "done", run: me.run, reason: "stopped", steps, tensorsLeft: tf.memory().numTensors, tensorsBefore: before });
}
