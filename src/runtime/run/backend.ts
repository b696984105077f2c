// Chooses and starts a tfjs backend, and installs our training kernels on it. `auto` takes the
// fastest that works here, in the order node-gpu, node, webgpu (a real GPU), wasm, cpu, and
// says why it passed over each faster one.
import * as tf from "@tensorflow/tfjs";
import { registerTrainingKernels, wasmKernelVariant } from "../../kernels/index.js";
import { missingCudaLibs, startTfjsNode } from "../../backends/tfjs-node.js";
import { BackendUnavailable } from "../../backends/unavailable.js";
import { startWebgpu } from "../../backends/webgpu.js";

export { BackendUnavailable };

export type BackendName = "auto" | "cpu" | "wasm" | "webgpu" | "node" | "node-gpu";
export const BACKEND_NAMES: readonly BackendName[] = ["auto", "cpu", "wasm", "webgpu", "node", "node-gpu"];

export interface BackendChoice {
  /** tfjs's name for the backend now current: "tensorflow", "webgpu", "wasm" or "cpu". */
  name: string;
  /** Why `auto` passed over each faster backend ("node: not installed"); empty otherwise. */
  why: string[];
  /** The device it runs on, where there is one worth naming (a WebGPU adapter). */
  device?: string;
  /** False where only `await t.data()` reads results (WebGPU in Node): no dataSync(). */
  syncReads: boolean;
  /** On wasm, which build of our convolution kernels runs ("relaxed-SIMD FMA kernels"). */
  kernels?: string;
}

type Concrete = Exclude<BackendName, "auto">;
interface Started {
  name: string;
  device?: string;
  syncReads: boolean;
}

async function startWasm(): Promise<Started> {
  try {
    await import("@tensorflow/tfjs-backend-wasm");
  } catch (e) {
    throw new BackendUnavailable(`@tensorflow/tfjs-backend-wasm did not load (${(e as Error).message.split("\n")[0]})`, "reinstall with `npm ci`, or use `--backend cpu`", "did not load");
  }
  if (!(await tf.setBackend("wasm"))) throw new BackendUnavailable("the wasm backend failed to start", "use `--backend cpu`", "failed to start");
  return { name: "wasm", syncReads: true };
}

export interface StartOptions {
  /**
   * The caller reads results only with `await t.data()`. WebGPU in Node cannot read
   * synchronously (tfjs does that through an OffscreenCanvas), so without this it is refused.
   */
  asyncReads?: boolean;
}

async function startOne(backend: Concrete, auto: boolean, opts: StartOptions): Promise<Started> {
  switch (backend) {
    case "cpu":
      await tf.setBackend("cpu");
      return { name: "cpu", syncReads: true };
    case "wasm":
      return startWasm();
    case "webgpu": {
      const adapter = await startWebgpu({ allowSoftware: !auto, syncReadsNeeded: !opts.asyncReads });
      return { name: "webgpu", device: adapter.description, syncReads: false };
    }
    case "node":
      return { name: await startTfjsNode("node"), syncReads: true };
    case "node-gpu": {
      // Without CUDA 11 libtensorflow quietly runs on the CPU: not what node-gpu promises.
      const missing = missingCudaLibs();
      if (auto && missing.length) throw new BackendUnavailable(`CUDA 11 libraries missing: ${missing.join(", ")}`, "see docs/backends.md", `${missing.join(", ")} not found`);
      return { name: await startTfjsNode("node-gpu"), syncReads: true };
    }
  }
}

const AUTO_ORDER: readonly Concrete[] = ["node-gpu", "node", "webgpu", "wasm", "cpu"];

export async function startBackend(requested: BackendName, opts: StartOptions = {}): Promise<BackendChoice> {
  const why: string[] = [];
  let started: Started | undefined;
  if (requested === "auto") {
    for (const candidate of AUTO_ORDER) {
      try {
        started = await startOne(candidate, true, opts);
        break;
      } catch (e) {
        if (!(e instanceof BackendUnavailable)) throw e;
        why.push(`${candidate}: ${e.short}`);
      }
    }
    if (!started) throw new BackendUnavailable("no tfjs backend could start", "reinstall with `npm ci`");
  } else {
    started = await startOne(requested, false, opts);
  }
  await tf.ready();
  registerTrainingKernels(tf.getBackend());
  const variant = started.name === "wasm" ? wasmKernelVariant() : null;
  const kernels = variant === null ? {} : { kernels: variant === "relaxed" ? "relaxed-SIMD FMA kernels" : "SIMD128 kernels (no FMA)" };
  return { name: started.name, why, ...(started.device ? { device: started.device } : {}), syncReads: started.syncReads, ...kernels };
}
