import { describe, expect, it } from "vitest";
import { groupScores } from "../../src/runtime/eval/retrieval.js";
import { gaussian, oneHots, rows } from "./helpers.js";

const angle = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];

describe("groupScores", () => {
  it("is 1 everywhere for a model that tells every member apart", () => {
    const e = oneHots(8);
    const s = groupScores(e, e, 8, [0, 0, 0, 0, 1, 1, 1, 1]);
    expect(s).toEqual({
      groups: 2,
      items: 8,
      groupTextAcc: 1,
      groupImageAcc: 1,
      groupScore: 1,
      groupStrict: 1,
      textChance: 0.25,
      imageChance: 0.25,
      chance: 0.25,
    });
  });

  it("gives exactly chance (0.25) to a model that embeds a group's four captions identically", () => {
    // Every caption embeds to the same vector, closest to image 0: all four captions pick
    // image 0 (one of four right), and each image sees four tied captions (1/4 each).
    const caption = [1, 0.5, 0.2, 0.1];
    const text = rows([caption, caption, caption, caption]);
    const s = groupScores(text, oneHots(4), 4, [7, 7, 7, 7]);
    expect(s.groupTextAcc).toBe(0.25);
    expect(s.groupImageAcc).toBe(0.25);
    expect(s.groupScore).toBe(0.25);
    expect(s.groupStrict).toBe(0);
  });

  it("is chance, and strict the product of tie credits, when all scores are equal", () => {
    const e = new Float32Array(4 * 3).fill(1);
    const s = groupScores(e, e, 3, [0, 0, 0, 0]);
    expect(s.groupScore).toBe(0.25);
    expect(s.groupStrict).toBeCloseTo(0.25 ** 8, 15);
  });

  it("scores each direction separately", () => {
    // Images on the axes; caption 0 at 30 degrees picks image 0, caption 1 at 40 degrees
    // also picks image 0 (wrong). Image 0 prefers caption 0 (right), image 1 caption 1 (right).
    const text = rows([angle(30), angle(40)]);
    const image = rows([angle(0), angle(90)]);
    const s = groupScores(text, image, 2, [5, 5]);
    expect(s.groupTextAcc).toBe(0.5);
    expect(s.groupImageAcc).toBe(1);
    expect(s.groupScore).toBe(0.75);
    expect(s.groupStrict).toBe(0);
    expect(s.chance).toBe(0.5);
  });

  it("judges only within groups, which need not be consecutive, and skips singletons", () => {
    // Items 0 and 2 form group 1, items 1 and 3 group 2, item 4 is alone. Across groups
    // captions point at the wrong items, which must not matter.
    const text = rows([angle(0), angle(0), angle(90), angle(90), angle(45)]);
    const image = rows([angle(0), angle(90), angle(90), angle(0), angle(180)]);
    const s = groupScores(text, image, 2, [1, 2, 1, 2, 3]);
    expect(s.groups).toBe(2);
    expect(s.items).toBe(4);
    // Group 1 (items 0, 2) is right both ways; group 2 (items 1, 3) is swapped.
    expect(s.groupTextAcc).toBe(0.5);
    expect(s.groupImageAcc).toBe(0.5);
    expect(s.groupStrict).toBe(0.5);
  });

  it("treats members with equal captions as interchangeable", () => {
    // Two items of a group share a caption; both captions embed to image 0's direction,
    // and image 1 lies 20 degrees off it.
    const text = rows([angle(0), angle(0), angle(90)]);
    const image = rows([angle(0), angle(20), angle(90)]);
    const plain = groupScores(text, image, 2, [0, 0, 0]);
    const ids = groupScores(text, image, 2, [0, 0, 0], { captionIds: [4, 4, 9] });
    // Without ids caption 1 picks image 0 (wrong), and images 0 and 1 each see captions
    // 0 and 1 tied (1/2 each).
    expect(plain.groupTextAcc).toBeCloseTo(2 / 3, 12);
    expect(plain.groupImageAcc).toBeCloseTo((1 / 2 + 1 / 2 + 1) / 3, 12);
    // With ids either image / caption of the shared caption is right.
    expect(ids.groupTextAcc).toBe(1);
    expect(ids.groupImageAcc).toBe(1);
    // Random ranking: a caption with two of the three images finds one first 2/3 of the
    // time; an image picks among two distinct captions.
    expect(ids.textChance).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3, 12);
    expect(ids.imageChance).toBe(1 / 2);
    expect(ids.chance).toBeCloseTo((5 / 9 + 1 / 2) / 2, 12);
  });

  it("is near chance for random embeddings", () => {
    const n = 4000;
    const dim = 32;
    const groups = Int32Array.from({ length: n }, (_, i) => i >> 2);
    const s = groupScores(gaussian(n * dim, 7), gaussian(n * dim, 8), dim, groups);
    expect(s.groups).toBe(1000);
    expect(Math.abs(s.groupScore - 0.25)).toBeLessThan(0.03);
    expect(s.groupStrict).toBeLessThan(0.05);
  });
});
