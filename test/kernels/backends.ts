// Backend switching for the kernel tests.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerTrainingKernels } from "../../src/kernels/index.js";
import { uninstallKernel } from "../../src/kernels/registry.js";

export const BACKENDS = ["cpu", "wasm"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Makes `name` the active backend, with our kernels installed. */
export async function useBackend(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to start`);
  await tf.ready();
  registerTrainingKernels(name);
}

/**
 * Runs `fn` on `name` with the stock versions of `kernels` (our overrides
 * removed), then reinstalls ours.
 */
export async function withStockKernels<T>(name: BackendName, kernels: readonly string[], fn: () => T): Promise<T> {
  await useBackend(name);
  for (const k of kernels) uninstallKernel(k, name);
  try {
    return fn();
  } finally {
    registerTrainingKernels(name);
  }
}

/**
 * Tensors and backend buffers that `repeats` calls of `fn` leave behind,
 * after one warm-up call (which may create lasting state).
 */
export function leakedBy(fn: () => void, repeats = 3): { tensors: number; buffers: number } {
  fn();
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  for (let i = 0; i < repeats; i++) fn();
  return { tensors: tf.memory().numTensors - tensors, buffers: tf.engine().backend.numDataIds() - buffers };
}
