// Fusion and structural constructs as lowered to tfjs: gated and hierarchical fusion,
// residual connections and layer norm, with gradients against central finite differences.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/common/random.js";
import { wasm } from "../run/helpers.js";
import { expectGradientsMatch, gradCheck, images, tokens, towerOutput, withModel } from "./gradcheck.js";

beforeAll(wasm);

const HEADER = `model t
data shapes(train: 8, test: 8)
input image: Image[B, 4, 4, 3]
input text: Tokens[B, 5] vocab 10
`;
const TAIL = `loss infonce(image_enc, text_enc)
train { batch: 4, steps: 1 }
`;
const ENCODERS = `encoder image_enc(image) -> [B, 6] {
  mean(over: [H, W])
  dense(6, activation: tanh)
}
encoder text_enc(text) -> [B, 6] {
  embed(6)
  mean(over: L)
  dense(6, activation: tanh)
}
`;

const feeds = () => ({ image: images(3, 4, 4, 3, 1), text: tokens([3, 5, 2], 5, 10, 2) });

function valuesOf(model: import("../../src/lower/model.js").CompiledModel, f: Record<string, tf.Tensor>, node: number): number[][] {
  return tf.tidy(() => model.forward(f, [node], false, new Rng(0)).get(node)!.arraySync() as number[][]);
}

describe("gated fusion", () => {
  const spec = HEADER + ENCODERS + `head joint(gated(image_enc, text_enc)) -> [B, 6] {\n}\n` + TAIL;

  it("has the finite-difference gradient in the gate and both encoders", () => {
    withModel(spec, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "joint"));
      expectGradientsMatch(r);
      expect([...r.params.keys()].some((k) => k.includes("/gated/kernel"))).toBe(true);
    });
  });

  it("is g * image + (1 - g) * text with g = sigmoid([image, text] W + b)", () => {
    withModel(spec, feeds, (model, f, ir) => {
      const img = valuesOf(model, f, towerOutput(ir, "image_enc"));
      const txt = valuesOf(model, f, towerOutput(ir, "text_enc"));
      const out = valuesOf(model, f, towerOutput(ir, "joint"));
      const key = (s: string) => [...model.params.keys()].find((k) => k.endsWith(`/gated/${s}`))!;
      const w = model.params.get(key("kernel"))!.arraySync() as number[][];
      const b = model.params.get(key("bias"))!.arraySync() as number[];
      for (let i = 0; i < out.length; i++) {
        const x = [...img[i]!, ...txt[i]!];
        for (let j = 0; j < 6; j++) {
          const g = 1 / (1 + Math.exp(-(b[j]! + x.reduce((s, xk, k) => s + xk * w[k]![j]!, 0))));
          expect(out[i]![j]).toBeCloseTo(g * img[i]![j]! + (1 - g) * txt[i]![j]!, 5);
        }
      }
    });
  });
});

describe("hierarchical fusion", () => {
  // Mid-level features meet early; that head's output meets both embeddings late.
  const spec =
    HEADER +
    `encoder image_mid(image) -> [B, 6] {
  mean(over: [H, W])
  dense(6, activation: tanh)
}
encoder text_mid(text) -> [B, 6] {
  embed(6)
  mean(over: L)
}
encoder image_enc(image_mid) -> [B, 6] {
  dense(6)
}
encoder text_enc(text_mid) -> [B, 6] {
  dense(6)
}
head early(concat(image_mid, text_mid)) -> [B, 4] {
  dense(4, activation: tanh)
}
head joint(concat(early, image_enc, text_enc)) -> [B, 3] {
  dense(3)
}
` +
    TAIL;

  it("has the finite-difference gradient through both fusion levels", () => {
    withModel(spec, feeds, (model, f, ir) => {
      const r = gradCheck(model, f, towerOutput(ir, "joint"));
      expectGradientsMatch(r);
      expect(r.params.size).toBe(11); // five dense layers (kernel and bias) and the embedding
    });
  });
});

describe("residual", () => {
  const spec =
    HEADER +
    `encoder image_enc(image) -> [B, 6] {
  mean(over: [H, W])
  dense(6)
  residual {
    dense(6, activation: tanh)
    dense(6)
  }
}
encoder text_enc(text) -> [B, 6] {
  embed(6)
  residual {
    layer_norm()
    dense(6, activation: gelu)
  }
  mean(over: L)
}
` +
    TAIL;

  it("has the finite-difference gradient on vectors and on sequences", () => {
    withModel(spec, feeds, (model, f, ir) => {
      expectGradientsMatch(gradCheck(model, f, towerOutput(ir, "image_enc")), ["text_enc"]);
      expectGradientsMatch(gradCheck(model, f, towerOutput(ir, "text_enc"), { h: 1e-3 }), ["image_enc"]);
    });
  });

  it("adds the input to the body's output (the identity path is exact)", () => {
    withModel(spec, feeds, (model, f, ir) => {
      // Zero the body's last layer: the residual must pass its input through unchanged.
      const keys = [...model.params.keys()].filter((k) => k.startsWith("image_enc/") && k.includes("/dense/"));
      const before = valuesOf(model, f, ir.nodes.find((n) => n.tower === "image_enc" && n.op === "dense")!.id);
      for (const k of keys.slice(-2)) tf.tidy(() => model.params.get(k)!.assign(tf.zerosLike(model.params.get(k)!)));
      expect(valuesOf(model, f, towerOutput(ir, "image_enc"))).toEqual(before);
    });
  });
});

describe("layer norm", () => {
  const spec = HEADER + `encoder image_enc(image) -> [B, 6] {\n  mean(over: [H, W])\n  dense(6)\n}\nencoder text_enc(text) -> [B, 6] {\n  embed(6)\n  mean(over: L)\n  layer_norm()\n}\n` + TAIL;

  it("normalises each row to mean 0 and variance 1 before gamma and beta", () => {
    withModel(spec, feeds, (model, f, ir) => {
      for (const row of valuesOf(model, f, towerOutput(ir, "text_enc"))) {
        const mean = row.reduce((a, b) => a + b, 0) / row.length;
        const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
        expect(mean).toBeCloseTo(0, 5);
        // epsilon 1e-5 against a row variance of about 1e-4 (embeddings of scale 0.02)
        expect(variance).toBeGreaterThan(0.8);
        expect(variance).toBeLessThanOrEqual(1);
      }
    });
  });

  it("has the finite-difference gradient in gamma, beta and its input", () => {
    withModel(spec, feeds, (model, f, ir) => {
      // Rows of scale 0.02: a step of 1e-4 stays well inside the normalisation's curvature.
      expectGradientsMatch(gradCheck(model, f, towerOutput(ir, "text_enc"), { h: 1e-4, atol: 5e-3 }), ["image_enc"]);
    });
  });
});
