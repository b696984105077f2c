// The committed kernel binaries are exactly what src/kernels/wasm/wat.ts builds (`npm run
// build:wasm`), and the engine picks a variant it validates.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binariesModule, compileKernelModule, VARIANTS } from "../../src/kernels/wasm/compile.js";
import { chooseKernelVariant, standaloneKernels } from "../../src/kernels/wasm/module.js";
import type { KernelVariant } from "../../src/kernels/wasm/wat.js";

const dir = path.join(import.meta.dirname, "..", "..", "src", "kernels", "wasm");

describe("wasm kernel binaries", () => {
  it("rebuild byte for byte from the WAT generator", async () => {
    const built = new Map<KernelVariant, Uint8Array>();
    for (const variant of VARIANTS) {
      const bytes = await compileKernelModule(variant);
      built.set(variant, bytes);
      expect(Buffer.from(bytes).equals(readFileSync(path.join(dir, `mmc-kernels.${variant}.wasm`))), `${variant}.wasm is stale: npm run build:wasm`).toBe(true);
    }
    expect(readFileSync(path.join(dir, "binaries.ts"), "utf8")).toBe(binariesModule(built));
  });

  it("choose relaxed SIMD in Node 20 after the V8 flag, and both builds compute", () => {
    expect(chooseKernelVariant()?.variant).toBe("relaxed");
    for (const variant of VARIANTS) {
      const k = standaloneKernels(variant, new WebAssembly.Memory({ initial: 1 }))!;
      // 12 accumulators each add 1e-7 * 0.5 per round; lane 0 of their sum.
      expect(k.peak(1000)).toBeCloseTo(12 * 1000 * 0.5e-7, 7);
    }
  });
});
