// Zero-shot scoring (src/runtime/eval/zeroShot.ts): class embeddings are the renormalised
// mean of unit prompt embeddings; ties go to the lower class, so alike embeddings predict one
// class instead of scoring every class at once.
import { describe, expect, it } from "vitest";
import { classEmbeddings, classPrompts, zeroShotScores } from "../../src/runtime/eval/zeroShot.js";

const f32 = (rows: number[][]) => Float32Array.from(rows.flat());

describe("zero-shot scoring", () => {
  it("fills every {} of every template with each class name, class by class", () => {
    expect(classPrompts(["cat", "dog"], ["a {}", "a {} and a {}"])).toEqual(["a cat", "a cat and a cat", "a dog", "a dog and a dog"]);
  });

  it("averages unit prompt embeddings, so a long prompt vector does not outweigh a short one", () => {
    // Class 0: prompts along x (length 10) and y (length 1): the mean of the unit vectors is the diagonal.
    const classes = classEmbeddings(f32([[10, 0], [0, 1], [0, 3], [0, 5]]), 2, 2);
    expect(classes[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(classes[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect([classes[2], classes[3]]).toEqual([0, 1]);
  });

  it("scores top-1, top-k, per-class accuracy and the confusion matrix", () => {
    const classes = f32([[1, 0], [0, 1], [-1, 0]]);
    // Images 0, 1 are class 0 (one right, one taken for class 1), image 2 is class 2 (right).
    const r = zeroShotScores(f32([[1, 0.1], [0.1, 1], [-2, 0]]), classes, 2, [0, 0, 2], ["a", "b", "c"], ["{}"]);
    expect(r.top1).toBeCloseTo(2 / 3, 12);
    expect(r.k).toBe(3);
    expect(r.top5).toBe(1);
    expect(r.chance).toEqual({ top1: 1 / 3, top5: 1 });
    expect(r.confusion).toEqual([[1, 1, 0], [0, 0, 0], [0, 0, 1]]);
    expect(r.perClass).toEqual([{ name: "a", count: 2, accuracy: 0.5 }, { name: "b", count: 0, accuracy: null }, { name: "c", count: 1, accuracy: 1 }]);
  });

  it("gives a model whose embeddings are all alike one class's share, not full marks", () => {
    const classes = f32([[1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [1, 0]]);
    const labels = [0, 1, 2, 3, 4, 5, 6];
    const r = zeroShotScores(f32(labels.map(() => [1, 0])), classes, 2, labels, labels.map(String), ["{}"]);
    expect(r.top1).toBeCloseTo(1 / 7, 12);
    expect(r.k).toBe(5);
    expect(r.top5).toBeCloseTo(5 / 7, 12);
    expect(r.confusion.map((row) => row[0])).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
