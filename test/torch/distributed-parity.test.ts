// Two gloo ranks, each holding half of a batch, must compute the one-process loss and
// gradients of the whole batch: contrastive losses on all-gathered features (infonce with
// hard negatives and shared captions across ranks, siglip, triplet), cross-entropy averaged
// over ranks, batch norm on global-batch statistics (its running statistics too), frozen towers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { compile } from "../lower/gradcheck.js";
import { feedsFor, hasTorch, PYTHON, readTensors, relativeError, SPECS, writeBatch } from "./harness.js";
import { launchRanks } from "./ranks.js";

const CONV_HARD_NEGATIVES = `model conv_hn
data shapes(train: 8, test: 8)
input image: Image[B, 8, 8, 3]
input text: Tokens[B, 6] vocab 20
encoder image_enc(image) -> [B, 8] {
  conv2d(4, kernel: 3, stride: 2, activation: relu)
  conv2d(6, kernel: 3, activation: gelu)
  mean(over: [H, W])
  dense(8)
}
encoder text_enc(text) -> [B, 8] {
  embed(8)
  mean(over: L)
  dense(8)
}
loss infonce(image_enc, text_enc, hard_negatives: 0.5)
train { optimizer: adam(lr: 1e-3), batch: 6, steps: 3, seed: 5 }
`;

const CASES: Record<string, string> = {
  conv_hard_negatives: CONV_HARD_NEGATIVES,
  siglip_triplet_batch_norm: SPECS.siglip_triplet_pools!,
  infonce_cross_entropy: SPECS.cross_entropy_fusion!,
  // A frozen tower has no gradient to average: the ranks agree on the others'.
  frozen_text_tower: CONV_HARD_NEGATIVES.replace("encoder text_enc(text) -> [B, 8] {", "encoder text_enc(text) -> [B, 8] frozen {"),
};

const work = mkdtempSync(path.join(tmpdir(), "mmc-torch-ranks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
// ranks_gradients.py, importable from here.
const DRIVER_DIR = path.resolve("test/torch");

describe.skipIf(!hasTorch)("2 gloo ranks give the 1-process loss and gradients of the global batch", () => {
  it("for infonce with hard negatives, siglip + triplet with batch norm, infonce + cross-entropy", () => {
    const jobs = (side: string) => Object.keys(CASES).map((name) => `${name}:${path.join(work, name)}:${path.join(work, name, side)}`);
    for (const [name, text] of Object.entries(CASES)) {
      const ir = compile(text, `test/torch/${name}.mm`);
      writeTorchPackage(ir, path.join(work, name, name));
      writeBatch(path.join(work, name), feedsFor(ir));
    }
    const env = { ...process.env, PYTHONPATH: [DRIVER_DIR, ...Object.keys(CASES).map((n) => path.join(work, n))].join(path.delimiter), OMP_NUM_THREADS: "1" };
    const one = spawnSync(PYTHON, ["-m", "ranks_gradients", ...jobs("one")], { env, encoding: "utf8" });
    expect(one.status, one.stderr).toBe(0);
    const two = launchRanks("conv_hard_negatives", "ranks_gradients", 2, jobs("two"), env);
    expect(two.status, two.stderr).toBe(0);
    for (const name of Object.keys(CASES)) {
      const a = readTensors(path.join(work, name, "one"), "grads.json", "grads.bin");
      const b = readTensors(path.join(work, name, "two"), "grads.json", "grads.bin");
      const lossA = a.meta["loss"] as number;
      const lossB = b.meta["loss"] as number;
      let worst = 0;
      let worstName = "";
      for (const [tensor, g] of a.tensors) {
        const err = relativeError(b.tensors.get(tensor)!.values, g.values, 1e-3);
        if (err > worst) [worst, worstName] = [err, tensor];
      }
      const sa = readTensors(path.join(work, name, "one"), "state.json", "state.bin");
      const sb = readTensors(path.join(work, name, "two"), "state.json", "state.bin");
      let stats = 0;
      for (const [tensor, s] of sa.tensors) stats = Math.max(stats, relativeError(sb.tensors.get(tensor)!.values, s.values, 1e-3));
      console.log(`torch 2-rank parity ${name}: loss ${lossA.toFixed(6)} vs ${lossB.toFixed(6)}, worst gradient ${worst.toExponential(2)} (${worstName}), running stats ${sa.tensors.size ? stats.toExponential(2) : "none"}`);
      expect(Math.abs(lossA - lossB) / Math.abs(lossA)).toBeLessThan(1e-5);
      expect(worst).toBeLessThan(1e-5);
      expect(stats).toBeLessThan(1e-5);
      expect([...b.tensors.keys()]).toEqual([...a.tensors.keys()]);
    }
  }, 120_000);
});
