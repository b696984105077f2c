// Chooses and starts a tfjs backend, and installs our training kernels on it.
import * as tf from "@tensorflow/tfjs";
import { registerTrainingKernels } from "../../kernels/index.js";

export type BackendName = "auto" | "cpu" | "wasm" | "webgpu" | "node" | "node-gpu";

export class BackendUnavailable extends Error {
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

export interface BackendChoice {
  name: string;
  why: string[];
}

async function tryWasm(): Promise<boolean> {
  await import("@tensorflow/tfjs-backend-wasm");
  return tf.setBackend("wasm");
}

export async function startBackend(requested: BackendName): Promise<BackendChoice> {
  const why: string[] = [];
  if (requested === "cpu") {
    await tf.setBackend("cpu");
  } else if (requested === "wasm" || requested === "auto") {
    if (!(await tryWasm())) {
      if (requested === "wasm") throw new BackendUnavailable("the wasm backend failed to start", "try `--backend cpu`");
      why.push("wasm failed to start");
      await tf.setBackend("cpu");
    }
  } else {
    throw new BackendUnavailable(`the ${requested} backend is not available in this build`, "use `--backend wasm` (the default) or `--backend cpu`");
  }
  await tf.ready();
  registerTrainingKernels(tf.getBackend());
  return { name: tf.getBackend(), why };
}
