import { describe, expect, it } from "vitest";
import { describeData, loadData } from "../../src/runtime/data/index.js";
import { emojiCatalog } from "../../src/runtime/data/emoji.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { rgbaToRgb } from "../../src/runtime/data/image.js";
import { inUnitRange } from "./helpers.js";

const PACKAGES = join(import.meta.dirname, "../../node_modules");

/** English name -> the file name of its single-emoji image in an emoji-datasource package. */
function imageFiles(vendor: string): Map<string, string> {
  const read = (path: string) => JSON.parse(readFileSync(join(PACKAGES, path), "utf8"));
  const strip = (code: string) => code.toUpperCase().replace(/-FE0F/g, "").replace(/^FE0F-?/, "");
  const names = new Map<string, string>();
  for (const e of read("emojibase-data/en/data.json")) for (const x of [e, ...(e.skins ?? [])]) names.set(strip(x.hexcode), x.label);
  const files = new Map<string, string>();
  for (const e of read(`emoji-datasource-${vendor}/emoji.json`)) {
    for (const x of [e, ...Object.values(e.skin_variations ?? {})] as { unified: string; image: string }[]) {
      const name = names.get(strip(x.unified));
      if (name) files.set(name, x.image);
    }
  }
  return files;
}

const PIXELS = 32 * 32 * 3;

