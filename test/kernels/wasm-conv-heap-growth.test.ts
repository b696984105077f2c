// The kernels allocate scratch with the backend's malloc, which may grow the heap and so detach
// every view of it taken before. Here every malloc grows the heap: results must not change.
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { useWinograd } from "../../src/kernels/wasm-conv.js";
import type { WasmModuleBackend } from "../../src/kernels/wasm/heap.js";
import { useBackend } from "./backends.js";
import { seededValues } from "./reference.js";

type Emscripten = WasmModuleBackend["wasm"] & { asm: { memory: WebAssembly.Memory } };

/** Makes each malloc also grow the memory by a page, refreshing the module's views as emscripten does. */
function growOnEveryMalloc(): { restore: () => void; grown: () => number } {
  const wasm = (tf.backend() as unknown as WasmModuleBackend).wasm as Emscripten;
  const malloc = wasm._malloc;
  let grown = 0;
  wasm._malloc = (bytes: number) => {
    const ptr = malloc(bytes);
    wasm.asm.memory.grow(1);
    grown++;
    const buf = wasm.asm.memory.buffer;
    for (const [name, View] of [["HEAP8", Int8Array], ["HEAPU8", Uint8Array], ["HEAP16", Int16Array], ["HEAPU16", Uint16Array], ["HEAP32", Int32Array], ["HEAPU32", Uint32Array], ["HEAPF32", Float32Array], ["HEAPF64", Float64Array]] as const) {
      (wasm as unknown as Record<string, unknown>)[name] = new View(buf);
    }
    return ptr;
  };
  return { restore: () => void (wasm._malloc = malloc), grown: () => grown };
}

const x = seededValues(2 * 9 * 10 * 12, 1);
const w = seededValues(3 * 3 * 12 * 16, 2);
const dy = seededValues(2 * 9 * 10 * 16, 3);
const bias = seededValues(16, 4);

function allKernels(): Float32Array[] {
  return tf.tidy(() => {
    const [xt, wt, dyt, bt] = [tf.tensor4d(x, [2, 9, 10, 12]), tf.tensor4d(w, [3, 3, 12, 16]), tf.tensor4d(dy, [2, 9, 10, 16]), tf.tensor1d(bias)];
    const attrs = { strides: [1, 1], pad: "same", dilations: [1, 1], dataFormat: "NHWC" };
    const run = (name: string, inputs: tf.NamedTensorMap, extra: object) => (tf.engine().runKernel(name, inputs, { ...attrs, ...extra } as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
    return [
      run(tf.FusedConv2D, { x: xt, filter: wt, bias: bt }, { activation: "relu" }),
      run(tf.Conv2DBackpropInput, { dy: dyt, filter: wt }, { inputShape: [2, 9, 10, 12] }),
      run(tf.Conv2DBackpropFilter, { x: xt, dy: dyt }, { filterShape: [3, 3, 12, 16] }),
    ];
  });
}

afterEach(() => useWinograd(true));

describe.each([true, false])("wasm conv kernels when malloc grows the heap (Winograd %s)", (winograd) => {
  it("compute what they compute without growth", async () => {
    await useBackend("wasm");
    useWinograd(winograd);
    const calm = allKernels();
    const growth = growOnEveryMalloc();
    let grown: Float32Array[];
    try {
      grown = allKernels();
    } finally {
      growth.restore();
    }
    expect(growth.grown()).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) expect(Array.from(grown[i]!)).toEqual(Array.from(calm[i]!));
  });
});
