// Shared set-up for the training tests: the wasm backend with our kernels, and specs checked
// against their data exactly as `mmc run` does.
import { verifyIR } from "../../src/ir/verify.js";
import { checkFile } from "../../src/cli/check-command.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { startBackend } from "../../src/runtime/run/backend.js";

export const TINY = "test/fixtures/tiny.mm";

export async function wasm(): Promise<void> {
  await startBackend("wasm");
}

/** Trains for `steps` steps instead of the spec's epochs. */
export function setSteps(ir: IRProgram, steps: number): void {
  delete ir.train.epochs;
  ir.train.steps = steps;
}

export function checkedIr(spec: string, patch: (ir: IRProgram) => void = () => {}): IRProgram {
  const r = checkFile(spec, true);
  if (!r.ir) throw new Error(`${spec} does not check: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  patch(r.ir);
  // A test's edit must leave an IR that lowering may trust, as every rewrite in mmc must.
  return verifyIR(r.ir, { where: "after a test's edit" });
}
