// The PyTorch export against the tfjs lowering: the same initial weights and the same batch
// must give the same loss (1e-5 relative) and the same gradient in every parameter (1e-4 of
// the largest entry of that gradient). Python runs the exported package's gradients.py.
// Left out because tfjs's own gradient cannot serve as the reference: dilated conv2d (tfjs has
// no gradient for it) and avg_pool with padding: same (tfjs's gradient divides by the whole
// window at the border, its forward by the pixels inside).
import * as tf from "@tensorflow/tfjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/common/random.js";
import { CompiledModel } from "../../src/lower/model.js";
import { torchTensors } from "../../src/lower-torch/weights.js";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { lossOutputs, totalLoss } from "../../src/runtime/run/objective.js";
import { compile } from "../lower/gradcheck.js";
import { feedsFor, hasTorch, PYTHON, readTensors, relativeError, SAME_IDS, SPECS, writeBatch } from "./harness.js";

const work = mkdtempSync(path.join(tmpdir(), "mmc-torch-parity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Parity {
  lossRel: number;
  worstGrad: number;
  worstName: string;
}

function parity(name: string, text: string): Parity {
  const ir = compile(text, `test/torch/${name}.mm`);
  const dir = path.join(work, name);
  writeTorchPackage(ir, path.join(dir, "pkg"));
  const feeds = feedsFor(ir);
  writeBatch(dir, feeds);
  execFileSync(PYTHON, ["-m", "pkg.gradients", dir, path.join(dir, "out")], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const torchOut = readTensors(path.join(dir, "out"), "grads.json", "grads.bin");
  const model = new CompiledModel(ir, ir.train.seed);
  try {
    const same = Int32Array.from(SAME_IDS);
    const { value, grads } = tf.variableGrads(() => totalLoss(ir, model, model.forward(feeds, lossOutputs(ir), true, new Rng(1)), same), model.trainable());
    const tfLoss = value.dataSync()[0]!;
    const byKey = new Map(Object.entries(grads).map(([varName, g]) => [model.keyOf(model.trainable().find((v) => v.name === varName)!), g]));
    const tfGrads = torchTensors(ir, (key) => byKey.get(key) ?? (model.variableFor(key) ? tf.zerosLike(model.variableFor(key)!) : undefined));
    let worstGrad = 0;
    let worstName = "";
    for (const [tName, theirs] of torchOut.tensors) {
      const mine = tfGrads.find((g) => g.name === tName);
      if (!mine) throw new Error(`torch has ${tName}, tfjs does not`);
      expect(theirs.shape).toEqual(mine.tensor.shape);
      // Relative to the tensor's largest entry; a gradient that is zero in exact arithmetic
      // (attention's key bias: softmax ignores a per-query constant) is held to 1e-7 absolute.
      const err = relativeError(theirs.values, mine.tensor.values, 1e-3);
      if (err > worstGrad) [worstGrad, worstName] = [err, tName];
    }
    const trainable = tfGrads.filter((g) => !/running_(mean|var)$/.test(g.name)).length;
    expect(torchOut.tensors.size).toBe(trainable);
    return { lossRel: Math.abs(tfLoss - (torchOut.meta["loss"] as number)) / Math.abs(tfLoss), worstGrad, worstName };
  } finally {
    model.dispose();
  }
}

describe.skipIf(!hasTorch)("PyTorch export matches the tfjs lowering", () => {
  for (const [name, text] of Object.entries(SPECS)) {
    it(name, () => {
      tf.engine().startScope();
      let r: Parity;
      try {
        r = parity(name, text);
      } finally {
        tf.engine().endScope();
      }
      console.log(`torch parity ${name}: loss rel ${r.lossRel.toExponential(2)}, worst grad ${r.worstGrad.toExponential(2)} (${r.worstName})`);
      expect(r.lossRel).toBeLessThan(1e-5);
      expect(r.worstGrad).toBeLessThan(1e-4);
    }, 60_000);
  }
});
