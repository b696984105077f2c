// Attention constructs as lowered to tfjs: gradients against central finite differences, and
// padding masks that really mask (what sits at a padded position changes no real position).
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "../../src/lower/model.js";
import { Rng } from "../../src/common/random.js";
import { wasm } from "../run/helpers.js";
import { expectGradientsMatch, gradCheck, images, tokens, towerOutput, withModel } from "./gradcheck.js";

beforeAll(wasm);

const LEN = 5;
const VOCAB = 10;
// Two rows with padding (3 and 2 real tokens), one without.
const LENGTHS = [3, 5, 2];

function spec(textLayers: string, extra = ""): string {
  return `model t
data shapes(train: 8, test: 8)
input image: Image[B, 4, 4, 3]
input text: Tokens[B, ${LEN}] vocab ${VOCAB}
encoder image_enc(image) -> [B, 8] {
  mean(over: [H, W])
  dense(8)
}
encoder text_seq(text) {
${textLayers}
}
encoder text_enc(text_seq) -> [B, 8] {
  mean(over: L)
}
${extra}
loss infonce(image_enc, text_enc)
train { batch: 4, steps: 1 }
`;
}

const feeds = () => ({ image: images(LENGTHS.length, 4, 4, 3, 1), text: tokens(LENGTHS, LEN, VOCAB, 2) });

/** Outputs of `node` at real (unpadded) positions [B, L, D] -> a flat list. */
function realPositions(out: tf.Tensor, lengths: number[]): number[] {
  const [b, l, d] = out.shape as [number, number, number];
  const v = out.dataSync();
  const keep: number[] = [];
  for (let i = 0; i < b; i++) for (let j = 0; j < lengths[i]!; j++) for (let k = 0; k < d; k++) keep.push(v[(i * l + j) * d + k]!);
  return keep;
}

/** Sets the embedding row of the pad id (0) to new random values: what padded positions carry. */
function scramblePadEmbedding(model: CompiledModel): void {
  const key = [...model.params.keys()].find((k) => k.endsWith("/embed/table"))!;
  const table = model.params.get(key)!;
  tf.tidy(() => {
    const rest = tf.slice(table, [1, 0], [-1, -1]);
    table.assign(tf.concat([tf.mul(tf.randomNormal([1, table.shape[1]!], 0, 1, "float32", 5), 10), rest], 0));
  });
}

/** The node's output, evaluated (no training-time randomness), as a tensor the caller disposes. */
function forwardNode(model: CompiledModel, f: Record<string, tf.Tensor>, node: number): tf.Tensor {
  return tf.tidy(() => model.forward(f, [node], false, new Rng(0)).get(node)!.clone());
}

function valuesOf(model: CompiledModel, f: Record<string, tf.Tensor>, node: number): number[] {
  const t = forwardNode(model, f, node);
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

describe("multi-head self-attention", () => {
  const text = spec("  embed(8)\n  positional()\n  attention(2)");

  it("has the finite-difference gradient in every parameter", () => {
    withModel(text, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "text_seq"));
      expectGradientsMatch(r, ["image_enc"]);
      expect(r.checked).toBeGreaterThan(40);
    });
  });

  it("masks padded keys: the pad embedding changes no real position", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "text_seq");
      const before = forwardNode(model, f, node);
      scramblePadEmbedding(model);
      const after = forwardNode(model, f, node);
      expect(realPositions(after, LENGTHS)).toEqual(realPositions(before, LENGTHS));
      // ...while the padded positions' own outputs did change (the scramble reached the layer).
      expect(after.arraySync()).not.toEqual(before.arraySync());
      tf.dispose([before, after]);
    });
  });

  it("a real token's id does change the other real positions (the test can fail)", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "text_seq");
      const before = forwardNode(model, f, node);
      const ids = f.text.arraySync() as number[][];
      ids[0]![1] = (ids[0]![1]! % (VOCAB - 1)) + 1;
      const changed = { image: f.image, text: tf.tensor2d(ids, undefined, "int32") };
      const after = forwardNode(model, changed, node);
      const a = (after.arraySync() as number[][][])[0]![0]!;
      const b = (before.arraySync() as number[][][])[0]![0]!;
      expect(a).not.toEqual(b);
      tf.dispose([before, after, changed.text]);
    });
  });
});

