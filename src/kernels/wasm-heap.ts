// The parts of tfjs-backend-wasm's BackendWasm that our wasm kernels use,
// typed structurally so these files do not import the wasm package.
import type * as tf from "@tensorflow/tfjs";

export type HeapArray = Float32Array | Int32Array | Uint8Array;

export interface WasmHeapBackend {
  /** Allocates an output on the wasm heap (may grow the heap). */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of a tensor's bytes on the heap; invalid once the heap grows. */
  typedArrayFromHeap(info: tf.TensorInfo): HeapArray;
}
