// Transpose for wasm: runs the cache-friendly plans of transpose-plan.ts
// (2-5x faster where the stock kernel is slow, e.g. the NHWC <-> CHWN moves
// of the conv filter gradient) and the stock kernel for everything else.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { toTensor } from "./tensor-info.js";
import { collapseTranspose, planTranspose } from "./transpose-plan.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

function transpose(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  const { perm } = args.attrs as unknown as tf.TransposeAttrs;
  const plan = x.dtype === "string" ? null : planTranspose(collapseTranspose(x.shape, perm));
  if (plan === null) {
    return stockKernel(tf.Transpose, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const outShape = perm.map((axis) => x.shape[axis]!);
  return tf.tidy(() => {
    let t = toTensor(x);
    // Each step's transpose re-enters this kernel with a simpler pattern.
    for (const step of plan) t = tf.transpose(tf.reshape(t, step.reshape), step.perm);
    return tf.reshape(t, outShape);
  });
}

export function installWasmTranspose(): void {
  installKernel({ kernelName: tf.Transpose, backendName: "wasm", kernelFunc: transpose as unknown as tf.KernelFunc });
}
