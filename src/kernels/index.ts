// Training kernels that stock tfjs lacks or runs slowly on the "cpu" and
// "wasm" backends. Call registerTrainingKernels(tf.getBackend()) once after
// choosing a backend; calling it again is harmless.
import { installConv2DBackpropFilter } from "./conv2d-backprop-filter.js";
import { installConv2DBackpropInput } from "./conv2d-backprop-input.js";
import { installUnsortedSegmentSum } from "./unsorted-segment-sum.js";
import { installWasmGather } from "./wasm-gather.js";
import { installWasmIdentity } from "./wasm-identity.js";
import { installWasmMatMul } from "./wasm-mat-mul.js";
import { installWasmMaxPoolGrad } from "./wasm-max-pool-grad.js";
import { installWasmOneHot } from "./wasm-one-hot.js";
import { installWasmSlices } from "./wasm-slice.js";
import { installWasmTanh } from "./wasm-tanh.js";
import { installWasmTile } from "./wasm-tile.js";
import { installWasmTranspose } from "./wasm-transpose.js";
import { installWasmReductions } from "./wasm-reduce.js";
import { installWasmConv } from "./wasm-conv.js";
import { chooseKernelVariant } from "./wasm/module.js";
import { installMeanGradient } from "./mean-grad.js";

export { conv2dFilterGrad } from "./conv2d-backprop-filter.js";
export { conv2dInputGrad } from "./conv2d-backprop-input.js";
export type { ConvParams } from "./conv-geometry.js";

/** Which build of our wasm kernels this engine runs: "relaxed" (FMA), "simd128", or null (none). */
export function wasmKernelVariant(): string | null {
  return chooseKernelVariant()?.variant ?? null;
}

/**
 * "ours": every kernel below. "stock": on wasm, tfjs-wasm's own kernels plus only the composed
 * ones it needs to train at all (it has no Conv2DBackpropFilter, no UnsortedSegmentSum), so
 * that a benchmark can measure what our wasm kernels add. The Mean gradient (a gradient
 * formula, not a kernel) is installed either way.
 */
export type KernelChoice = "ours" | "stock";

/** Installs our kernels for `backendName` ("cpu" or "wasm"; others are left alone). */
export function registerTrainingKernels(backendName: string, choice: KernelChoice = "ours"): void {
  installMeanGradient();
  switch (backendName) {
    case "cpu":
      installConv2DBackpropFilter("cpu");
      installUnsortedSegmentSum("cpu");
      break;
    case "wasm":
      if (choice === "stock") {
        installConv2DBackpropFilter("wasm");
        installUnsortedSegmentSum("wasm");
        break;
      }
      // Our SIMD convolutions where the engine has SIMD; the composed gradients otherwise.
      if (chooseKernelVariant()) {
        installWasmConv();
      } else {
        installConv2DBackpropFilter("wasm");
        installConv2DBackpropInput("wasm");
      }
      installUnsortedSegmentSum("wasm");
      installWasmMatMul();
      installWasmSlices();
      installWasmReductions();
      installWasmOneHot();
      installWasmGather();
      installWasmTile();
      installWasmMaxPoolGrad();
      installWasmTanh();
      installWasmTranspose();
      installWasmIdentity();
      break;
    default:
      break;
  }
}

/** In words, the kernels a backend trains with, for a page or a bench to report. */
export function describeTrainingKernels(backendName: string, choice: KernelChoice): string {
  if (backendName !== "wasm") return `tfjs ${backendName} kernels`;
  if (choice === "stock") return "stock tfjs-wasm kernels (+ composed Conv2DBackpropFilter, UnsortedSegmentSum)";
  const variant = wasmKernelVariant();
  return variant === "relaxed" ? "our wasm kernels, relaxed-SIMD FMA build" : variant ? `our wasm kernels, ${variant} build` : "our composed kernels (no wasm SIMD here)";
}
