// Tile (also behind tf.broadcastTo) for wasm: the stock kernel costs ~80 ns
// per output element; copying whole rows on the heap is ~memcpy speed.
import * as tf from "@tensorflow/tfjs";
import { installKernel, stockKernel } from "./registry.js";
import { sizeOf } from "./tensor-info.js";
import type { HeapArray, WasmHeapBackend } from "./wasm-heap.js";

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmHeapBackend;
  attrs?: tf.NamedAttrMap;
}

/**
 * Writes x tiled by `reps` into out. Each output row (last axis) is the
 * matching input row repeated; rows are visited in output order.
 */
export function tileInto(x: HeapArray, shape: readonly number[], reps: readonly number[], out: HeapArray): void {
  const rank = shape.length;
  const width = shape[rank - 1]!;
  const outShape = shape.map((d, i) => d * reps[i]!);
  const rows = sizeOf(outShape.slice(0, -1));
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0, dst = 0; r < rows; r++) {
    let src = 0;
    for (let i = 0; i < rank - 1; i++) src = src * shape[i]! + (index[i]! % shape[i]!);
    src *= width;
    for (let k = 0; k < reps[rank - 1]!; k++, dst += width) {
      if (width >= 16) out.set(x.subarray(src, src + width), dst);
      else for (let j = 0; j < width; j++) out[dst + j] = x[src + j]!;
    }
    for (let i = rank - 2; i >= 0; i--) {
      if (++index[i]! < outShape[i]!) break;
      index[i] = 0;
    }
  }
}

function tile(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x!;
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  if (x.dtype === "string" || x.shape.length === 0) {
    return stockKernel(tf.Tile, "wasm")!.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const out = args.backend.makeOutput(x.shape.map((d, i) => d * reps[i]!), x.dtype);
  if (sizeOf(out.shape) > 0) tileInto(args.backend.typedArrayFromHeap(x), x.shape, reps, args.backend.typedArrayFromHeap(out));
  return out;
}

export function installWasmTile(): void {
  installKernel({ kernelName: tf.Tile, backendName: "wasm", kernelFunc: tile as unknown as tf.KernelFunc });
}
