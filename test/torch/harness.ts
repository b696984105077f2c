// What the PyTorch parity tests share: the small specs, one fixed batch for each, the batch
// files the exported package reads, and whether /usr/bin/python3 has torch at all.
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../../src/ir/ir.js";
import type { Feeds } from "../../src/lower/model.js";
import type { FlatTensor } from "../../src/lower-torch/layouts.js";
import { images, tokens } from "../lower/gradcheck.js";

export const PYTHON = "/usr/bin/python3";
export const hasTorch = spawnSync(PYTHON, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0;
if (!hasTorch) console.log("torch parity tests skipped: /usr/bin/python3 has no torch (apt-get install python3-torch)");

const BATCH = 6;
// Items 1 and 4 share a caption: neither is the other's negative.
export const SAME_IDS = [0, 1, 2, 3, 1, 5];
const LABELS = [0, 2, 1, 3, 2, 1];
// Real tokens per row; the rest is padding (id 0), so attention masks matter.
const LENGTHS = [6, 3, 1, 5, 3, 2];

export const SPECS: Record<string, string> = {
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
train { optimizer: adamw(lr: 1e-3, weight_decay: 0.1), schedule: cosine(warmup: 1, min_lr: 1e-4), batch: 6, steps: 3, seed: 4 }
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
train { optimizer: sgd(lr: 0.1, momentum: 0.9, nesterov: true), schedule: step(every: 1, factor: 0.5), batch: 6, steps: 3, seed: 9 }
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
train { optimizer: adam(lr: 1e-3), schedule: constant(warmup: 2), batch: 6, steps: 3, seed: 2, clip: 0.5 }
`,
};


export function feedsFor(ir: IRProgram): Feeds {
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
export function writeBatch(dir: string, feeds: Feeds, sameIds: readonly number[] = SAME_IDS): void {
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
  writeFileSync(path.join(dir, "batch.json"), JSON.stringify({ inputs, same_ids: sameIds }));
}

/** A float32 file the package wrote, as tensors by state-dict name. */
export function readTensors(dir: string, json: string, bin: string): { meta: Record<string, unknown>; tensors: Map<string, FlatTensor> } {
  const meta = JSON.parse(readFileSync(path.join(dir, json), "utf8")) as { tensors: { name: string; shape: number[]; offset: number }[] };
  const raw = readFileSync(path.join(dir, bin));
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const tensors = new Map<string, FlatTensor>();
  for (const t of meta.tensors) tensors.set(t.name, { shape: t.shape, values: all.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1)) });
  return { meta, tensors };
}

/** max |a - b| over the tensor, divided by max(max |b|, floor). */
export function relativeError(a: Float32Array, b: Float32Array, floor: number): number {
  let maxAbs = 0;
  let maxDiff = 0;
  b.forEach((x, i) => {
    maxAbs = Math.max(maxAbs, Math.abs(x));
    maxDiff = Math.max(maxDiff, Math.abs(x - a[i]!));
  });
  return maxDiff / Math.max(maxAbs, floor);
}
