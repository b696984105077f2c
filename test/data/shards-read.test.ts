// `data shards(...)`: shards written by exportShards read back as the very items they were
// written from (pixels to the byte, captions, labels, groups, hence vocabulary and tokens);
// brace patterns; a worker's share of the shards; and every problem named by shard and sample.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, describeData, loadData } from "../../src/runtime/data/index.js";
import type { DataBundle } from "../../src/runtime/data/types.js";
import { expectSameItems, maxPixelDiff, PNG_ROUNDING } from "./same-items.js";
import { exportShards, type ShardsInfo } from "../../src/runtime/data/shards/export.js";
import { TarWriter } from "../../src/runtime/data/shards/tar-writer.js";
import { encodePng, sampleMembers } from "../../src/runtime/data/shards/sample-codec.js";
import { BracePatternError, expandBraces } from "../../src/ir/data/brace.js";
import { ShardRankError, shardsForRank } from "../../src/runtime/data/shards/ranks.js";

const ARGS = { train: 40, test: 12, seed: 5 };
let bundle: DataBundle;
let dir: string;
let info: ShardsInfo;

function freshDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "mmc-shards-read-"));
}

const shardsRequest = (folder: string, train = info.train.pattern, test = info.test.pattern, seqLen = 12) => ({
  kind: "shards",
  args: { train: path.join(folder, train), test: path.join(folder, test) },
  baseDir: "/nonexistent",
  seqLen,
});

