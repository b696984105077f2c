// The PyTorch export against the tfjs lowering: the same initial weights and the same batch
// must give the same loss (1e-5 relative) and the same gradient in every parameter (1e-4 of
// the largest entry of that gradient). Python runs the exported package's gradients.py.
// Left out because tfjs's own gradient cannot serve as the reference: dilated conv2d (tfjs has
// no gradient for it) and avg_pool with padding: same (tfjs's gradient divides by the whole
// window at the border, its forward by the pixels inside).
import * as tf from "@tensorflow/tfjs";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/common/random.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { CompiledModel, type Feeds } from "../../src/lower/model.js";
import { torchTensors } from "../../src/lower-torch/weights.js";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { lossOutputs, totalLoss } from "../../src/runtime/run/objective.js";
import { compile, images, tokens } from "../lower/gradcheck.js";

const PYTHON = "/usr/bin/python3";
const hasTorch = spawnSync(PYTHON, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0;
if (!hasTorch) console.log("torch parity tests skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)");

const BATCH = 6;
// Items 1 and 4 share a caption: neither is the other's negative.
const SAME_IDS = [0, 1, 2, 3, 1, 5];
const LABELS = [0, 2, 1, 3, 2, 1];
// Real tokens per row; the rest is padding (id 0), so attention masks matter.
const LENGTHS = [6, 3, 1, 5, 3, 2];

const SPECS: Record<string, string> = {
  conv_text: readFileSync("test/fixtures/tiny.mm", "utf8"),
  transformer_masks: `model attn
import "std/transformer.mm"
data shapes(train: 8, test: 8)
input image: Image[B, 8, 8, 3]
input text: Tokens[B, 6] vocab 20
encoder image_enc(image) -> [B, 16] {
  patch_embed(4, dim: 16)
  transformer(16, heads: 2, mlp: 2)
  mean(over: P)
}
encoder text_enc(text) -> [B, 16] {
  embed(16)
  positional()
  transformer(16, heads: 2, mlp: 2)
  causal_transformer(16, heads: 2, mlp: 2)
  attention_pool(heads: 2)
  dense(16, activation: tanh)
}
loss infonce(image_enc, text_enc, hard_negatives: 0.5)
train { optimizer: adamw(lr: 1e-3), batch: 6, steps: 2, seed: 4 }
`,
  siglip_triplet_pools: `model pools
data shapes(train: 8, test: 8)
input image: Image[B, 11, 11, 3]
input text: Tokens[B, 5] vocab 12
encoder image_enc(image) -> [B, 8] {
  conv2d(4, kernel: 3, stride: 2, activation: gelu)
  batch_norm()
  max_pool(2, stride: 1, padding: same)
  conv2d(6, kernel: 2, activation: leaky_relu)
  avg_pool(2)
  conv2d(6, kernel: 3, padding: valid, activation: silu)
  max(over: [H, W])
  dense(8, activation: elu)
}
encoder text_enc(text) -> [B, 8] {
  embed(8)
  sum(over: L)
  dense(8, activation: softplus)
  dropout(0)
  dense(8, activation: sigmoid)
}
loss siglip(image_enc, text_enc, bias: -2) + 0.5 * triplet(image_enc, text_enc, mining: semi_hard) + 0.25 * triplet(text_enc, image_enc, mining: all)
train { optimizer: sgd(lr: 0.1, momentum: 0.9), batch: 6, steps: 2, seed: 9 }
`,
  cross_entropy_fusion: `model heads
data shapes(train: 8, test: 8)
input image: Image[B, 8, 8, 3]
input text: Tokens[B, 6] vocab 20
input labels: Labels[B] classes 4
encoder image_map(image) {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
}
encoder image_enc(image_map) -> [B, 8] {
  mean(over: [H, W])
  dense(8)
}
encoder image_tokens(image_map) {
  reshape([16, 8])
  dense(8)
}
encoder words(text) {
  embed(8)
  positional()
}
encoder text_enc(words) -> [B, 8] {
  mean(over: L)
  dense(8)
}
head joint(cross_attention(words, image_tokens, heads: 2)) -> [B, 4] {
  layer_norm()
  mean(over: L)
  dense(4)
}
head gate(gated(image_enc, text_enc)) -> [B, 4] {
  dense(4)
}
loss infonce(image_enc, text_enc, learnable: false) + cross_entropy(joint, labels, smoothing: 0.1) + 0.5 * cross_entropy(gate, labels)
train { optimizer: adam(lr: 1e-3), batch: 6, steps: 2, seed: 2, clip: 1 }
`,
};

const work = mkdtempSync(path.join(tmpdir(), "mmc-torch-parity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function feedsFor(ir: IRProgram): Feeds {
  const feeds: Feeds = {};
  for (const input of ir.inputs) {
    const shape = ir.nodes[input.node]!.shape.map((d) => d.size ?? BATCH);
    if (input.kind === "image") feeds[input.name] = images(BATCH, shape[1]!, shape[2]!, shape[3]!, 11);
    else if (input.kind === "tokens") feeds[input.name] = tokens(LENGTHS.map((n) => Math.min(n, shape[1]!)), shape[1]!, input.vocab!, 12);
    else feeds[input.name] = tf.tensor1d(LABELS.map((l) => l % input.classes!), "int32");
  }
  return feeds;
}

/** batch.json + batch.bin as gradients.py reads them. */
function writeBatch(dir: string, feeds: Feeds): void {
  const inputs: Record<string, { dtype: string; shape: number[]; offset: number }> = {};
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(feeds)) {
    const data = t.dataSync();
    inputs[name] = { dtype: t.dtype === "float32" ? "float32" : "int32", shape: t.shape, offset };
    chunks.push(Buffer.from((t.dtype === "float32" ? Float32Array.from(data) : Int32Array.from(data)).buffer));
    offset += data.length;
  }
  writeFileSync(path.join(dir, "batch.bin"), Buffer.concat(chunks));
  writeFileSync(path.join(dir, "batch.json"), JSON.stringify({ inputs, same_ids: SAME_IDS }));
}

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
  const torchOut = JSON.parse(readFileSync(path.join(dir, "out", "grads.json"), "utf8")) as { loss: number; tensors: { name: string; shape: number[]; offset: number }[] };
  const torchBin = readFileSync(path.join(dir, "out", "grads.bin"));
  const torchGrads = new Float32Array(torchBin.buffer, torchBin.byteOffset, torchBin.byteLength / 4);

  const model = new CompiledModel(ir, ir.train.seed);
  try {
    const same = Int32Array.from(SAME_IDS);
    const { value, grads } = tf.variableGrads(() => totalLoss(ir, model, model.forward(feeds, lossOutputs(ir), true, new Rng(1)), same), model.trainable());
    const tfLoss = value.dataSync()[0]!;
    const byKey = new Map(Object.entries(grads).map(([varName, g]) => [model.keyOf(model.trainable().find((v) => v.name === varName)!), g]));
    const tfGrads = torchTensors(ir, (key) => byKey.get(key) ?? (model.variableFor(key) ? tf.zerosLike(model.variableFor(key)!) : undefined));
    let worstGrad = 0;
    let worstName = "";
    for (const t of torchOut.tensors) {
      const mine = tfGrads.find((g) => g.name === t.name);
      if (!mine) throw new Error(`torch has ${t.name}, tfjs does not`);
      expect(t.shape).toEqual(mine.tensor.shape);
      const theirs = torchGrads.subarray(t.offset, t.offset + mine.tensor.values.length);
      let maxAbs = 0;
      let maxDiff = 0;
      mine.tensor.values.forEach((g, i) => {
        maxAbs = Math.max(maxAbs, Math.abs(g));
        maxDiff = Math.max(maxDiff, Math.abs(g - theirs[i]!));
      });
      // Relative to the tensor's largest entry; a gradient that is zero in exact arithmetic
      // (attention's key bias: softmax ignores a per-query constant) is held to 1e-7 absolute.
      const err = maxDiff / Math.max(maxAbs, 1e-3);
      if (process.env["PARITY_DEBUG"]) console.log(name, t.name, maxAbs.toExponential(2), maxDiff.toExponential(2));
      if (err > worstGrad) [worstGrad, worstName] = [err, t.name];
    }
    const trainable = tfGrads.filter((g) => !/running_(mean|var)$/.test(g.name)).length;
    expect(torchOut.tensors.length).toBe(trainable);
    return { lossRel: Math.abs(tfLoss - torchOut.loss) / Math.abs(tfLoss), worstGrad, worstName };
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
