// Identity (tf.clone, and the copies the gradient tape keeps of every saved
// input) and same-dtype Cast for wasm. The stock kernels copy the buffer;
// tensors are immutable, so sharing it by reference count, as the cpu
// backend and wasm's own Reshape do, is enough.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

function share(x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identity(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  if (x.dtype === "string") {
    return stockKernel(tf.Identity, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  return share(x, args.backend);
}

function cast(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (dtype === x.dtype && dtype !== "string") return share(x, args.backend);
  return stockKernel(tf.Cast, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

export function installWasmIdentity(): void {
  installKernel({ kernelName: tf.Identity, backendName: "wasm", kernelFunc: identity as unknown as tf.KernelFunc });
  installKernel({ kernelName: tf.Cast, backendName: "wasm", kernelFunc: cast as unknown as tf.KernelFunc });
}
