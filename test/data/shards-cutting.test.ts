// How exportShards cuts a split: exactly N shards (one per torch rank) with items divided as
// evenly as whole swap groups allow, or by size; either way no swap group is ever split
// across shards. `tokens` puts each sample's token ids into its json.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadData } from "../../src/runtime/data/index.js";
import type { DataBundle } from "../../src/runtime/data/types.js";
import { exportShards, type ShardsInfo } from "../../src/runtime/data/shards/export.js";
import { evenCuts, safeCuts, ShardCountError } from "../../src/runtime/data/shards/group-cuts.js";
import { readTar } from "../../src/runtime/data/shards/tar-reader.js";
import { runDataExport } from "../../src/cli/data-command.js";
import { expectSameItems } from "./same-items.js";

const ARGS = { train: 40, test: 12, seed: 5 };
const source = { kind: "shapes", args: ARGS };
let bundle: DataBundle;
const work = mkdtempSync(path.join(os.tmpdir(), "mmc-shards-cutting-"));
let serial = 0;
const fresh = () => path.join(work, `out-${serial++}`);

beforeAll(() => {
  bundle = loadData({ kind: "shapes", args: ARGS, baseDir: ".", seqLen: 12 });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Each shard's samples' json, in order. */
function shardJsons(dir: string, info: ShardsInfo, split: "train" | "test"): { key: string; label_index: number; group: number; tokens?: number[] }[][] {
  return info[split].shards.map((shard) =>
    [...readTar(path.join(dir, shard), (name) => name.endsWith(".json"))].filter((m) => m.data).map((m) => ({ key: m.name.split(".")[0]!, ...JSON.parse(m.data!.toString("utf8")) })),
  );
}

function expectGroupsWhole(shards: { group: number }[][]): void {
  const home = new Map<number, number>();
  shards.forEach((samples, s) => {
    for (const { group } of samples) {
      expect(home.get(group) ?? s, `group ${group}`).toBe(s);
      home.set(group, s);
    }
  });
}

describe("group cuts", () => {
  it("allow a cut only where no swap group has items on both sides", () => {
    expect(safeCuts(3, undefined)).toEqual([1, 2]);
    expect(safeCuts(6, Int32Array.from([0, 0, 1, 1, 2, 2]))).toEqual([2, 4]);
    // Interleaved groups 0 and 1 share one stretch.
    expect(safeCuts(5, Int32Array.from([0, 1, 0, 1, 2]))).toEqual([4]);
  });

  it("divide the items into N near-equal shards at whole groups", () => {
    const fours = (n: number) => Int32Array.from({ length: n }, (_, i) => Math.floor(i / 4));
    expect(evenCuts(8000, fours(8000), 2, "train")).toEqual([4000]);
    expect(evenCuts(8000, fours(8000), 3, "train")).toEqual([2668, 5332]);
    expect(evenCuts(10, undefined, 3, "train")).toEqual([3, 7]);
    expect(evenCuts(5, undefined, 1, "train")).toEqual([]);
    // Uneven groups: the only cuts are 1 and 9, and both are needed for 3 shards.
    expect(evenCuts(10, Int32Array.from([0, 1, 1, 1, 1, 1, 1, 1, 1, 2]), 3, "train")).toEqual([1, 9]);
  });

  it("refuse more shards than items or whole groups", () => {
    expect(() => evenCuts(3, undefined, 4, "test")).toThrow(ShardCountError);
    expect(() => evenCuts(3, undefined, 4, "test")).toThrow("the test split has 3 item(s): it cannot fill 4 shards; use at most 3 shards or more data");
    expect(() => evenCuts(8, Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), 3, "train")).toThrow("the train split has 2 swap group(s) that must stay whole: it cannot fill 3 shards");
    expect(() => evenCuts(8, undefined, 0, "train")).toThrow(/positive whole number/);
  });
});

describe("exportShards with shardsPerSplit and tokens", () => {
  it("writes exactly N shards per split, groups whole, item counts within one group of each other", () => {
    const dir = fresh();
    const info = exportShards(bundle, dir, { shardsPerSplit: 3, tokens: true, source });
    expect([info.train.shards.length, info.test.shards.length]).toEqual([3, 3]);
    expect(info.shardsPerSplit).toBe(3);
    expect(info.shardBytes).toBeUndefined();
    expect(info.train.pattern).toBe("train-{0000..0002}.tar");
    for (const split of ["train", "test"] as const) {
      const shards = shardJsons(dir, info, split);
      expectGroupsWhole(shards);
      const counts = shards.map((s) => s.length);
      expect(counts.reduce((a, b) => a + b)).toBe(bundle[split].count);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(4);
    }
    expect(shardJsons(dir, info, "train").map((s) => s.length)).toEqual([12, 16, 12]);
  });

  it("puts each sample's token ids, seqLen long, into its json, and says so in info.json", () => {
    const dir = fresh();
    const info = exportShards(bundle, dir, { shardsPerSplit: 2, tokens: true, source });
    expect(info.tokens).toEqual({ seqLen: 12, vocabSize: bundle.vocab.words.length });
    for (const split of ["train", "test"] as const) {
      const samples = shardJsons(dir, info, split).flat();
      expect(samples.map((s) => s.key)).toEqual(Array.from({ length: bundle[split].count }, (_, i) => String(i).padStart(6, "0")));
      samples.forEach((s, i) => expect(s.tokens, `${split} ${s.key}`).toEqual(Array.from(bundle[split].tokens.subarray(i * 12, (i + 1) * 12))));
    }
    // Without the option the json holds no tokens.
    const plain = exportShards(bundle, fresh(), { shardsPerSplit: 2, source });
    expect(plain.tokens).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(work, `out-${serial - 1}`, "info.json"), "utf8")).tokens).toBeUndefined();
  });

  it("reads back through data shards(...) as the same items", () => {
    const dir = fresh();
    const info = exportShards(bundle, dir, { shardsPerSplit: 2, tokens: true, source });
    const read = loadData({ kind: "shards", args: { train: path.join(dir, info.train.pattern), test: path.join(dir, info.test.pattern) }, baseDir: ".", seqLen: 12 });
    expectSameItems(read.train, bundle.train);
    expectSameItems(read.test, bundle.test);
  });

  it("never splits a swap group when rolling by size either: a group over the limit gets a shard of its own", () => {
    const dir = fresh();
    const info = exportShards(bundle, dir, { shardBytes: 1, source });
    const shards = shardJsons(dir, info, "train");
    expect(shards.map((s) => s.length)).toEqual(Array(10).fill(4));
    expectGroupsWhole(shards);
  });

  it("refuses both limits at once, or neither, and too many shards, leaving nothing behind", () => {
    expect(() => exportShards(bundle, fresh(), { shardBytes: 1000, shardsPerSplit: 2, source })).toThrow(/either the largest shard's size or the number of shards/);
    expect(() => exportShards(bundle, fresh(), { source })).toThrow(/either/);
    const dir = fresh();
    expect(() => exportShards(bundle, dir, { shardsPerSplit: 4, source })).toThrow("the test split has 3 swap group(s) that must stay whole: it cannot fill 4 shards");
    expect(() => readFileSync(path.join(dir, "info.json"))).toThrow(/ENOENT/);
  });
});