function dataError(call: () => unknown): DataError {
  try {
    call();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error("expected a DataError");
}

beforeAll(() => {
  bundle = loadData({ kind: "shapes", args: ARGS, baseDir: ".", seqLen: 12 });
  dir = path.join(freshDir(), "shards");
  info = exportShards(bundle, dir, { shardBytes: 40_000, source: { kind: "shapes", args: ARGS } });
});
afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

describe("brace patterns", () => {
  it("expand zero-padded ranges and lists, several braces multiplying, in order", () => {
    expect(expandBraces("d/train-{0000..0003}.tar")).toEqual(["d/train-0000.tar", "d/train-0001.tar", "d/train-0002.tar", "d/train-0003.tar"]);
    expect(expandBraces("{8..11}")).toEqual(["8", "9", "10", "11"]);
    expect(expandBraces("{a,b}-{0..1}.tar")).toEqual(["a-0.tar", "a-1.tar", "b-0.tar", "b-1.tar"]);
    expect(expandBraces("plain.tar")).toEqual(["plain.tar"]);
  });

  it("refuse an unclosed, stray, nested, backwards, empty or unknown brace", () => {
    for (const [pattern, words] of [
      ["train-{0000..0007.tar", /never closed/],
      ["train-0000}.tar", /without its `\{`/],
      ["{a,{b,c}}", /nests braces/],
      ["{9..1}", /runs backwards; write \{1..9\}/],
      ["", /empty/],
      ["train-{x}.tar", /neither a range .* nor a list/],
      ["{0..99999999}", /at most 100000/],
    ] as const) {
      expect(() => expandBraces(pattern), pattern).toThrow(BracePatternError);
      expect(() => expandBraces(pattern), pattern).toThrow(words);
    }
  });
});

describe("shardsForRank", () => {
  it("gives shard i to rank i % world: disjoint, together all shards", () => {
    const shards = ["s0", "s1", "s2", "s3", "s4"];
    expect(shardsForRank(shards, 0, 2)).toEqual(["s0", "s2", "s4"]);
    expect(shardsForRank(shards, 1, 2)).toEqual(["s1", "s3"]);
    expect(shardsForRank(shards, 0, 1)).toEqual(shards);
    expect([0, 1, 2].flatMap((r) => shardsForRank(shards, r, 3)).sort()).toEqual(shards);
  });

  it("refuses fewer shards than workers, and a rank outside the world", () => {
    expect(() => shardsForRank(["s0"], 0, 2)).toThrow(ShardRankError);
    expect(() => shardsForRank(["s0"], 0, 2)).toThrow(/1 shard\(s\) cannot be shared by 2 workers/);
    expect(() => shardsForRank(["s0", "s1"], 2, 2)).toThrow(/from 0 to 1, got 2/);
    expect(() => shardsForRank(["s0", "s1"], 0, 0)).toThrow(/positive whole number/);
  });
});

describe("data shards(...)", () => {
  it("reads back exactly the items that were exported, over several shards", () => {
    expect(info.train.shards.length).toBeGreaterThan(2);
    const read = loadData(shardsRequest(dir));
    expect(read.info).toEqual({ ...bundle.info, kind: "shards" });
    expect(read.vocab.words).toEqual(bundle.vocab.words);
    expectSameItems(read.train, bundle.train);
    expectSameItems(read.test, bundle.test);
  });

  it("describes without decoding an image, and resolves patterns against the spec's folder", () => {
    const described = describeData({ ...shardsRequest("."), baseDir: dir });
    expect(described).toEqual({ ...bundle.info, kind: "shards" });
  });

  it("gives a worker only its own training shards (shard i to rank i % world), and all test shards", () => {
    const world = 2;
    const perRank = [0, 1].map((rank) => loadData({ ...shardsRequest(dir), worker: { rank, world } }));
    expect(perRank.map((d) => d.train.count).reduce((a, b) => a + b)).toBe(bundle.train.count);
    for (const d of perRank) expect(d.test.count).toBe(bundle.test.count);
    // Rank 1 starts with shard 1's first sample.
    const firstOfShard1 = info.train.shards.length > 1 ? countIn(path.join(dir, info.train.shards[0]!)) : 0;
    expect(perRank[1]!.train.captions[0]).toBe(bundle.train.captions[firstOfShard1]);
    const tooMany = dataError(() => describeData({ ...shardsRequest(dir), worker: { rank: 0, world: info.train.shards.length + 1 } }));
    expect(tooMany.message).toMatch(/cannot be shared by/);
  });

  it("reads shards without info.json: size from the first image, classes from the training labels", () => {
    const bare = path.join(freshDir(), "bare");
    mkdirSync(bare);
    for (const shard of [...info.train.shards, ...info.test.shards]) copyFileSync(path.join(dir, shard), path.join(bare, shard));
    const read = loadData(shardsRequest(bare));
    expect(read.info.imageSize).toEqual([32, 32, 3]);
    expect(read.info.classes).toEqual([...new Set(bundle.info.classes.filter((_, i) => bundle.train.labels!.includes(i)))].sort());
    expect(Array.from(read.train.labels!, (l) => read.info.classes[l])).toEqual(Array.from(bundle.train.labels!, (l) => bundle.info.classes[l]));
    expect(maxPixelDiff(read.train.images, bundle.train.images)).toBeLessThanOrEqual(PNG_ROUNDING);
  });
});

function countIn(shard: string): number {
  return loadData({ kind: "shards", args: { train: shard, test: shard }, baseDir: ".", seqLen: 4 }).train.count;
}

/** A folder with one hand-written shard per split; `samples` are [key, members] lists. */
function writeShards(train: { name: string; data: Buffer }[], test = train, infoJson?: object): string {
  const folder = freshDir();
  for (const [split, members] of [["train", train], ["test", test]] as const) {
    const writer = new TarWriter(path.join(folder, `${split}-0000.tar`));
    for (const m of members) writer.add(m.name, m.data);
    writer.close();
  }
  if (infoJson) writeFileSync(path.join(folder, "info.json"), JSON.stringify(infoJson));
  return folder;
}

const png = (size: number, value = 0.5) => encodePng(new Float32Array(size * size * 3).fill(value), [size, size, 3]);
const one = "-{0000..0000}.tar";

describe("data shards(...) errors", () => {
  it("MM5022 names the missing shard and how many of the pattern's are missing", () => {
    const error = dataError(() => describeData(shardsRequest(dir, "train-{0000..0099}.tar")));
    expect(error.code).toBe("MM5022");
    expect(error.message).toContain(`of the 100 shards that \`train: "${path.join(dir, "train-{0000..0099}.tar")}"\` names do not exist`);
    expect(error.file).toBe(path.join(dir, `train-${String(info.train.shards.length).padStart(4, "0")}.tar`));
    expect(error.help).toMatch(/relative to the spec's folder/);
  });

  it("MM5021 for a bad pattern reaching the data layer", () => {
    expect(dataError(() => describeData(shardsRequest(dir, "train-{0000..0001.tar"))).code).toBe("MM5021");
  });

  it("MM5023 names a truncated shard and the sample it broke in", () => {
    const cut = path.join(freshDir(), "cut");
    mkdirSync(cut);
    for (const f of ["info.json", info.train.shards[0]!, info.test.shards[0]!]) copyFileSync(path.join(dir, f), path.join(cut, f));
    const shard = path.join(cut, info.train.shards[0]!);
    truncateSync(shard, Math.floor(statSync(shard).size / 2));
    const error = dataError(() => describeData(shardsRequest(cut, "train" + one, "test" + one)));
    expect(error.code).toBe("MM5023");
    expect(error.message).toMatch(new RegExp(`shard ${shard} is corrupt or truncated at sample \\d{6}`));
    expect(error.file).toBe(shard);
  });

  it("MM5024 for a sample without its image, without its caption, or with a label where others have none", () => {
    const noImage = writeShards([...sampleMembers("000000", png(8), "a red circle", {}), { name: "000001.txt", data: Buffer.from("a blue square") }]);
    const e1 = dataError(() => describeData(shardsRequest(noImage, "train" + one, "test" + one)));
    expect([e1.code, e1.message]).toEqual(["MM5024", `sample 000001 of shard ${path.join(noImage, "train-0000.tar")} has no image (.png or .jpg)`]);
    const noCaption = writeShards([{ name: "000000.png", data: png(8) }]);
    expect(dataError(() => describeData(shardsRequest(noCaption, "train" + one, "test" + one))).message).toMatch(/sample 000000 .* has no caption \(\.txt\)/);
    const mixed = writeShards([...sampleMembers("000000", png(8), "a red circle", { label: "circle" }), ...sampleMembers("000001", png(8), "a blue square", {})]);
    const e3 = dataError(() => describeData(shardsRequest(mixed, "train" + one, "test" + one)));
    expect([e3.code, e3.message]).toEqual(["MM5024", expect.stringMatching(/sample 000001 .* has no label in its \.json but sample 000000 .* has a label/)]);
    const badJson = writeShards([...sampleMembers("000000", png(8), "a red circle", {}).slice(0, 2), { name: "000000.json", data: Buffer.from("{nope") }]);
    expect(dataError(() => describeData(shardsRequest(badJson, "train" + one, "test" + one))).message).toMatch(/000000\.json is not valid JSON/);
  });

  it("MM5025 when an image's size or a label disagrees with info.json, or an image with the first image", () => {
    const expected = { format: "mmc-shards/1", imageSize: [8, 8, 3], classes: ["circle"] };
    const wrongSize = writeShards(sampleMembers("000000", png(16), "a red circle", { label: "circle" }), undefined, expected);
    expect(describeData(shardsRequest(wrongSize, "train" + one, "test" + one)).imageSize).toEqual([8, 8, 3]);
    const e1 = dataError(() => loadData(shardsRequest(wrongSize, "train" + one, "test" + one)));
    expect([e1.code, e1.message]).toEqual(["MM5025", `the image of sample 000000 in shard ${path.join(wrongSize, "train-0000.tar")} is 16x16 pixels but ${path.join(wrongSize, "info.json")} says 8x8`]);
    const wrongLabel = writeShards(sampleMembers("000000", png(8), "a red square", { label: "square" }), undefined, expected);
    const e2 = dataError(() => describeData(shardsRequest(wrongLabel, "train" + one, "test" + one)));
    expect([e2.code, e2.message]).toEqual(["MM5025", expect.stringContaining(`has the label "square", which is not among the classes of ${path.join(wrongLabel, "info.json")}`)]);
    const mixedSizes = writeShards([...sampleMembers("000000", png(8), "a red circle", {}), ...sampleMembers("000001", png(9), "a blue square", {})]);
    const e3 = dataError(() => loadData(shardsRequest(mixedSizes, "train" + one, "test" + one)));
    expect([e3.code, e3.message]).toEqual(["MM5025", expect.stringContaining("is 9x9 pixels but the first image of")]);
  });

  it("MM5018 for a test label no training sample has (without info.json)", () => {
    const folder = writeShards(sampleMembers("000000", png(8), "a red circle", { label: "circle" }), sampleMembers("000000", png(8), "a red ring", { label: "ring" }));
    const error = dataError(() => describeData(shardsRequest(folder, "train" + one, "test" + one)));
    expect([error.code, error.message]).toEqual(["MM5018", `sample 000000 of shard ${path.join(folder, "test-0000.tar")} has the label "ring", which no training sample has`]);
  });

  it("MM5017 for an image that cannot be decoded", () => {
    const folder = writeShards([{ name: "000000.png", data: png(8).subarray(0, 40) }, { name: "000000.txt", data: Buffer.from("a red circle") }]);
    const error = dataError(() => describeData(shardsRequest(folder, "train" + one, "test" + one)));
    expect(error.code).toBe("MM5017");
    expect(error.message).toContain(`the image of sample 000000 in shard ${path.join(folder, "train-0000.tar")} cannot be decoded`);
  });
});
