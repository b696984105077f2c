// GatherV2 (embedding lookups) for wasm. The stock kernel's C++ loop costs
// ~30-50 ns per element; copying each gathered row with one typed-array set()
// on the heap runs at memcpy speed.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import type { WasmHeapBackend } from "./wasm-heap.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmHeapBackend & tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

function gatherV2(args: KernelArgs): tf.TensorInfo {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  if (x.dtype === "string") {
    return stockKernel(tf.GatherV2, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const { axis, batchDims } = args.attrs as unknown as tf.GatherV2Attrs;
  const ax = tf.util.parseAxisParam(axis, x.shape)[0]!;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, ax, batchDims);
  const ids = args.backend.readSync(indices.dataId) as Int32Array;
  const dimSize = x.shape[ax]!;
  for (const id of ids) {
    if (id < 0 || id >= dimSize) throw new Error(`GatherV2: the index value ${id} is not in [0, ${dimSize - 1}]`);
  }
  const out = args.backend.makeOutput(info.outputShape, x.dtype);
  // x is [batch, outer, dim, slice]; out is [batch, outer, perBatch, slice].
  const { batchSize, outerSize, sliceSize } = info;
  const perBatch = ids.length / batchSize;
  const src = args.backend.typedArrayFromHeap(x);
  const dst = args.backend.typedArrayFromHeap(out);
  let d = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const rowBase = (b * outerSize + o) * dimSize;
      for (let i = 0; i < perBatch; i++, d += sliceSize) {
        const s = (rowBase + ids[b * perBatch + i]!) * sliceSize;
        if (sliceSize >= 16) dst.set(src.subarray(s, s + sliceSize), d);
        else for (let k = 0; k < sliceSize; k++) dst[d + k] = src[s + k]!;
      }
    }
  }
  return out;
}

export function installWasmGather(): void {
  installKernel({ kernelName: tf.GatherV2, backendName: "wasm", kernelFunc: gatherV2 as unknown as tf.KernelFunc });
}
