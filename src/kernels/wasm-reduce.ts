// Sum, Mean and Max over a block of axes that is not innermost, for wasm
// ([n,h,w,c] -> [c] in every bias gradient; -> [n,c] in global pooling). The
// stock kernels first transpose the reduced axes innermost, a full copy that
// costs 10-20x the reduction itself. Viewed as [outer, reduced, 1, inner],
// the same reduction is one XNNPACK global average (or max) pooling, which
// reads x once in place.
//
// XNNPACK's wasm average pooling corrupts the heap (a later free traps with "memory access
// out of bounds") once a window larger than 4 meets more than 16384 channels. Channels
// are independent, so [reduced, 1, inner] is viewed as [reduced, inner/c, c] with c at
// most MAX_CHANNELS: the same bytes, pooled as c channels over a row of inner/c pixels.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { sizeOf, toTensor } from "./tensor-info.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

type Reduction = typeof tf.Sum | typeof tf.Mean | typeof tf.Max;

/** Well below the 16384 channels where XNNPACK's average pooling breaks. */
export const MAX_CHANNELS = 8192;

/** [pixels, channels] with pixels * channels = inner and channels <= MAX_CHANNELS, as wide as possible. */
export function channelSplit(inner: number): [number, number] {
  for (let pixels = Math.ceil(inner / MAX_CHANNELS); pixels <= inner; pixels++) {
    if (inner % pixels === 0) return [pixels, inner / pixels];
  }
  return [inner, 1];
}

/** [outer, reduced, inner] sizes when `axes` is one contiguous block followed by kept axes. */
export function poolableSplit(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (last - first + 1 !== sorted.length || last === shape.length - 1) return null;
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}

function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  return keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

function reduce(kernelName: Reduction, args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const split = x.dtype === "float32" ? poolableSplit(x.shape, axes) : null;
  if (split === null || split[1] === 1) {
    return stockKernel(kernelName, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const [outer, reduced, inner] = split;
  const [pixels, channels] = channelSplit(inner);
  return tf.tidy(() => {
    const x4 = tf.reshape(toTensor(x), [outer, reduced, pixels, channels]) as tf.Tensor4D;
    let pooled: tf.Tensor =
      kernelName === tf.Max ? tf.maxPool(x4, [reduced, 1], 1, "valid") : tf.avgPool(x4, [reduced, 1], 1, "valid");
    if (kernelName === tf.Sum) pooled = tf.mul(pooled, tf.scalar(reduced));
    return tf.reshape(pooled, reducedShape(x.shape, axes, keepDims));
  });
}

export function installWasmReductions(): void {
  for (const kernelName of [tf.Sum, tf.Mean, tf.Max] as Reduction[]) {
    installKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: ((args: KernelArgs) => reduce(kernelName, args)) as unknown as tf.KernelFunc,
    });
  }
}
