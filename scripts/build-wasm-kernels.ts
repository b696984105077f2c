// `npm run build:wasm`: rebuilds src/kernels/wasm/mmc-kernels.<variant>.wasm and binaries.ts
// from src/kernels/wasm/wat.ts. The outputs are committed; test/kernels/wasm-build.test.ts
// checks that this rebuild reproduces them byte for byte.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { binariesModule, compileKernelModule, VARIANTS } from "../src/kernels/wasm/compile.js";
import type { KernelVariant } from "../src/kernels/wasm/wat.js";

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "kernels", "wasm");
const binaries = new Map<KernelVariant, Uint8Array>();
for (const variant of VARIANTS) {
  const bytes = await compileKernelModule(variant);
  binaries.set(variant, bytes);
  writeFileSync(path.join(dir, `mmc-kernels.${variant}.wasm`), bytes);
  process.stdout.write(`mmc-kernels.${variant}.wasm: ${bytes.length} bytes\n`);
}
writeFileSync(path.join(dir, "binaries.ts"), binariesModule(binaries));