describe("mmc data export --shards N --tokens", () => {
  const quietly = (call: () => number): number => {
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      return call();
    } finally {
      process.stdout.write = write;
    }
  };

  it("writes N shards per split with token ids", () => {
    const out = fresh();
    expect(quietly(() => runDataExport("test/fixtures/tiny.mm", { out, shards: "2", tokens: true, color: false }))).toBe(0);
    const info = JSON.parse(readFileSync(path.join(out, "info.json"), "utf8")) as ShardsInfo;
    expect([info.train.shards.length, info.test.shards.length, info.shardsPerSplit]).toEqual([2, 2, 2]);
    expect(info.tokens?.seqLen).toBeGreaterThan(0);
    expect(shardJsons(out, info, "test")[0]![0]!.tokens).toHaveLength(info.tokens!.seqLen);
  });

  it("refuses --shards with --shard-size, and a --shards that is not a positive whole number", () => {
    expect(() => runDataExport("test/fixtures/tiny.mm", { out: fresh(), shards: "2", shardSize: "1", color: false })).toThrow("give --shard-size or --shards, not both");
    expect(() => runDataExport("test/fixtures/tiny.mm", { out: fresh(), shards: "1.5", color: false })).toThrow("--shards must be a positive whole number, got `1.5`");
  });
});
