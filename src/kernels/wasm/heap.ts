// What our own wasm kernels need from tfjs-backend-wasm beyond WasmHeapBackend: its
// WebAssembly.Memory (to instantiate our module on it), its malloc/free (scratch buffers) and
// the byte address of a tensor on that heap.
import type * as tf from "@tensorflow/tfjs";
import type { WasmHeapBackend } from "../wasm-heap.js";

interface EmscriptenModule {
  asm?: { memory?: WebAssembly.Memory };
  wasmMemory?: WebAssembly.Memory;
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

export interface WasmModuleBackend extends WasmHeapBackend {
  wasm: EmscriptenModule;
}

/**
 * The backend's memory, if our module can import it: only the unshared one (the single-threaded
 * tfjs build, what Node and the playground load); the threaded build's shared memory would need a
 * module declared with shared memory, which we do not build.
 */
export function heapMemory(backend: WasmModuleBackend): WebAssembly.Memory | null {
  const memory = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  return typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer ? null : memory;
}

/** Byte address of a float32 tensor's data on the heap. */
export function addressOf(backend: WasmModuleBackend, info: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(info).byteOffset;
}

/** A float32 view of `floats` values at byte address `ptr`; invalid once the heap grows. */
export function f32At(backend: WasmModuleBackend, ptr: number, floats: number): Float32Array {
  return new Float32Array(backend.wasm.HEAPU8.buffer, ptr, floats);
}

/**
 * Allocates one block for all `byteSizes` (each part 16-byte aligned, plus 64 bytes of slack
 * that tiles may read past the last part), runs `fn` with the parts' addresses, frees it.
 * Allocate before taking views: malloc may grow the heap.
 */
export function withScratch<T>(backend: WasmModuleBackend, byteSizes: readonly number[], fn: (ptrs: number[]) => T): T {
  const aligned = byteSizes.map((b) => Math.ceil(b / 16) * 16);
  const total = aligned.reduce((s, b) => s + b, 0) + 64 + 16;
  const block = backend.wasm._malloc(total);
  if (!block) throw new Error(`wasm kernels: out of memory allocating ${total} bytes`);
  try {
    const ptrs: number[] = [];
    let at = Math.ceil(block / 16) * 16;
    for (const b of aligned) {
      ptrs.push(at);
      at += b;
    }
    return fn(ptrs);
  } finally {
    backend.wasm._free(block);
  }
}
