import { describe, expect, it } from "vitest";
import { describeData, loadData } from "../../src/runtime/data/index.js";
import type { DataArg, DataBundle, SplitData } from "../../src/runtime/data/types.js";
import { tokenize } from "../../src/runtime/data/tokenizer.js";
import { SHAPE_NAMES } from "../../src/runtime/data/shapeDraw.js";
import { COLOURS } from "../../src/runtime/data/shapes.js";
import { inUnitRange, sameValues } from "./helpers.js";

const shapes = (args: Record<string, DataArg> = {}, seqLen = 12): DataBundle =>
  loadData({ kind: "shapes", args: { train: 400, test: 100, ...args }, baseDir: ".", seqLen });

const PIXELS = 32 * 32 * 3;
const image = (split: SplitData, i: number) => split.images.subarray(i * PIXELS, (i + 1) * PIXELS);
const sortedWords = (caption: string) => tokenize(caption).sort().join(" ");
/** The colour-shape pairs a caption names, e.g. ["red circle", "blue square"]. */
const pairsOf = (caption: string) => [...caption.matchAll(/an? (\w+) (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);

describe("data shapes", () => {
  it("is a pure function of the seed", () => {
    const a = shapes({ seed: 3 });
    const b = shapes({ seed: 3 });
    const c = shapes({ seed: 4 });
    expect(a.train.captions).toEqual(b.train.captions);
    expect(sameValues(a.train.images, b.train.images)).toBe(true);
    expect(sameValues(a.test.images, b.test.images)).toBe(true);
    expect(sameValues(a.test.tokens, b.test.tokens)).toBe(true);
    expect(a.train.captions).not.toEqual(c.train.captions);
    expect(a.test.captions).not.toEqual(a.train.captions.slice(0, 100));
  });

  it("comes in swap groups of 4 consecutive items with the same words and different meanings", () => {
    const { train } = shapes();
    expect(train.groups).toBeDefined();
    for (let g = 0; g < train.count / 4; g++) {
      const items = [0, 1, 2, 3].map((v) => 4 * g + v);
      expect(items.map((i) => train.groups![i])).toEqual([g, g, g, g]);
      const captions = items.map((i) => train.captions[i]!);
      expect(new Set(captions).size).toBe(4);
      expect(new Set(captions.map(sortedWords)).size).toBe(1);
      for (let i = 0; i < 4; i++)
        for (let j = i + 1; j < 4; j++) expect(sameValues(image(train, items[i]!), image(train, items[j]!))).toBe(false);
      // The two objects differ in colour and in shape.
      const [first, second] = pairsOf(captions[0]!).map((p) => p.split(" "));
      expect(first![0]).not.toBe(second![0]);
      expect(first![1]).not.toBe(second![1]);
    }
  });

  it("captions each variant exactly: colours swap, then positions, then both", () => {
    const { train } = shapes({ train: 4 });
    const [original, colours, order, both] = train.captions.map((c) => pairsOf(c).map((p) => p.split(" ")));
    const [[ca, sa], [cb, sb]] = original as [[string, string], [string, string]];
    expect(colours).toEqual([[cb, sa], [ca, sb]]);
    expect(order).toEqual([[cb, sb], [ca, sa]]);
    expect(both).toEqual([[ca, sb], [cb, sa]]);
    expect(train.captions[0]).toMatch(/^an? \w+ \w+ (left of|above) an? \w+ \w+$/);
  });

  it("puts the first-named object left of (or above) the second one in the pixels", () => {
    const { train } = shapes({ train: 200 });
    for (let i = 0; i < train.count; i++) {
      const [first, second] = pairsOf(train.captions[i]!).map((p) => COLOURS[p.split(" ")[0]!]!);
      const leftOf = train.captions[i]!.includes("left of");
      const centre = (rgb: readonly number[]) => {
        let sum = 0;
        let n = 0;
        const pixels = image(train, i);
        for (let p = 0; p < 32 * 32; p++) {
          const close = Math.abs(pixels[3 * p]! - rgb[0]!) + Math.abs(pixels[3 * p + 1]! - rgb[1]!) + Math.abs(pixels[3 * p + 2]! - rgb[2]!) < 0.2;
          if (close) {
            sum += leftOf ? p % 32 : Math.floor(p / 32);
            n++;
          }
        }
        expect(n).toBeGreaterThan(5);
        return sum / n;
      };
      expect(centre(first!)).toBeLessThan(centre(second!));
    }
  });

  it("has the documented vocabulary, classes, labels and pixel range", () => {
    const data = shapes({ train: 2000 });
    // <pad> <unk> a an above left of + 8 colours + 6 shapes
    expect(data.info.vocabSize).toBe(2 + 5 + 8 + 6);
    expect(data.info.classes).toEqual([...SHAPE_NAMES]);
    expect(data.info.maxCaptionWords).toBe(8);
    expect(data.info.hasGroups).toBe(true);
    data.train.captions.forEach((caption, i) => expect(SHAPE_NAMES[data.train.labels![i]!]).toBe(pairsOf(caption)[0]!.split(" ")[1]));
    expect(inUnitRange(data.train.images)).toBe(true);
    expect(data.train.tokens.length).toBe(data.train.count * 12);
    expect(Math.max(...data.train.tokens)).toBeLessThan(data.info.vocabSize);
    expect(data.train.tokens.includes(1)).toBe(false); // no <unk> in training captions
  });

  it("rounds counts up to whole groups, and describeData agrees with loadData", () => {
    const args = { train: 10, test: 5, seed: 11 };
    const info = describeData({ kind: "shapes", args, baseDir: ".", seqLen: 6 });
    const data = loadData({ kind: "shapes", args, baseDir: ".", seqLen: 6 });
    expect(info).toEqual(data.info);
    expect([data.train.count, data.test.count]).toEqual([12, 8]);
    expect(data.train.images.length).toBe(12 * PIXELS);
  });

  it("keeps held-out colour-shape pairs out of train and puts one in every test group", () => {
    const data = shapes({ train: 800, test: 200, holdout: ["red circle", "Blue Square"] });
    const held = new Set(["red circle", "blue square"]);
    for (const caption of data.train.captions) for (const pair of pairsOf(caption)) expect(held.has(pair)).toBe(false);
    for (let g = 0; g < data.test.count / 4; g++) {
      const pairs = data.test.captions.slice(4 * g, 4 * g + 4).flatMap(pairsOf);
      expect(pairs.some((pair) => held.has(pair))).toBe(true);
    }
    expect(() => shapes({ holdout: ["red circel"] })).toThrow(/holdout pair "red circel"/);
  });

  it("supports other image sizes", () => {
    const data = shapes({ train: 4, test: 4, size: 48 });
    expect(data.info.imageSize).toEqual([48, 48, 3]);
    expect(data.train.images.length).toBe(4 * 48 * 48 * 3);
  });

  it("generates the default 9000 images fast", () => {
    const start = performance.now();
    const data = loadData({ kind: "shapes", args: {}, baseDir: ".", seqLen: 12 });
    const seconds = (performance.now() - start) / 1000;
    expect(data.train.count + data.test.count).toBe(9000);
    expect(seconds).toBeLessThan(3);
  });
});
