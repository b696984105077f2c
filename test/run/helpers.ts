// Shared set-up for the training tests: the wasm backend with our kernels, and specs checked
// against their data exactly as `mmc run` does.
import { checkFile } from "../../src/cli/check-command.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { startBackend } from "../../src/runtime/run/backend.js";

export const TINY = "test/fixtures/tiny.mm";

export async function wasm(): Promise<void> {
  await startBackend("wasm");
}

export function checkedIr(spec: string, patch: (ir: IRProgram) => void = () => {}): IRProgram {
  const r = checkFile(spec, true);
  if (!r.ir) throw new Error(`${spec} does not check: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  patch(r.ir);
  return r.ir;
}