describe("data emoji", () => {
  it("joins both artists' sheets with the English names (3786 emoji, unique names)", () => {
    const { items, groups } = emojiCatalog();
    expect(items.length).toBeGreaterThan(3000);
    expect(items.length).toBe(3786);
    expect(new Set(items.map((item) => item.name)).size).toBe(items.length);
    expect(groups).toContain("smileys & emotion");
    expect(items.map((item) => item.name)).toContain("grinning face");
    expect(items.map((item) => item.name)).toContain("waving hand: dark skin tone");
  });

  it("loads both artists' drawings of the same emoji, not blank, in [0, 1]", () => {
    const data = loadData({ kind: "emoji", args: {}, baseDir: ".", seqLen: 8 });
    expect(data.train.count).toBe(3786);
    expect(data.test.captions).toEqual(data.train.captions);
    expect(data.info.trainCount).toBe(data.info.testCount);
    expect(inUnitRange(data.train.images)).toBe(true);
    expect(inUnitRange(data.test.images)).toBe(true);
    for (const split of [data.train, data.test]) {
      for (let i = 0; i < 50; i++) {
        const crop = split.images.subarray(i * PIXELS, (i + 1) * PIXELS);
        const ink = crop.filter((v) => v < 0.9).length;
        expect(ink).toBeGreaterThan(30); // something is drawn on the white background
      }
      // Most corners are background (a few emoji, like keycaps, fill their cell).
      let whiteCorners = 0;
      for (let i = 0; i < split.count; i++) if (split.images[i * PIXELS]! > 0.9) whiteCorners++;
      expect(whiteCorners / split.count).toBeGreaterThan(0.8);
    }
    // The two artists draw differently.
    let difference = 0;
    for (let i = 0; i < 100 * PIXELS; i++) difference += Math.abs(data.train.images[i]! - data.test.images[i]!);
    expect(difference / (100 * PIXELS)).toBeGreaterThan(0.03);
    expect(data.train.labels!.every((l) => l >= 0 && l < data.info.classes.length)).toBe(true);
  });

  it("takes a seeded subset under `limit`, resizes, and describes itself cheaply", () => {
    const args = { limit: 40, size: 16, seed: 5, train: "twemoji", test: "noto" };
    const data = loadData({ kind: "emoji", args, baseDir: ".", seqLen: 8 });
    expect(data.train.count).toBe(40);
    expect(data.info.imageSize).toEqual([16, 16, 3]);
    expect(data.train.images.length).toBe(40 * 16 * 16 * 3);
    expect(describeData({ kind: "emoji", args, baseDir: ".", seqLen: 8 })).toEqual(data.info);
    const otherData = loadData({ kind: "emoji", args: { ...args, seed: 6 }, baseDir: ".", seqLen: 8 });
    expect(otherData.train.captions).not.toEqual(data.train.captions);
  });

  it("crops cells exactly: at size 64 a crop equals the package's own 64 px image", () => {
    const data = loadData({ kind: "emoji", args: { size: 64 }, baseDir: ".", seqLen: 8 });
    const size = 64 * 64 * 3;
    for (const [artist, vendor, split] of [["noto", "google", data.train], ["twemoji", "twitter", data.test]] as const) {
      const files = imageFiles(vendor);
      for (const name of ["grinning face", "keycap: 1", "flag: Japan", "waving hand: dark skin tone", "owl"]) {
        const i = split.captions.indexOf(name);
        expect(i, name).toBeGreaterThanOrEqual(0);
        const png = PNG.sync.read(readFileSync(join(PACKAGES, `emoji-datasource-${vendor}/img/${vendor}/64/${files.get(name)}`)));
        const expected = rgbaToRgb(png.data, png.width, png.height).pixels;
        const actual = split.images.subarray(i * size, (i + 1) * size);
        let worst = 0;
        for (let k = 0; k < size; k++) worst = Math.max(worst, Math.abs(expected[k]! - actual[k]!));
        expect(worst, `${artist} ${name}`).toBeLessThan(1e-6);
      }
    }
    // Upscaling past the largest sheet (64 px, cached by now) still gives valid pixels.
    const upscaled = loadData({ kind: "emoji", args: { limit: 2, size: 80 }, baseDir: ".", seqLen: 8 });
    expect(upscaled.train.images.length).toBe(2 * 80 * 80 * 3);
    expect(inUnitRange(upscaled.train.images)).toBe(true);
  });

  it("classes each emoji by its emojibase group (the default, 10) or subgroup (99, readable)", () => {
    const label = (info: { classes: string[] }, labels: Int32Array, captions: string[], name: string) => info.classes[labels[captions.indexOf(name)]!];
    const byGroup = loadData({ kind: "emoji", args: { limit: 3786, size: 16 }, baseDir: ".", seqLen: 8 });
    expect(byGroup.info.classes).toEqual(["smileys & emotion", "people & body", "components", "animals & nature", "food & drink", "travel & places", "activities", "objects", "symbols", "flags"]);
    expect(label(byGroup.info, byGroup.test.labels!, byGroup.test.captions, "grinning face")).toBe("smileys & emotion");
    expect(label(byGroup.info, byGroup.test.labels!, byGroup.test.captions, "owl")).toBe("animals & nature");
    expect(label(byGroup.info, byGroup.test.labels!, byGroup.test.captions, "flag: Japan")).toBe("flags");

    const bySubgroup = loadData({ kind: "emoji", args: { limit: 3786, size: 16, classes: "subgroup" }, baseDir: ".", seqLen: 8 });
    const { classes } = bySubgroup.info;
    expect(classes.length).toBe(99);
    expect(new Set(classes).size).toBe(99);
    expect(classes.slice(0, 3)).toEqual(["face smiling", "face affection", "face tongue"]);
    expect(classes.every((name) => !name.includes("-"))).toBe(true);
    const sub = (name: string) => label(bySubgroup.info, bySubgroup.test.labels!, bySubgroup.test.captions, name);
    expect(sub("grinning face")).toBe("face smiling");
    expect(sub("owl")).toBe("animal bird");
    expect(sub("flag: Japan")).toBe("country flag");
    expect(sub("waving hand: dark skin tone")).toBe("hand fingers open"); // a skin tone keeps its base's subgroup
    // Every subgroup holds some emoji, and the same drawings come in the same order either way.
    expect(new Set(bySubgroup.train.labels).size).toBe(99);
    expect(bySubgroup.train.captions).toEqual(byGroup.train.captions);
    expect(describeData({ kind: "emoji", args: { classes: "subgroup" }, baseDir: ".", seqLen: 8 }).classes).toEqual(classes);
  });

  it("rejects an unknown class level with a suggestion", () => {
    expect(() => describeData({ kind: "emoji", args: { classes: "subgroups" }, baseDir: ".", seqLen: 8 })).toThrow(/must be one of `group`, `subgroup`[\s\S]*subgroup/);
  });

  it("rejects an unknown artist with a suggestion", () => {
    expect(() => describeData({ kind: "emoji", args: { train: "twemoj" }, baseDir: ".", seqLen: 8 })).toThrow(/must be one of `noto`, `twemoji`/);
  });
});
