// The spec's loss line as the trainer computes it (objective.ts: attributes -> loss options,
// learned scale and bias, weights) against the plain-JS float64 references, on real model
// outputs. The loss lines are the experiment specs' own.
import * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/common/random.js";
import { lossOutputs, totalLoss } from "../../src/runtime/run/objective.js";
import { wasm } from "../run/helpers.js";
import { crossEntropyRef, infoNceRef, siglipRef, tripletRef, type Matrix } from "../train/reference.js";
import { images, tokens, towerOutput, withModel } from "./gradcheck.js";

beforeAll(wasm);

const BATCH = 6;
// Items 1 and 4 share a caption: neither is the other's negative.
const IDS = Int32Array.from([0, 1, 2, 3, 1, 5]);
const LABELS = [0, 2, 1, 3, 2, 5];

/** The `loss` line of an experiment spec. */
function lossLine(spec: string): string {
  const line = readFileSync(`specs/${spec}.mm`, "utf8").split("\n").find((l) => l.startsWith("loss "));
  if (!line) throw new Error(`specs/${spec}.mm has no loss line`);
  return line;
}

function spec(loss: string): string {
  return `model t
data shapes(train: 8, test: 8)
input image: Image[B, 4, 4, 3]
input text: Tokens[B, 5] vocab 10
input labels: Labels[B] classes 6
encoder image_enc(image) -> [B, 8] {
  mean(over: [H, W])
  dense(8)
}
encoder text_enc(text) -> [B, 8] {
  embed(8)
  mean(over: L)
}
head joint(concat(image_enc, text_enc)) -> [B, 6] {
  dense(6)
}
${loss}
train { batch: 4, steps: 1 }
`;
}

const feeds = () => ({
  image: images(BATCH, 4, 4, 3, 1),
  text: tokens([5, 3, 4, 2, 3, 5], 5, 10, 2),
  labels: tf.tensor1d(LABELS, "int32"),
});

/** The trainer's loss, and the loss inputs' values as plain matrices. */
function measure(text: string): { loss: number; out: Record<string, Matrix> } {
  return withModel(text, feeds, (model, f, ir) => {
    return tf.tidy(() => {
      const values = model.forward(f, lossOutputs(ir), true, new Rng(0));
      const loss = totalLoss(ir, model, values, IDS).dataSync()[0]!;
      const out: Record<string, Matrix> = {};
      for (const name of ["image_enc", "text_enc", "joint"]) {
        const v = values.get(towerOutput(ir, name));
        if (v) out[name] = v.arraySync() as Matrix;
      }
      return { loss, out };
    });
  });
}

describe("loss lines of the experiment specs", () => {
  it("simple.mm: InfoNCE at the initial learned temperature 0.07, same captions excluded", () => {
    const { loss, out } = measure(spec(lossLine("simple")));
    expect(loss).toBeCloseTo(infoNceRef(out["image_enc"]!, out["text_enc"]!, Math.log(1 / 0.07), { ids: [...IDS] }), 4);
  });

  it("hard_negatives.mm: InfoNCE with hard negatives reweighted (beta 1)", () => {
    const { loss, out } = measure(spec(lossLine("hard_negatives")));
    const ref = infoNceRef(out["image_enc"]!, out["text_enc"]!, Math.log(1 / 0.07), { ids: [...IDS], beta: 1 });
    expect(loss).toBeCloseTo(ref, 4);
    expect(ref).not.toBeCloseTo(infoNceRef(out["image_enc"]!, out["text_enc"]!, Math.log(1 / 0.07), { ids: [...IDS] }), 4);
  });

  it("triplet_hard.mm: bidirectional triplet, hardest negatives, margin 0.2", () => {
    const { loss, out } = measure(spec(lossLine("triplet_hard")));
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeCloseTo(tripletRef(out["image_enc"]!, out["text_enc"]!, 0.2, "hardest", [...IDS]), 5);
  });

  it("siglip.mm: pairwise sigmoid with the learned scale from temperature 0.1 and bias -4", () => {
    const { loss, out } = measure(spec(lossLine("siglip")));
    expect(loss).toBeCloseTo(siglipRef(out["image_enc"]!, out["text_enc"]!, Math.log(10), -4, [...IDS]), 4);
  });

  it("multitask.mm: InfoNCE plus 0.5 x cross-entropy of the fusion head", () => {
    const { loss, out } = measure(spec(lossLine("multitask")));
    const contrastive = infoNceRef(out["image_enc"]!, out["text_enc"]!, Math.log(1 / 0.07), { ids: [...IDS] });
    const classification = crossEntropyRef(out["joint"]!, LABELS);
    expect(classification).toBeGreaterThan(0.1);
    expect(loss).toBeCloseTo(contrastive + 0.5 * classification, 4);
  });

  it("fixed_temperature.mm: a fixed temperature has no learned parameter", () => {
    withModel(spec(lossLine("fixed_temperature")), feeds, (model) => expect(model.lossParams.size).toBe(0));
    withModel(spec(lossLine("simple")), feeds, (model) => expect([...model.lossParams.keys()]).toEqual(["loss/0/infonce/logit_scale"]));
  });
});
