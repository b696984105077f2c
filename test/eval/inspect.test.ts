import { describe, expect, it } from "vitest";
import { similarityMatrix, topK } from "../../src/runtime/eval/retrieval.js";
import { rows } from "./helpers.js";

describe("similarityMatrix", () => {
  it("gives cosine scores of the first n texts (rows) against the first n images", () => {
    const text = rows([
      [2, 0],
      [0, 3],
      [1, 1],
    ]);
    const image = rows([
      [1, 1],
      [0, -1],
      [5, 5],
    ]);
    const m = similarityMatrix(text, image, 2, 2);
    expect(m.length).toBe(4);
    const expected = [Math.SQRT1_2, 0, Math.SQRT1_2, -1];
    Array.from(m).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 6));
    expect(similarityMatrix(text, image, 2, 10).length).toBe(9); // capped at the item count
  });
});

describe("topK", () => {
  it("returns the best gallery items, equal scores in index order", () => {
    const gallery = rows([
      [0, 1],
      [1, 0],
      [2, 0],
      [1, 1],
      [-1, 0],
    ]);
    const queries = rows([
      [0, 1],
      [3, 0],
    ]);
    const r = topK(queries, gallery, 2, 1, 4);
    expect(r.indices).toEqual([1, 2, 3, 0]);
    r.scores.forEach((s, k) => expect(s).toBeCloseTo([1, 1, Math.SQRT1_2, 0][k], 6));
    expect(topK(queries, gallery, 2, 0, 10).indices).toEqual([0, 3, 1, 2, 4]);
    expect(() => topK(queries, gallery, 2, 2, 1)).toThrow(/out of range/);
  });
});
