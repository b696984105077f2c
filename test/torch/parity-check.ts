// One spec's PyTorch export against its tfjs lowering, the computation both the parity test
// (small inline specs) and `npm run parity:torch` (every spec in specs/) run: the same initial
// weights and the same batch must give the same loss and the same gradient in every parameter.
// Python runs the exported package's gradients.py; tfjs's gradient is the reference.
import * as tf from "@tensorflow/tfjs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Rng } from "../../src/common/random.js";
import type { IRNode, IRProgram } from "../../src/ir/ir.js";
import { CompiledModel, type Feeds } from "../../src/lower/model.js";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { torchTensors } from "../../src/lower-torch/weights.js";
import { lossOutputs, totalLoss } from "../../src/runtime/run/objective.js";
import { PYTHON, readTensors, relativeError, writeBatch } from "./harness.js";

export interface ParityBatch {
  feeds: Feeds;
  /** Caption ids: items sharing one are not each other's negatives. */
  sameIds: Int32Array;
}

export interface Parity {
  tfLoss: number;
  torchLoss: number;
  lossRel: number;
  /** Largest gradient error over the parameters (relative to each tensor's largest entry), and where. */
  worstGrad: number;
  worstName: string;
  /** Gradient tensors compared; 0 when the spec has a construct tfjs gives no gradient reference for. */
  compared: number;
  /** Those constructs: the loss is still compared, the gradients are not. */
  noReference: string[];
}

/**
 * Constructs whose tfjs gradient cannot serve as the reference: dilated conv2d (tfjs has no
 * gradient for it) and avg_pool with padding: same (tfjs's gradient divides by the whole window
 * at the border, its forward by the pixels inside). One line each, naming where it is.
 */
export function noGradientReference(ir: IRProgram): string[] {
  const where = (n: IRNode) => `\`${n.label}\` in ${n.tower}`;
  const out: string[] = [];
  for (const n of ir.nodes) {
    if (n.op === "conv2d" && (n.attrs.dilation[0] !== 1 || n.attrs.dilation[1] !== 1)) out.push(`dilated conv2d ${where(n)}`);
    if (n.op === "avg_pool" && n.attrs.padding === "same") out.push(`avg_pool padding: same ${where(n)}`);
  }
  return out;
}

/**
 * The program with its random layers made deterministic, so both sides see the same values:
 * dropout at rate 0, augment with no crop, flip or jitter (identity). `off` names what changed.
 */
export function withoutRandomness(ir: IRProgram): { ir: IRProgram; off: string[] } {
  const copy = structuredClone(ir);
  const off = new Set<string>();
  for (const n of copy.nodes) {
    if (n.op === "dropout" && n.attrs.rate > 0) {
      n.attrs.rate = 0;
      off.add("dropout");
    }
    if (n.op === "augment" && (n.attrs.crop > 0 || n.attrs.flip || n.attrs.jitter > 0)) {
      n.attrs = { crop: 0, flip: false, jitter: 0 };
      off.add("augment");
    }
  }
  return { ir: copy, off: [...off] };
}

/**
 * Writes the package and the batch into `dir`, runs gradients.py, and compares with tfjs.
 * `initialize` sets weights the seed does not give (a tower's `from`), on both sides alike.
 * The caller owns the tfjs scope; the batch's tensors are not disposed here.
 */
export function checkParity(ir: IRProgram, batch: ParityBatch, dir: string, initialize?: (model: CompiledModel) => void): Parity {
  writeTorchPackage(ir, path.join(dir, "pkg"), initialize);
  writeBatch(dir, batch.feeds, [...batch.sameIds]);
  execFileSync(PYTHON, ["-m", "pkg.gradients", dir, path.join(dir, "out")], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const torchOut = readTensors(path.join(dir, "out"), "grads.json", "grads.bin");
  const torchLoss = torchOut.meta["loss"] as number;
  const noReference = noGradientReference(ir);
  const model = new CompiledModel(ir, ir.train.seed);
  try {
    initialize?.(model);
    const lossOf = () => totalLoss(ir, model, model.forward(batch.feeds, lossOutputs(ir), true, new Rng(1)), batch.sameIds);
    if (noReference.length) {
      const tfLoss = tf.tidy(() => lossOf().dataSync()[0]!);
      return { tfLoss, torchLoss, lossRel: Math.abs(tfLoss - torchLoss) / Math.abs(tfLoss), worstGrad: 0, worstName: "", compared: 0, noReference };
    }
    const { value, grads } = tf.variableGrads(lossOf, model.trainable());
    const tfLoss = value.dataSync()[0]!;
    const byKey = new Map(Object.entries(grads).map(([varName, g]) => [model.keyOf(model.trainable().find((v) => v.name === varName)!), g]));
    // A parameter tfjs leaves out (frozen, or not reached by the loss) has gradient zero.
    const tfGrads = torchTensors(ir, (key) => byKey.get(key) ?? (model.variableFor(key) ? tf.zerosLike(model.variableFor(key)!) : undefined));
    let worstGrad = 0;
    let worstName = "";
    for (const [name, theirs] of torchOut.tensors) {
      const mine = tfGrads.find((g) => g.name === name);
      if (!mine) throw new Error(`torch has a gradient for ${name}, tfjs has no such parameter`);
      if (theirs.shape.join(",") !== mine.tensor.shape.join(",")) throw new Error(`${name}: torch's gradient has shape [${theirs.shape}], tfjs's [${mine.tensor.shape}]`);
      // Relative to the tensor's largest entry; a gradient that is zero in exact arithmetic
      // (attention's key bias: softmax ignores a per-query constant) is held to 1e-7 absolute.
      const err = relativeError(theirs.values, mine.tensor.values, 1e-3);
      if (err > worstGrad) [worstGrad, worstName] = [err, name];
    }
    const missing = tfGrads.filter((g) => !/running_(mean|var)$/.test(g.name) && !torchOut.tensors.has(g.name)).map((g) => g.name);
    if (missing.length) throw new Error(`torch wrote no gradient for ${missing.join(", ")}`);
    return { tfLoss, torchLoss, lossRel: Math.abs(tfLoss - torchLoss) / Math.abs(tfLoss), worstGrad, worstName, compared: torchOut.tensors.size, noReference };
  } finally {
    model.dispose();
  }
}
