import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CLIP_LOGIT_SCALE_INIT,
  CLIP_LOGIT_SCALE_MAX,
  clampLogitScale,
  crossEntropyLoss,
  infoNceLoss,
  sameCaptionMask,
  SIGLIP_LOGIT_BIAS_INIT,
  SIGLIP_LOGIT_SCALE_INIT,
  siglipLoss,
  tripletLoss,
  weightedSum,
  type TripletMining,
} from "../../src/runtime/train/losses.js";
import {
  crossEntropyRef,
  infoNceRef,
  numericGrad,
  randomMatrix,
  siglipRef,
  tripletRef,
  type Matrix,
} from "./reference.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const B = 5;
const D = 3;
const img = randomMatrix(B, D, 1);
const txt = randomMatrix(B, D, 2);
const ids = [0, 1, 0, 2, 1]; // items 0 and 2 share a caption, and 1 and 4

function value(f: () => tf.Scalar): number {
  const t = f();
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

function flat(m: Matrix): number[] {
  return m.flat();
}

function unflat(x: number[], offset: number, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, i) => x.slice(offset + i * cols, offset + (i + 1) * cols));
}

/**
 * Compares tf's gradient of `loss(img, txt, scalars...)` with central differences of the
 * float64 reference, over every coordinate of both embeddings and of the scalars.
 */
function checkGradient(
  loss: (img: tf.Tensor2D, txt: tf.Tensor2D, scalars: tf.Scalar[]) => tf.Scalar,
  ref: (img: Matrix, txt: Matrix, scalars: number[]) => number,
  scalars: number[] = [],
  a: Matrix = img,
  b: Matrix = txt,
): void {
  const rows = a.length;
  const cols = a[0].length;
  const inputs = [tf.tensor2d(a), tf.tensor2d(b), ...scalars.map((s) => tf.scalar(s))];
  const grads = tf.grads((...xs: tf.Tensor[]) =>
    loss(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs.slice(2) as tf.Scalar[]),
  )(inputs);
  const analytic = grads.flatMap((g) => Array.from(g.dataSync()));
  tf.dispose([...inputs, ...grads]);
  const x = [...flat(a), ...flat(b), ...scalars];
  const n = rows * cols;
  const numeric = numericGrad((v) => ref(unflat(v, 0, rows, cols), unflat(v, n, rows, cols), v.slice(2 * n)), x);
  expect(analytic.every(Number.isFinite)).toBe(true);
  expect(analytic.some((g) => Math.abs(g) > 1e-4)).toBe(true);
  for (let k = 0; k < x.length; k++) expect(analytic[k]).toBeCloseTo(numeric[k], 4);
}

