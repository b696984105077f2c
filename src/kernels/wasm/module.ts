// Loads our kernel module (src/kernels/wasm/wat.ts) onto tfjs-backend-wasm's heap. The variant
// is chosen once per process by feature detection: the relaxed-SIMD build (fused multiply-add)
// where the engine validates it, the plain SIMD128 build otherwise, none without SIMD.
import { KERNEL_BINARIES_BASE64 } from "./binaries.js";
import type { KernelVariant } from "./wat.js";

export interface KernelExports {
  conv_fwd(
    input: number, inRow: number, inPix: number, outH: number, outW: number,
    taps: number, ntaps: number, ci: number, w: number, co: number,
    out: number, bias: number, relu: number, scratch: number,
  ): void;
  conv_wgrad(
    x: number, xRow: number, xPix: number, dy: number, dyRow: number, dyPix: number,
    rows: number, cols: number, ci: number, co: number, dw: number, scratch: number,
  ): void;
  peak(iters: number): number;
  wino_input(src: number, rowBytes: number, pixBytes: number, ci: number, tileRows: number, tilesW: number, dst: number, xiStride: number): void;
  wino_output(
    src: number, xiStride: number, co: number, tileRows: number, tilesW: number,
    y: number, yRow: number, yPix: number, validH: number, validW: number, bias: number, relu: number,
  ): void;
  wino_dy(
    dy: number, dyRow: number, dyPix: number, co: number, tileRows: number, tilesW: number,
    validH: number, validW: number, dst: number, xiStride: number, ld: number,
  ): void;
}

interface Chosen {
  variant: KernelVariant;
  module: WebAssembly.Module;
}

let chosen: Chosen | null | undefined;
let instances = new WeakMap<WebAssembly.Memory, KernelExports>();

function bytesOf(variant: KernelVariant): Uint8Array<ArrayBuffer> {
  const base64 = KERNEL_BINARIES_BASE64[variant];
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Node 20 (V8 11.3) has relaxed SIMD behind a flag, which must be set before the module is
 * compiled; Chromium 114+ has it on. process.getBuiltinModule (Node >= 20.16) keeps this file
 * free of node: imports, so the playground bundles it unchanged; elsewhere it does nothing.
 */
function enableRelaxedSimdInNode(): void {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const v8 = proc?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined;
  v8?.setFlagsFromString("--experimental-wasm-relaxed-simd");
}

/** The variant this engine runs (decided on the first call), or null when it has no SIMD. */
export function chooseKernelVariant(prefer?: KernelVariant): Chosen | null {
  if (chosen !== undefined && prefer === undefined) return chosen;
  enableRelaxedSimdInNode();
  const order: KernelVariant[] = prefer ? [prefer] : ["relaxed", "simd128"];
  for (const variant of order) {
    const bytes = bytesOf(variant);
    if (!WebAssembly.validate(bytes)) continue;
    const pick = { variant, module: new WebAssembly.Module(bytes) };
    if (prefer === undefined) chosen = pick;
    return pick;
  }
  if (prefer === undefined) chosen = null;
  return null;
}

/** Our kernels on `memory` (instantiated once per memory), or null when the engine lacks SIMD. */
export function kernelsOn(memory: WebAssembly.Memory): KernelExports | null {
  const existing = instances.get(memory);
  if (existing) return existing;
  const pick = chooseKernelVariant();
  if (!pick) return null;
  const instance = new WebAssembly.Instance(pick.module, { env: { memory } });
  const exports = instance.exports as unknown as KernelExports;
  instances.set(memory, exports);
  return exports;
}

/**
 * Makes every later kernel call run `variant` (tests and benchmarks compare the two builds);
 * undefined returns to feature detection. Returns the variant now in use, or null.
 */
export function useKernelVariant(variant: KernelVariant | undefined): KernelVariant | null {
  chosen = variant === undefined ? undefined : chooseKernelVariant(variant);
  instances = new WeakMap();
  return chooseKernelVariant()?.variant ?? null;
}

/** A fresh instance of one variant on its own memory, for benchmarks and tests. */
export function standaloneKernels(variant: KernelVariant, memory: WebAssembly.Memory): KernelExports | null {
  const pick = chooseKernelVariant(variant);
  return pick ? (new WebAssembly.Instance(pick.module, { env: { memory } }).exports as unknown as KernelExports) : null;
}