describe("causal self-attention", () => {
  it("has the finite-difference gradient, and position 0 ignores later tokens", () => {
    withModel(spec("  embed(8)\n  attention(2, causal: true)"), feeds, (model, f, ir) => {
      const node = towerOutput(ir, "text_seq");
      expectGradientsMatch(gradCheck(model, f, node), ["image_enc"]);
      const before = forwardNode(model, f, node);
      const ids = f.text.arraySync() as number[][];
      ids[1]![4] = (ids[1]![4]! % (VOCAB - 1)) + 1; // row 1 has no padding
      const changed = { image: f.image, text: tf.tensor2d(ids, undefined, "int32") };
      const after = forwardNode(model, changed, node);
      expect((after.arraySync() as number[][][])[1]![0]).toEqual((before.arraySync() as number[][][])[1]![0]);
      expect((after.arraySync() as number[][][])[1]![4]).not.toEqual((before.arraySync() as number[][][])[1]![4]);
      tf.dispose([before, after, changed.text]);
    });
  });
});

describe("attention pooling", () => {
  const text = spec("  embed(8)\n  positional()", "encoder pooled(text_seq) -> [B, 8] {\n  attention_pool(heads: 2)\n}\n");

  it("has the finite-difference gradient in every parameter (the learned query included)", () => {
    withModel(text, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "pooled"));
      expectGradientsMatch(r, ["image_enc"]);
      expect([...r.params.keys()].some((k) => k.endsWith("/query"))).toBe(true);
    });
  });

  it("ignores padded tokens", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "pooled");
      const before = valuesOf(model, f, node);
      scramblePadEmbedding(model);
      expect(valuesOf(model, f, node)).toEqual(before);
    });
  });
});

describe("transformer block (std/transformer.mm)", () => {
  const text = `import "std/transformer.mm"\n` + spec("  embed(8)\n  positional()\n  transformer(8, heads: 2, mlp: 2)");

  it("has the finite-difference gradient through both residual branches, layer norms and the MLP", () => {
    withModel(text, feeds, (model, f, ir) => {
      // A smaller step: the first layer norm sees embeddings and positions of scale 0.02 and
      // divides by their spread, so the read-out curves sharply on that scale.
      const r = gradCheck(model, f, towerOutput(ir, "text_seq"), { h: 1e-3 });
      expectGradientsMatch(r, ["image_enc"]);
      const ops = new Set([...r.params.keys()].map((k) => k.split("/")[2]));
      expect([...ops].sort()).toEqual(["attention", "dense", "embed", "layer_norm", "positional"]);
    });
  });

  it("masks padded tokens at every real position", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "text_seq");
      const before = forwardNode(model, f, node);
      scramblePadEmbedding(model);
      const after = forwardNode(model, f, node);
      const a = realPositions(after, LENGTHS);
      const b = realPositions(before, LENGTHS);
      // Exact in real arithmetic; masked scores are -1e9, so exp() underflows to exactly 0.
      expect(Math.max(...a.map((x, i) => Math.abs(x - b[i]!)))).toBe(0);
      tf.dispose([before, after]);
    });
  });
});

describe("cross-modal attention fusion", () => {
  // Words attend to the image's 4 patch tokens, and the patches attend back to the words.
  const text = `model t
data shapes(train: 8, test: 8)
input image: Image[B, 4, 4, 3]
input text: Tokens[B, ${LEN}] vocab ${VOCAB}
encoder patches(image) {
  patch_embed(2, dim: 8)
  positional()
}
encoder words(text) {
  embed(8)
  positional()
}
encoder image_enc(patches) -> [B, 8] {
  mean(over: P)
}
encoder text_enc(words) -> [B, 8] {
  mean(over: L)
}
head to_image(cross_attention(words, patches, heads: 2)) -> [B, 8] {
  mean(over: L)
}
head to_text(cross_attention(patches, words, heads: 2)) -> [B, 8] {
  mean(over: P)
}
head joint(concat(to_image, to_text)) -> [B, 3] {
  dense(3)
}
loss infonce(image_enc, text_enc)
train { batch: 4, steps: 1 }
`;

  it("has the finite-difference gradient in both towers and both attentions", () => {
    withModel(text, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "joint"));
      expectGradientsMatch(r);
      expect([...r.params.keys()].filter((k) => k.includes("cross_attention/wq"))).toHaveLength(2);
    });
  });

  it("image tokens attending to words ignore padded words", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "to_text");
      const before = valuesOf(model, f, node);
      scramblePadEmbedding(model);
      expect(valuesOf(model, f, node)).toEqual(before);
    });
  });
});
