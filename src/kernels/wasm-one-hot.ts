// OneHot for wasm: the stock kernel writes int32 bit patterns whatever the
// requested dtype, so float32 one-hots come out as denormals (1.4e-45). Build
// the int32 result and cast it.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { adoptTensor } from "./tensor-info.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

function oneHot(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as tf.OneHotAttrs;
  const stock = stockKernel(tf.OneHot, "wasm")!;
  if (attrs.dtype === "int32") return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  return tf.tidy(() => {
    const ints = stock.kernelFunc({ ...args, attrs: { ...attrs, dtype: "int32" } } as unknown as Parameters<tf.KernelFunc>[0]);
    return tf.cast(adoptTensor(ints as tf.TensorInfo), attrs.dtype);
  });
}

export function installWasmOneHot(): void {
  installKernel({ kernelName: tf.OneHot, backendName: "wasm", kernelFunc: oneHot as unknown as tf.KernelFunc });
}
