// IR -> the files of a self-contained Python package (model, losses, ops, training, gradient
// and training replays on saved batches, distributed training on exported shards) plus the
// initial weights mmc would train from.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../ir/ir.js";
import { CompiledModel, CompilerBug } from "../lower/model.js";
import { distributedPy } from "./distributed-py.js";
import { GRADIENTS_PY } from "./gradients-py.js";
import { LAUNCH_PY } from "./launch-py.js";
import { LOSSES_PY } from "./losses-py.js";
import { modelPy } from "./model-py.js";
import { OPS_PY } from "./ops-py.js";
import { REPLAY_PY } from "./replay-py.js";
import { shardsPy } from "./shards-py.js";
import { TENSORS_PY } from "./tensors-py.js";
import { trainPy } from "./train-py.js";
import { weightFiles } from "./weights.js";

/** The package's source files by name. */
export function packageSources(ir: IRProgram): Record<string, string> {
  return {
    "__init__.py": `"""\`${ir.model}\` in PyTorch, exported by mmc. initial_model() has mmc's initial weights."""\nfrom .model import Model, initial_model, load_weights\nfrom . import train\n`,
    "ops.py": OPS_PY,
    "losses.py": LOSSES_PY,
    "model.py": modelPy(ir),
    "train.py": trainPy(ir),
    "gradients.py": GRADIENTS_PY,
    "replay.py": REPLAY_PY,
    "tensors.py": TENSORS_PY,
    "shards.py": shardsPy(ir),
    "distributed.py": distributedPy(ir),
    "launch.py": LAUNCH_PY,
  };
}

/**
 * Writes the package into `dir` (created if missing); returns the files written. `initialize`
 * sets the weights the seed does not give (a tower's `from`: the CLI reads the earlier run).
 */
export function writeTorchPackage(ir: IRProgram, dir: string, initialize?: (model: CompiledModel) => void): string[] {
  // The weights first: a folder that cannot be read leaves no half-written package.
  const model = new CompiledModel(ir, ir.train.seed);
  let weights: ReturnType<typeof weightFiles>;
  try {
    if (ir.towers.some((t) => t.pretrained) || ir.scopes?.some((sc) => sc.pretrained)) {
      if (!initialize) throw new CompilerBug("a tower's weights come from an earlier run, but nothing reads it");
      initialize(model);
    }
    weights = weightFiles(ir, model);
  } finally {
    model.dispose();
  }
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, text] of Object.entries(packageSources(ir))) {
    writeFileSync(path.join(dir, name), text);
    files.push(name);
  }
  writeFileSync(path.join(dir, "weights.bin"), weights.bin);
  writeFileSync(path.join(dir, "weights.json"), JSON.stringify(weights.index, null, 1) + "\n");
  return [...files, "weights.bin", "weights.json"];
}
