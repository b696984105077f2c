// mmc's own PyTorch lowering as a benchmark contender: the spec exported as a package (what
// `mmc export --format torch` writes) into a temporary folder, trained step by step by that
// package's train.train_step in bench/torch_generated.py, under the protocol and thread count
// of the hand-written bench/torch_seed.py, so the two interleave in one run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { IRProgram } from "../src/ir/ir.js";
import { writeTorchPackage } from "../src/lower-torch/package.js";
import { TorchContender } from "./torch-contender.js";

/** Each integer input's exclusive upper bound (token ids below the vocabulary, labels below the classes). */
export function integerBounds(ir: IRProgram): Record<string, number> {
  const bounds: Record<string, number> = {};
  for (const i of ir.inputs) {
    const high = i.kind === "tokens" ? i.vocab : i.kind === "labels" ? i.classes : undefined;
    if (high !== undefined) bounds[i.name] = high;
  }
  return bounds;
}

/**
 * Exports `ir` (needs a started tfjs backend: the initial weights are tfjs variables) into a
 * temporary `folder`, removed when the contender stops, and starts its trainer.
 */
export async function startGeneratedTorch(name: string, ir: IRProgram, threads: number): Promise<TorchContender & { folder: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "mmc-bench-torch-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const pkg = path.join(dir, "mmc_model");
  try {
    writeTorchPackage(ir, pkg);
  } catch (e) {
    remove();
    throw e;
  }
  const contender = await TorchContender.spawn(name, "torch_generated.py", [pkg, String(threads), String(ir.train.batch), JSON.stringify(integerBounds(ir))], remove);
  return Object.assign(contender, { folder: dir });
}
