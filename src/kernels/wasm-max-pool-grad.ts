// MaxPoolGrad for wasm: the stock kernel costs ~35 ns per input element. One
// pass over the windows, channels innermost, routes each output gradient to
// the first maximum of its window (the tie rule of TensorFlow and of tfjs's
// cpu backend) at a few ns per element.
import * as tf from "@tensorflow/tfjs";
import { installKernel } from "./registry.js";
import type { WasmHeapBackend } from "./wasm-heap.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmHeapBackend;
  attrs?: tf.NamedAttrMap;
}

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const out = args.backend.makeOutput(input.shape, "float32");
  const dx = args.backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const x = args.backend.typedArrayFromHeap(input) as Float32Array;
  const g = args.backend.typedArrayFromHeap(dy) as Float32Array;
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0, o = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++, o += c) {
        best.fill(-Infinity);
        where.fill(-1);
        for (let p = 0; p < fh; p++) {
          const r = i * sh - top + p;
          if (r < 0 || r >= h) continue;
          for (let q = 0; q < fw; q++) {
            const s = j * sw - left + q;
            if (s < 0 || s >= w) continue;
            const base = ((b * h + r) * w + s) * c;
            for (let k = 0; k < c; k++) {
              const v = x[base + k]!;
              if (v > best[k]!) {
                best[k] = v;
                where[k] = base + k;
              }
            }
          }
        }
        for (let k = 0; k < c; k++) if (where[k]! >= 0) dx[where[k]!] += g[o + k]!;
      }
    }
  }
  return out;
}

export function installWasmMaxPoolGrad(): void {
  installKernel({ kernelName: tf.MaxPoolGrad, backendName: "wasm", kernelFunc: maxPoolGrad as unknown as tf.KernelFunc });
}
