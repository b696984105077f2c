// Conv2D, FusedConv2D (bias, relu), Conv2DBackpropInput and Conv2DBackpropFilter for wasm on
// our own SIMD kernels (src/kernels/wasm): Winograd F(2x2, 3x3) for 3x3 stride-1 convolutions
// with channels in multiples of 4, the implicit GEMM for every other shape. What they do not cover falls back: the forward kernels
// to XNNPACK (NCHW, other fused activations, prelu), the gradients to the composed kernels.
import * as tf from "@tensorflow/tfjs";
import { type ConvParams, convGeometry } from "./conv-geometry.js";
import { conv2DBackpropFilterKernel } from "./conv2d-backprop-filter.js";
import { conv2DBackpropInputKernel } from "./conv2d-backprop-input.js";
import { installKernel, stockKernel } from "./registry.js";
import { sizeOf } from "./tensor-info.js";
import { convFilterGrad, convForward, convInputGrad } from "./wasm/conv.js";
import { heapMemory, type WasmModuleBackend } from "./wasm/heap.js";
import { type KernelExports, kernelsOn } from "./wasm/module.js";
import { winogradApplies, winogradFilterGrad, winogradForward, winogradInputGrad } from "./wasm/winograd.js";

let winograd = true;

/** Turns Winograd off (the implicit GEMM runs every shape) or back on; for tests and benchmarks. */
export function useWinograd(on: boolean): void {
  winograd = on;
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmModuleBackend;
  attrs?: tf.NamedAttrMap;
}

type ConvAttrs = { strides: ConvParams["strides"]; pad: unknown; dataFormat?: string; dilations?: ConvParams["dilations"]; dimRoundingMode?: ConvParams["dimRoundingMode"] };

/** Our kernels for this backend when the call is one they handle (NHWC, float32). */
function ours(args: KernelArgs, attrs: ConvAttrs, tensors: readonly (tf.TensorInfo | undefined)[]): KernelExports | null {
  if (attrs.dataFormat === "NCHW" || tensors.some((t) => t !== undefined && t.dtype !== "float32")) return null;
  const memory = heapMemory(args.backend);
  return memory ? kernelsOn(memory) : null;
}

function params(attrs: ConvAttrs): ConvParams {
  return { strides: attrs.strides, pad: attrs.pad as ConvParams["pad"], dilations: attrs.dilations, dimRoundingMode: attrs.dimRoundingMode };
}

function runStock(kernelName: string, args: KernelArgs): tf.TensorInfo {
  return stockKernel(kernelName, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

function conv2D(args: KernelArgs): tf.TensorInfo {
  const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs;
  const k = ours(args, attrs, [x, filter]);
  if (!k) return runStock(tf.Conv2D, args);
  const g = convGeometry(x.shape, filter.shape, params(attrs));
  if (winograd && winogradApplies(g)) return winogradForward(args.backend, k, g, x, filter, null, false);
  return convForward(args.backend, k, g, x, filter, null, false);
}

function fusedConv2D(args: KernelArgs): tf.TensorInfo {
  const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const attrs = args.attrs as unknown as ConvAttrs & { activation: string };
  const k = ours(args, attrs, [x, filter, bias]);
  const activationOk = attrs.activation === "linear" || attrs.activation === "relu";
  const biasOk = bias === undefined || sizeOf(bias.shape) === filter!.shape[3];
  if (!k || !activationOk || !biasOk || preluActivationWeights) return runStock(tf.FusedConv2D, args);
  const g = convGeometry(x!.shape, filter!.shape, params(attrs));
  const relu = attrs.activation === "relu";
  if (winograd && winogradApplies(g)) return winogradForward(args.backend, k, g, x!, filter!, bias ?? null, relu);
  return convForward(args.backend, k, g, x!, filter!, bias ?? null, relu);
}

function conv2DBackpropInput(args: KernelArgs): tf.TensorInfo {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
  const k = ours(args, attrs, [dy, filter]);
  if (!k) return conv2DBackpropInputKernel(args);
  const g = convGeometry(attrs.inputShape, filter.shape, params(attrs));
  if (winograd && winogradApplies(g)) return winogradInputGrad(args.backend, k, g, dy, filter);
  return convInputGrad(args.backend, k, g, dy, filter);
}

function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
  const k = ours(args, attrs, [x, dy]);
  if (!k) return conv2DBackpropFilterKernel(args);
  const g = convGeometry(x.shape, attrs.filterShape, params(attrs));
  if (winograd && winogradApplies(g)) return winogradFilterGrad(args.backend, k, g, x, dy);
  return convFilterGrad(args.backend, k, g, x, dy);
}

export function installWasmConv(): void {
  const kernels: [string, (a: KernelArgs) => tf.TensorInfo][] = [
    [tf.Conv2D, conv2D],
    [tf.FusedConv2D, fusedConv2D],
    [tf.Conv2DBackpropInput, conv2DBackpropInput],
    [tf.Conv2DBackpropFilter, conv2DBackpropFilter],
  ];
  for (const [kernelName, fn] of kernels) installKernel({ kernelName, backendName: "wasm", kernelFunc: fn as unknown as tf.KernelFunc });
}
