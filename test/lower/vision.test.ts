// Image constructs as lowered to tfjs: patch embedding (a small ViT) with gradients against
// central finite differences, and augmentation that is random in training and off at evaluation.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "../../src/lower/model.js";
import { Rng } from "../../src/common/random.js";
import { wasm } from "../run/helpers.js";
import { expectGradientsMatch, gradCheck, images, tokens, towerOutput, withModel } from "./gradcheck.js";

beforeAll(wasm);

const BATCH = 3;
const feeds = () => ({ image: images(BATCH, 8, 8, 3, 1), text: tokens([3, 5, 2], 5, 10, 2) });

function spec(imageLayers: string): string {
  return `model t
data shapes(train: 8, test: 8)
input image: Image[B, 8, 8, 3]
input text: Tokens[B, 5] vocab 10
encoder patches(image) {
${imageLayers}
}
encoder image_enc(patches) -> [B, 6] {
  mean(over: P)
}
encoder text_enc(text) -> [B, 6] {
  embed(6)
  mean(over: L)
}
loss infonce(image_enc, text_enc)
train { batch: 4, steps: 1 }
`;
}

function run(model: CompiledModel, f: Record<string, tf.Tensor>, node: number, training: boolean, seed: number): number[] {
  return tf.tidy(() => Array.from(model.forward(f, [node], training, new Rng(seed)).get(node)!.dataSync()));
}

describe("patch embedding", () => {
  const text = spec("  patch_embed(4, dim: 6)\n  positional()");

  it("has the finite-difference gradient in the patch projection and the positions", () => {
    withModel(text, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "patches"));
      expectGradientsMatch(r, ["text_enc"]);
      expect([...r.params.keys()].filter((k) => k.startsWith("patches/")).map((k) => k.split("/").slice(2).join("/")).sort()).toEqual([
        "patch_embed/bias",
        "patch_embed/kernel",
        "positional/table",
      ]);
    });
  });

  it("projects each 4x4 patch, in row-major patch order, with one shared kernel", () => {
    withModel(spec("  patch_embed(4, dim: 6)"), feeds, (model, f, ir) => {
      const out = run(model, f, towerOutput(ir, "patches"), false, 0); // [B, 4, 6]
      const key = (s: string) => [...model.params.keys()].find((k) => k.endsWith(`patch_embed/${s}`))!;
      const kernel = model.params.get(key("kernel"))!.dataSync(); // [4, 4, 3, 6]
      const bias = model.params.get(key("bias"))!.dataSync();
      const px = f.image.dataSync(); // [B, 8, 8, 3]
      for (let b = 0; b < BATCH; b++) {
        for (let p = 0; p < 4; p++) {
          const [py, pxo] = [Math.floor(p / 2) * 4, (p % 2) * 4];
          for (let d = 0; d < 6; d++) {
            let s = bias[d]!;
            for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 3; c++) s += px[((b * 8 + py + y) * 8 + pxo + x) * 3 + c]! * kernel[((y * 4 + x) * 3 + c) * 6 + d]!;
            expect(out[(b * 4 + p) * 6 + d]).toBeCloseTo(s, 4);
          }
        }
      }
    });
  });

  it("trains through a ViT block from std/vit.mm (gradient of the whole trunk)", () => {
    const vit = `import "std/vit.mm"\n` + spec("  vit(patch: 4, width: 6, heads: 2, depth: 1, mlp: 2)");
    withModel(vit, feeds, (model, f, ir) => {
      expectGradientsMatch(gradCheck(model, f, towerOutput(ir, "patches"), { h: 1e-3 }), ["text_enc"]);
    });
  });
});

describe("augmentation", () => {
  const text = spec("  augment(crop: 1, flip: true, jitter: 0.2)\n  patch_embed(4, dim: 6)");

  it("is off at evaluation: deterministic and equal to the model without it", () => {
    withModel(text, feeds, (model, f, ir) => {
      const node = towerOutput(ir, "patches");
      const a = run(model, f, node, false, 1);
      expect(run(model, f, node, false, 2)).toEqual(a);
      // The augment node's output is its input, exactly.
      const aug = ir.nodes.find((n) => n.op === "augment")!.id;
      expect(run(model, f, aug, false, 3)).toEqual(Array.from(f.image.dataSync()));
    });
  });

  it("is random in training, repeatable for one seed, and keeps pixels in [0, 1]", () => {
    withModel(text, feeds, (model, f, ir) => {
      const aug = ir.nodes.find((n) => n.op === "augment")!.id;
      const a = run(model, f, aug, true, 1);
      expect(run(model, f, aug, true, 1)).toEqual(a);
      expect(run(model, f, aug, true, 2)).not.toEqual(a);
      expect(a).not.toEqual(Array.from(f.image.dataSync()));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a)).toBeLessThanOrEqual(1);
    });
  });

  it("passes gradients to the layers after it (evaluation mode is the identity)", () => {
    withModel(text, feeds, (model, f, ir) => {
      expectGradientsMatch(gradCheck(model, f, towerOutput(ir, "patches")), ["text_enc"]);
    });
  });
});
