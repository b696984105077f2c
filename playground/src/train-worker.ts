// Training in a web worker: the messages around playground/src/train-run.ts, which trains
// through the CLI's Trainer. One run at a time; a new start (the spec changed) stops the
// current run between two steps, disposes its model and optimizer, and only then begins the
// next. A "hold" (the user is typing) keeps every run from starting work until it expires.
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmPlain from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimd from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreaded from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import { describeTrainingKernels, registerTrainingKernels, type KernelChoice } from "../../src/kernels/index.js";
import type { BackendName, TrainReply, TrainRequest } from "./protocol.js";
import { trainRun } from "./train-run.js";

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

/** Lets queued messages (a hold, a stop) in, then waits while the user types, listening for a stop. */
async function waitWhileHeld(me: Active): Promise<void> {
  await tick();
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
    startBackend(m.backend, m.kernels).catch(() => {});
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
    await trainRun(m.run, m.ir, m.backend, m.budget, {
      post,
      startBackend: (name) => startBackend(name, m.kernels),
      kernels: () => describeTrainingKernels(tf.getBackend(), m.kernels),
      waitWhileHeld: () => waitWhileHeld(next),
      held: () => performance.now() < holdUntil,
      stopped: () => next.stop,
    });
  })();
};

let backendReady: string | undefined;
/** Backend starts run one after another (a prepare and a start may overlap). */
let backendQueue: Promise<unknown> = Promise.resolve();

function startBackend(name: BackendName, kernels: KernelChoice): Promise<string> {
  const started = backendQueue.then(() => startBackendNow(name, kernels));
  backendQueue = started.catch(() => {});
  return started;
}

async function startBackendNow(name: BackendName, kernels: KernelChoice): Promise<string> {
  if (backendReady === name) return tf.getBackend();
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(name === "wasm" ? "WebAssembly did not load" : `this browser gave it no ${name === "webgl" ? "WebGL context" : "GPU adapter"}`);
  await tf.ready();
  registerTrainingKernels(tf.getBackend(), kernels);
  backendReady = name;
  return tf.getBackend();
}
