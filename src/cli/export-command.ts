// `mmc export spec.mm --format torch --out DIR`: checks the spec, then writes it as a PyTorch
// package with the initial weights mmc would train from.
import { renderAll } from "../diagnostics/render.js";
import { writeTorchPackage } from "../lower-torch/package.js";
import { torchRefusals } from "../lower-torch/refusals.js";
import { checkFile } from "./check-command.js";
import path from "node:path";
import { loadPretrainedTowers } from "../runtime/run/pretrained.js";

export interface ExportFlags {
  format: "torch";
  out: string;
  data: boolean;
  color: boolean;
}

export function runExport(file: string, flags: ExportFlags): number {
  const checked = checkFile(file, flags.data);
  const refused = checked.ir ? torchRefusals(checked.ir, checked.source) : [];
  const result = refused.length ? { ...checked, diagnostics: [...checked.diagnostics, ...refused], ir: undefined } : checked;
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  if (result.diagnostics.length) process.stderr.write(renderAll(result.diagnostics, { color: flags.color }) + "\n");
  if (errors || !result.ir) {
    process.stderr.write(`${file}: ${errors} error${errors === 1 ? "" : "s"}; nothing exported\n`);
    return 1;
  }
  // A tower's `from`: the package starts from the earlier run's weights, as `mmc run` does.
  const files = writeTorchPackage(result.ir, flags.out, (model) => void loadPretrainedTowers(model, path.dirname(file)));
  process.stdout.write(`wrote ${files.length} files to ${flags.out}: ${files.join(", ")}\n`);
  return 0;
}
