import { describe, expect, it } from "vitest";
import { flattenRetrieval, retrievalMetrics } from "../../src/runtime/eval/retrieval.js";
import { gaussian, oneHots, rows } from "./helpers.js";

describe("retrievalMetrics", () => {
  it("is perfect when each caption embeds onto its own image", () => {
    const e = oneHots(20, 3); // scale is irrelevant after normalisation
    const m = retrievalMetrics(e, oneHots(20), 20);
    for (const d of [m.textToImage, m.imageToText]) {
      expect(d.recall).toEqual({ 1: 1, 5: 1, 10: 1 });
      expect(d.medianRank).toBe(1);
      expect(d.meanRank).toBe(1);
    }
    expect(m.count).toBe(20);
  });

  it("ranks the own item last when captions point away from their images", () => {
    const n = 12;
    const text = oneHots(n, -1);
    // Image i is e_i plus a little of every other axis, so text i scores its own image
    // at about -1 and every other image slightly below 0 ... but above -1: no ties.
    const image = new Float32Array(n * n).fill(0.01);
    for (let i = 0; i < n; i++) image[i * n + i] = 1;
    const m = retrievalMetrics(text, image, n, { ks: [1, 11, 12] });
    for (const d of [m.textToImage, m.imageToText]) {
      expect(d.recall).toEqual({ 1: 0, 11: 0, 12: 1 });
      expect(d.medianRank).toBe(n);
      expect(d.meanRank).toBe(n);
    }
  });

  it("takes the expectation over tied scores", () => {
    // Text i is image i+1 (cyclic): one wrong image above, the own image tied with n-2
    // wrong ones at score 0, so rank is uniform on 2..n: mean 2 + (n-2)/2.
    const n = 10;
    const text = new Float32Array(n * n);
    for (let i = 0; i < n; i++) text[i * n + ((i + 1) % n)] = 1;
    const m = retrievalMetrics(text, oneHots(n), n);
    expect(m.textToImage.recall[1]).toBe(0);
    expect(m.textToImage.recall[5]).toBeCloseTo(4 / 9, 12);
    expect(m.textToImage.recall[10]).toBe(1);
    expect(m.textToImage.meanRank).toBe(6);
    expect(m.textToImage.medianRank).toBe(6);
  });

  it("gives identical embeddings exactly chance", () => {
    const n = 1000;
    const e = new Float32Array(n * 4).fill(0.5);
    const m = retrievalMetrics(e, e, 4);
    expect(m.textToImage.recall[1]).toBeCloseTo(1 / n, 12);
    expect(m.textToImage.recall[10]).toBeCloseTo(10 / n, 12);
    expect(m.imageToText.meanRank).toBeCloseTo((n + 1) / 2, 9);
    expect(m.imageToText.medianRank).toBe(500); // floor(499.5) + 1, OpenCLIP's convention
  });

  it("counts an item with the same caption as a hit", () => {
    // Items 0 and 1 have one caption; both captions embed onto image 0.
    const n = 6;
    const image = oneHots(n);
    const text = oneHots(n);
    text.set([1, 0, 0, 0, 0, 0], n);
    const captionIds = [0, 0, 1, 2, 3, 4];
    const without = retrievalMetrics(text, image, n);
    const withIds = retrievalMetrics(text, image, n, { captionIds });
    // Text 1: image 0 above its own image, which ties with four others at 0: rank 2 + 4/2.
    expect(without.textToImage.meanRank).toBeCloseTo((5 * 1 + 4) / 6, 12);
    expect(withIds.textToImage.meanRank).toBe(1);
    expect(withIds.textToImage.recall[1]).toBe(1);
    // Image 1 scores every text 0: its two correct texts count as one, tied with four
    // wrong ones, rank uniform on 1..5. Image 0 finds text 0 or 1 first: rank 1.
    expect(withIds.imageToText.recall[1]).toBeCloseTo((5 + 1 / 5) / 6, 12);
    expect(withIds.imageToText.meanRank).toBeCloseTo((5 + 3) / 6, 12);
  });

  it("matches a sort-based reference on random embeddings", () => {
    const n = 101;
    const dim = 8;
    const text = gaussian(n * dim, 1);
    const image = gaussian(n * dim, 2);
    // tieEps 0: the reference breaks near-ties by value, so only exact ties may count.
    const m = retrievalMetrics(text, image, dim, { ks: [1, 3, 10, 50], tieEps: 0 });
    const norm = (x: Float32Array, i: number) => {
      const v = Array.from(x.subarray(i * dim, (i + 1) * dim));
      const l = Math.hypot(...v);
      return v.map((a) => a / l);
    };
    const cos = (a: number[], b: number[]) => a.reduce((s, x, k) => s + x * b[k], 0);
    const ranks = (query: Float32Array, gallery: Float32Array) =>
      Array.from({ length: n }, (_, q) => {
        const order = Array.from({ length: n }, (_, j) => j).sort(
          (a, b) => cos(norm(query, q), norm(gallery, b)) - cos(norm(query, q), norm(gallery, a)),
        );
        return order.indexOf(q); // 0-based
      });
    for (const [d, r] of [
      [m.textToImage, ranks(text, image)],
      [m.imageToText, ranks(image, text)],
    ] as const) {
      for (const k of [1, 3, 10, 50]) expect(d.recall[k]).toBeCloseTo(r.filter((x) => x < k).length / n, 12);
      expect(d.meanRank).toBeCloseTo(r.reduce((s, x) => s + x, 0) / n + 1, 9);
      const sorted = [...r].sort((a, b) => a - b);
      expect(d.medianRank).toBe(sorted[(n - 1) / 2] + 1);
    }
  });

  it("scores random embeddings near chance, fast enough for thousands of items", () => {
    const n = 1000;
    const dim = 64;
    const m = retrievalMetrics(gaussian(n * dim, 3), gaussian(n * dim, 4), dim);
    for (const d of [m.textToImage, m.imageToText]) {
      expect(Math.abs(d.recall[10] - 0.01)).toBeLessThan(0.01); // 3 standard deviations
      expect(Math.abs(d.meanRank - 500.5)).toBeLessThan(40);
    }
    const big = 4000;
    const start = performance.now();
    const b = retrievalMetrics(gaussian(big * 128, 5), gaussian(big * 128, 6), 128);
    const seconds = (performance.now() - start) / 1000;
    expect(b.count).toBe(big);
    expect(seconds).toBeLessThan(30);
  });

  it("flattens to OpenCLIP-style names", () => {
    const f = flattenRetrieval(retrievalMetrics(oneHots(3), oneHots(3), 3, { ks: [1] }));
    expect(f).toEqual({
      "text_to_image_R@1": 1,
      text_to_image_median_rank: 1,
      text_to_image_mean_rank: 1,
      "image_to_text_R@1": 1,
      image_to_text_median_rank: 1,
      image_to_text_mean_rank: 1,
      mean_recall: 1,
    });
  });

  it("rejects mismatched inputs", () => {
    expect(() => retrievalMetrics(new Float32Array(6), new Float32Array(4), 2)).toThrow(/3 texts but 2 images/);
    expect(() => retrievalMetrics(new Float32Array(5), new Float32Array(5), 2)).toThrow(/multiple/);
    expect(() => retrievalMetrics(rows([[1, 0]]), rows([[1, 0]]), 2, { captionIds: [0, 1] })).toThrow(/caption ids/);
  });
});