describe("infoNceLoss", () => {
  const run = (opts: Parameters<typeof infoNceLoss>[2]) =>
    value(() => infoNceLoss(tf.tensor2d(img), tf.tensor2d(txt), opts));

  it("matches the reference", () => {
    expect(run({ logitScale: 1.5 })).toBeCloseTo(infoNceRef(img, txt, 1.5), 5);
    expect(run({ logitScale: CLIP_LOGIT_SCALE_INIT })).toBeCloseTo(infoNceRef(img, txt, CLIP_LOGIT_SCALE_INIT), 4);
  });

  it("is ln(B) for identical embeddings at any scale", () => {
    const same = Array.from({ length: 4 }, () => [1, 2, 3]);
    const v = value(() => infoNceLoss(tf.tensor2d(same), tf.tensor2d(same), { logitScale: 3 }));
    expect(v).toBeCloseTo(Math.log(4), 5);
  });

  it("excludes or shares same-caption items", () => {
    expect(run({ logitScale: 1, sameCaption: ids })).toBeCloseTo(infoNceRef(img, txt, 1, { ids }), 5);
    expect(run({ logitScale: 1, sameCaption: ids, duplicates: "share" })).toBeCloseTo(
      infoNceRef(img, txt, 1, { ids, mode: "share" }),
      5,
    );
    const mask = sameCaptionMask(ids);
    expect(run({ logitScale: 1, sameCaption: mask })).toBeCloseTo(infoNceRef(img, txt, 1, { ids }), 5);
    mask.dispose();
    // Distinct ids are the same as no ids.
    expect(run({ logitScale: 1, sameCaption: [4, 3, 2, 1, 0] })).toBeCloseTo(run({ logitScale: 1 }), 6);
  });

  it("reweights hard negatives; beta 0 is plain InfoNCE", () => {
    expect(run({ logitScale: 1, hardNegativeBeta: 0 })).toBeCloseTo(run({ logitScale: 1 }), 6);
    for (const beta of [0.5, 2]) {
      expect(run({ logitScale: 2, hardNegativeBeta: beta })).toBeCloseTo(infoNceRef(img, txt, 2, { beta }), 5);
      expect(run({ logitScale: 2, hardNegativeBeta: beta, sameCaption: ids })).toBeCloseTo(
        infoNceRef(img, txt, 2, { beta, ids }),
        5,
      );
    }
    // Up-weighting the high-scoring negatives raises the loss.
    expect(run({ logitScale: 2, hardNegativeBeta: 2 })).toBeGreaterThan(run({ logitScale: 2 }));
  });

  it("has the reference gradient in embeddings and logit scale", () => {
    checkGradient(
      (a, b, [s]) => infoNceLoss(a, b, { logitScale: s }),
      (a, b, [s]) => infoNceRef(a, b, s),
      [1.2],
    );
    checkGradient(
      (a, b, [s]) => infoNceLoss(a, b, { logitScale: s, sameCaption: ids, duplicates: "share" }),
      (a, b, [s]) => infoNceRef(a, b, s, { ids, mode: "share" }),
      [0.7],
    );
  });

  it("treats the hard-negative weights as constants in the gradient", () => {
    // Reference: weights computed from the unperturbed embeddings, only the logits vary.
    checkGradient(
      (a, b) => infoNceLoss(a, b, { logitScale: 1.5, hardNegativeBeta: 1, sameCaption: ids }),
      (a, b) => infoNceRef(a, b, 1.5, { beta: 1, ids, weightsFrom: [img, txt] }),
    );
  });

  it("trains a learnable scale through variableGrads and clamps it", () => {
    const scale = tf.variable(tf.scalar(CLIP_LOGIT_SCALE_INIT), true, "test_logit_scale");
    const a = tf.tensor2d(img);
    const b = tf.tensor2d(txt);
    const { value: v, grads } = tf.variableGrads(() => infoNceLoss(a, b, { logitScale: scale }), [scale]);
    const g = grads[scale.name].dataSync()[0];
    expect(Number.isFinite(g) && g !== 0).toBe(true);
    tf.dispose([v, a, b, ...Object.values(grads)]);
    scale.assign(tf.scalar(10));
    clampLogitScale(scale);
    expect(scale.dataSync()[0]).toBeCloseTo(CLIP_LOGIT_SCALE_MAX, 5);
    scale.assign(tf.scalar(-1));
    clampLogitScale(scale);
    expect(scale.dataSync()[0]).toBe(0);
    scale.dispose();
  });

  it("leaks no tensors", () => {
    const a = tf.tensor2d(img);
    const b = tf.tensor2d(txt);
    const before = tf.memory().numTensors;
    const loss = infoNceLoss(a, b, { logitScale: 1, sameCaption: ids, hardNegativeBeta: 1 });
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});

describe("siglipLoss", () => {
  const run = (opts: Parameters<typeof siglipLoss>[2]) =>
    value(() => siglipLoss(tf.tensor2d(img), tf.tensor2d(txt), opts));

  it("matches the reference with the paper's initial scale and bias", () => {
    const s = SIGLIP_LOGIT_SCALE_INIT;
    const b = SIGLIP_LOGIT_BIAS_INIT;
    expect(run({ logitScale: s, logitBias: b })).toBeCloseTo(siglipRef(img, txt, s, b), 4);
    expect(run({ logitScale: s, logitBias: b, reduction: "perPair" })).toBeCloseTo(
      siglipRef(img, txt, s, b, undefined, true),
      5,
    );
    expect(run({ logitScale: 1, logitBias: 0.5, sameCaption: ids })).toBeCloseTo(siglipRef(img, txt, 1, 0.5, ids), 5);
  });

  it("has the reference gradient in embeddings, scale and bias", () => {
    checkGradient(
      (a, b, [s, c]) => siglipLoss(a, b, { logitScale: s, logitBias: c, sameCaption: ids }),
      (a, b, [s, c]) => siglipRef(a, b, s, c, ids),
      [1.1, -2],
    );
  });
});

describe("tripletLoss", () => {
  const minings: TripletMining[] = ["hardest", "semi-hard", "all"];

  it("matches the reference for each mining", () => {
    for (const mining of minings) {
      for (const margin of [0.2, 0.5]) {
        const v = value(() => tripletLoss(tf.tensor2d(img), tf.tensor2d(txt), { margin, mining }));
        expect(v).toBeCloseTo(tripletRef(img, txt, margin, mining), 5);
        const w = value(() => tripletLoss(tf.tensor2d(img), tf.tensor2d(txt), { margin, mining, sameCaption: ids }));
        expect(w).toBeCloseTo(tripletRef(img, txt, margin, mining, ids), 5);
      }
    }
  });

  it("is zero when every pair is separated by more than the margin", () => {
    const e = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    for (const mining of minings) {
      expect(value(() => tripletLoss(tf.tensor2d(e), tf.tensor2d(e), { mining }))).toBe(0);
    }
  });

  it("uses the default margin 0.2 and hardest mining", () => {
    const v = value(() => tripletLoss(tf.tensor2d(img), tf.tensor2d(txt)));
    expect(v).toBeCloseTo(tripletRef(img, txt, 0.2, "hardest"), 5);
  });

  it("falls back to the farthest negative in semi-hard mining", () => {
    // Positives are far (d = 1), negatives all closer: no semi-hard negative exists.
    const a = [
      [1, 0],
      [0, 1],
    ];
    const b = [
      [0, 1],
      [1, 0.01],
    ];
    const v = value(() => tripletLoss(tf.tensor2d(a), tf.tensor2d(b), { mining: "semi-hard" }));
    expect(v).toBeCloseTo(tripletRef(a, b, 0.2, "semi-hard"), 5);
    expect(v).toBeGreaterThan(0.2);
  });

  it("has the reference gradient", () => {
    for (const mining of minings) {
      checkGradient(
        (a, b) => tripletLoss(a, b, { margin: 0.5, mining }),
        (a, b) => tripletRef(a, b, 0.5, mining),
      );
    }
  });
});

describe("crossEntropyLoss", () => {
  const logits = [
    [2, -1, 0.5],
    [0, 0, 0],
    [-3, 4, 1],
  ];
  const labels = [0, 2, 1];

  it("matches the reference from numbers or tensor labels", () => {
    expect(value(() => crossEntropyLoss(tf.tensor2d(logits), labels))).toBeCloseTo(crossEntropyRef(logits, labels), 5);
    const t = tf.tensor1d(labels, "int32");
    expect(value(() => crossEntropyLoss(tf.tensor2d(logits), t))).toBeCloseTo(crossEntropyRef(logits, labels), 5);
    t.dispose();
  });

  it("is stable for huge logits", () => {
    const big = [
      [1000, -1000, 0],
      [500, 510, 0],
    ];
    const v = value(() => crossEntropyLoss(tf.tensor2d(big), [0, 0]));
    expect(v).toBeCloseTo(5, 3); // row 0 contributes ~0, row 1 ~10
  });

  it("has the reference gradient", () => {
    const x = tf.tensor2d(logits);
    const g = tf.grad((l: tf.Tensor) => crossEntropyLoss(l as tf.Tensor2D, labels))(x);
    const numeric = numericGrad((v) => crossEntropyRef(unflat(v, 0, 3, 3), labels), logits.flat());
    Array.from(g.dataSync()).forEach((a, k) => expect(a).toBeCloseTo(numeric[k], 4));
    tf.dispose([x, g]);
  });
});

describe("weightedSum", () => {
  it("adds weighted terms", () => {
    const v = value(() =>
      weightedSum([
        { weight: 1, value: tf.scalar(2) },
        { weight: 0.5, value: tf.scalar(3) },
      ]),
    );
    expect(v).toBeCloseTo(3.5, 6);
  });
});
