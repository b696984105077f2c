// Retrieval when captions repeat (class-style captions, many copies each): image -> text
// ranks over the distinct captions, text -> image finds any image of the caption, and the
// reported chance is that of these metrics, checked against random embeddings.
import { describe, expect, it } from "vitest";
import { flattenRetrievalChance } from "../../src/runtime/eval/chance.js";
import { flattenRetrieval, retrievalMetrics } from "../../src/runtime/eval/retrieval.js";
import { gaussian } from "./helpers.js";

/** Caption id of item i: `distinct` captions, each repeated `copies` times, interleaved. */
function repeatedIds(distinct: number, copies: number): Int32Array {
  return Int32Array.from({ length: distinct * copies }, (_, i) => i % distinct);
}

/** Random embeddings where every copy of a caption embeds identically, as a real text tower does. */
function randomTrial(ids: Int32Array, distinct: number, dim: number, seed: number): { texts: Float32Array; images: Float32Array } {
  const perCaption = gaussian(distinct * dim, 2 * seed + 1);
  const texts = new Float32Array(ids.length * dim);
  ids.forEach((id, i) => texts.set(perCaption.subarray(id * dim, (id + 1) * dim), i * dim));
  return { texts, images: gaussian(ids.length * dim, 2 * seed + 2) };
}

const KS = [1, 5, 10];

describe("retrieval on repeated captions", () => {
  it("reports a chance that random embeddings reach (within 10%)", () => {
    const distinct = 12;
    const ids = repeatedIds(distinct, 5);
    const dim = 16;
    const trials = 2000;
    const sums: Record<string, number> = {};
    for (let t = 0; t < trials; t++) {
      const { texts, images } = randomTrial(ids, distinct, dim, t);
      const flat = flattenRetrieval(retrievalMetrics(texts, images, dim, { ks: KS, captionIds: ids }));
      for (const [key, v] of Object.entries(flat)) sums[key] = (sums[key] ?? 0) + v;
    }
    const chance = flattenRetrievalChance(ids, KS);
    for (const key of ["R@1", "R@5", "R@10", "mean_rank"].flatMap((m) => [`text_to_image_${m}`, `image_to_text_${m}`])) {
      const simulated = sums[key]! / trials;
      expect(Math.abs(simulated - chance[key]!) / chance[key]!, `${key}: simulated ${simulated}, reported ${chance[key]}`).toBeLessThan(0.1);
    }
    // The metric the old code divided by: k / distinct for both directions. Text -> image
    // R@5 with 5 correct images in 60 is 1 - C(55,5)/C(60,5), not 5/12.
    expect(chance["text_to_image_R@5"]).toBeCloseTo(1 - (55 * 54 * 53 * 52 * 51) / (60 * 59 * 58 * 57 * 56), 12);
    expect(chance["image_to_text_R@5"]).toBeCloseTo(5 / 12, 12);
  });

  it("keeps R@1 <= R@5 <= R@10 and the image -> text median rank within the distinct captions", () => {
    // 50 captions x 20 copies, as in the report that found the bug: each image half-aligned
    // with its caption, so the model has clearly learned something.
    const distinct = 50;
    const ids = repeatedIds(distinct, 20);
    const dim = 32;
    const { texts } = randomTrial(ids, distinct, dim, 99);
    const noise = gaussian(ids.length * dim, 7);
    const images = texts.map((x, j) => x + 1.5 * noise[j]!);
    const m = retrievalMetrics(texts, images, dim, { captionIds: ids });
    expect(m.distinctCaptions).toBe(50);
    for (const d of [m.textToImage, m.imageToText]) {
      expect(d.recall[1]).toBeLessThanOrEqual(d.recall[5]!);
      expect(d.recall[5]).toBeLessThanOrEqual(d.recall[10]!);
    }
    expect(m.imageToText.recall[1]).toBeLessThan(m.imageToText.recall[10]!); // no longer one value
    expect(m.imageToText.medianRank).toBeLessThanOrEqual(distinct);
    expect(m.imageToText.meanRank).toBeLessThanOrEqual(distinct);
    const chance = flattenRetrievalChance(ids, KS);
    expect(m.imageToText.recall[10]).toBeGreaterThan(chance["image_to_text_R@10"]!);
    expect(m.textToImage.recall[1]).toBeGreaterThan(chance["text_to_image_R@1"]!);
  });

  it("gives the old values when every caption is distinct", () => {
    const ids = Int32Array.from({ length: 100 }, (_, i) => i);
    const c = flattenRetrievalChance(ids, KS);
    for (const dir of ["text_to_image", "image_to_text"]) {
      expect(c[`${dir}_R@1`]).toBeCloseTo(0.01, 12);
      expect(c[`${dir}_R@10`]).toBeCloseTo(0.1, 12);
      expect(c[`${dir}_median_rank`]).toBe(50);
      expect(c[`${dir}_mean_rank`]).toBeCloseTo(50.5, 12);
    }
  });

  it("gives identical embeddings exactly the reported chance", () => {
    const ids = repeatedIds(10, 4);
    const e = new Float32Array(ids.length * 3).fill(1);
    const m = flattenRetrieval(retrievalMetrics(e, e, 3, { ks: KS, captionIds: ids }));
    const c = flattenRetrievalChance(ids, KS);
    for (const key of KS.flatMap((k) => [`text_to_image_R@${k}`, `image_to_text_R@${k}`])) expect(m[key]).toBeCloseTo(c[key]!, 12);
    expect(m["text_to_image_mean_rank"]).toBeCloseTo(c["text_to_image_mean_rank"]!, 12);
    expect(m["image_to_text_mean_rank"]).toBeCloseTo(c["image_to_text_mean_rank"]!, 12);
  });
});
