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

/** Installs our kernels for `backendName` ("cpu" or "wasm"; others are left alone). */
export function registerTrainingKernels(backendName: string): void {
  installMeanGradient();
  switch (backendName) {
    case "cpu":
      installConv2DBackpropFilter("cpu");
      installUnsortedSegmentSum("cpu");
      break;
    case "wasm":
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
