import { describe, expect, it } from "vitest";
import { describeData, loadData } from "../../src/runtime/data/index.js";
import type { DataArg } from "../../src/runtime/data/types.js";
import { inUnitRange, sameValues } from "./helpers.js";

const noise = (args: Record<string, DataArg> = {}, seqLen = 12) =>
  loadData({ kind: "noise", args: { train: 200, test: 50, ...args }, baseDir: ".", seqLen });

describe("data noise", () => {
  it("has exactly `vocab` entries and random ids that are never <pad> or <unk>", () => {
    const data = noise({ vocab: 40 });
    expect(data.info.vocabSize).toBe(40);
    expect(data.vocab.words.slice(0, 3)).toEqual(["<pad>", "<unk>", "w2"]);
    const tokens = [...data.train.tokens, ...data.test.tokens];
    expect(Math.min(...tokens)).toBe(2);
    expect(Math.max(...tokens)).toBe(39);
    // Captions spell the ids they encode.
    expect(data.train.captions[0]).toBe([...data.train.tokens.subarray(0, 12)].map((t) => `w${t}`).join(" "));
  });

  it("writes `words` ids per caption, padded or truncated to the token length", () => {
    const short = noise({ words: 3 }, 5);
    expect(short.info.maxCaptionWords).toBe(3);
    expect([...short.train.tokens.subarray(0, 5)].slice(3)).toEqual([0, 0]);
    const long = noise({}, 5);
    expect(long.info.maxCaptionWords).toBe(12);
    expect(long.train.tokens.length).toBe(200 * 5);
    expect(long.train.tokens.includes(0)).toBe(false);
  });

  it("has uniform pixels and labels in range, reproducibly", () => {
    const a = noise({ classes: 4, seed: 2 });
    const b = noise({ classes: 4, seed: 2 });
    const c = noise({ classes: 4, seed: 3 });
    expect(a.info.imageSize).toEqual([32, 32, 3]);
    expect(a.info.classes).toEqual(["class0", "class1", "class2", "class3"]);
    expect(inUnitRange(a.train.images)).toBe(true);
    const mean = a.train.images.reduce((s, v) => s + v, 0) / a.train.images.length;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(new Set(a.train.labels)).toEqual(new Set([0, 1, 2, 3]));
    expect(sameValues(a.train.images, b.train.images)).toBe(true);
    expect(sameValues(a.train.tokens, b.train.tokens)).toBe(true);
    expect(sameValues(a.train.images, c.train.images)).toBe(false);
    expect(sameValues(a.train.images.subarray(0, 3072), a.test.images.subarray(0, 3072))).toBe(false);
  });

  it("describes itself as it loads", () => {
    const req = { kind: "noise", args: { train: 30, test: 10, vocab: 64, classes: 3, size: 8 }, baseDir: ".", seqLen: 4 };
    expect(describeData(req)).toEqual(loadData(req).info);
  });
});
