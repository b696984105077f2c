// What the PyTorch engine cannot run, found before anything is exported or launched and said
// as diagnostics at the spec's lines (never a failure halfway through a run).
import type { IRProgram } from "../ir/ir.js";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../source/source.js";

/** One MM4014 per `tfjs_model` layer; `spec` is the checked spec (a layer in an imported block is marked at its tower). */
export function torchRefusals(ir: IRProgram, spec: SourceFile): Diagnostic[] {
  const bag = new DiagnosticBag(spec);
  for (const node of ir.nodes) {
    if (node.op !== "tfjs_model") continue;
    const here = node.file === spec.path;
    const tower = ir.towers.find((t) => t.name === node.tower);
    bag.error("MM4014", `the PyTorch engine cannot run \`tfjs_model\`: "${node.attrs.path}" is a tfjs model (${node.attrs.layers.filter((l) => l !== "InputLayer").join(", ") || "its layers"}), which mmc does not translate to PyTorch`, here ? node.span : tower!.span, here ? "a tfjs model" : `\`${node.label}\` in ${node.file}`, {
      notes: ["the PyTorch engine lowers mmc's own layers; a loaded tfjs model runs only inside tfjs"],
      help: "train this spec with the tfjs engine (`mmc run` without `--engine torch`), or write the model's layers in the spec (conv2d, dense, ...) and start them from a run with `from`",
    });
  }
  return bag.items;
}
