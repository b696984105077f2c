// `mmc data export`: a shapes set written as tar shards. Every shard stays under the size
// limit, holds whole samples (png, txt, json in that order), and the PNGs hold the data's
// pixels exactly as bytes; re-exporting replaces an earlier export and refuses other folders.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadData } from "../../src/runtime/data/index.js";
import type { DataBundle } from "../../src/runtime/data/types.js";
import { decodeImage } from "../../src/runtime/data/imageDecode.js";
import { exportShards, type ShardsInfo } from "../../src/runtime/data/shards/export.js";
import { readTar } from "../../src/runtime/data/shards/tar-reader.js";
import { runDataExport } from "../../src/cli/data-command.js";

const SHARD_BYTES = 40_000;
let bundle: DataBundle;
let dir: string;
let info: ShardsInfo;

function freshDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "mmc-shards-export-"));
}

beforeAll(() => {
  bundle = loadData({ kind: "shapes", args: { train: 40, test: 12, seed: 5 }, baseDir: ".", seqLen: 12 });
  dir = path.join(freshDir(), "shards");
  info = exportShards(bundle, dir, { shardBytes: SHARD_BYTES, source: { kind: "shapes", args: { train: 40, test: 12, seed: 5 } } });
});

function members(split: "train" | "test") {
  return info[split].shards.flatMap((shard) => [...readTar(path.join(dir, shard), () => true)].map((m) => ({ shard, ...m })));
}

describe("exportShards", () => {
  it("writes numbered shards under the size limit and an info.json naming them", () => {
    expect(info.train.shards.length).toBeGreaterThan(1);
    expect(info.train.shards).toEqual(info.train.shards.map((_, i) => `train-${String(i).padStart(4, "0")}.tar`));
    expect(info.train.pattern).toBe(`train-{0000..${String(info.train.shards.length - 1).padStart(4, "0")}}.tar`);
    expect(info.test.pattern).toBe(`test-{0000..${String(info.test.shards.length - 1).padStart(4, "0")}}.tar`);
    for (const shard of [...info.train.shards, ...info.test.shards]) expect(statSync(path.join(dir, shard)).size).toBeLessThanOrEqual(SHARD_BYTES);
    expect(JSON.parse(readFileSync(path.join(dir, "info.json"), "utf8"))).toEqual(info);
    expect([info.train.count, info.test.count, info.imageSize, info.hasGroups]).toEqual([40, 12, [32, 32, 3], true]);
    expect(info.classes).toEqual(bundle.info.classes);
  });

  for (const split of ["train", "test"] as const) {
    it(`keeps every ${split} sample whole and in order, with the data's pixels, caption, label and group`, () => {
      const data = bundle[split];
      const all = members(split);
      expect(all.map((m) => m.name)).toEqual(Array.from({ length: data.count }, (_, i) => ["png", "txt", "json"].map((e) => `${String(i).padStart(6, "0")}.${e}`)).flat());
      const perImage = 32 * 32 * 3;
      for (let i = 0; i < data.count; i++) {
        const [png, txt, json] = all.slice(3 * i, 3 * i + 3);
        // A sample never straddles two shards.
        expect(new Set([png!.shard, txt!.shard, json!.shard]).size).toBe(1);
        const image = decodeImage(png!.data!);
        const want = data.images.subarray(i * perImage, (i + 1) * perImage);
        let differing = 0;
        for (let p = 0; p < 32 * 32; p++) {
          for (let c = 0; c < 3; c++) if (image.rgba[p * 4 + c] !== Math.round(want[p * 3 + c]! * 255)) differing++;
          if (image.rgba[p * 4 + 3] !== 255) differing++;
        }
        expect(differing).toBe(0);
        expect(txt!.data!.toString("utf8")).toBe(data.captions[i]);
        expect(JSON.parse(json!.data!.toString("utf8"))).toEqual({ label: bundle.info.classes[data.labels![i]!], label_index: data.labels![i], group: data.groups![i] });
      }
    });
  }

  it("replaces an earlier export in the same folder, stale shards included", () => {
    const again = exportShards(bundle, dir, { shardBytes: 10 * SHARD_BYTES, source: info.source });
    expect(again.train.shards).toEqual(["train-0000.tar"]);
    expect(readdirSync(dir).sort()).toEqual(["info.json", "test-0000.tar", "train-0000.tar"]);
    info = exportShards(bundle, dir, { shardBytes: SHARD_BYTES, source: info.source }); // restore for the other tests
  });

  it("refuses a non-empty folder that holds no earlier export, and deletes nothing", () => {
    const other = freshDir();
    writeFileSync(path.join(other, "notes.txt"), "mine");
    expect(() => exportShards(bundle, other, { shardBytes: SHARD_BYTES, source: info.source })).toThrow(/is not empty and holds no earlier export/);
    expect(readdirSync(other)).toEqual(["notes.txt"]);
  });

  it("leaves an earlier export as it was, and nothing beside it, when an export fails part way", () => {
    const before = readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))] as const);
    // Two channels cannot be written as PNG: the export fails on its first sample.
    const unwritable: DataBundle = { ...bundle, info: { ...bundle.info, imageSize: [8, 8, 2] } };
    expect(() => exportShards(unwritable, dir, { shardBytes: SHARD_BYTES, source: info.source })).toThrow(/2 channels/);
    expect(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f))] as const)).toEqual(before);
    expect(readdirSync(path.dirname(dir))).toEqual([path.basename(dir)]);
  });
});

describe("mmc data export", () => {
  it("checks the spec, writes the shards and prints the data line that reads them", () => {
    const work = freshDir();
    const spec = path.join(work, "tiny.mm");
    writeFileSync(spec, readFileSync("test/fixtures/tiny.mm", "utf8").replace("train: 1024, test: 200", "train: 48, test: 8"));
    const out = path.join(work, "out");
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => written.push(s) > 0) as typeof process.stdout.write;
    let code;
    try {
      code = runDataExport(spec, { out, shardSize: "0.03", color: false });
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const exported = JSON.parse(readFileSync(path.join(out, "info.json"), "utf8")) as ShardsInfo;
    expect([exported.train.count, exported.test.count]).toEqual([48, 8]);
    expect(exported.source).toEqual({ kind: "shapes", args: { train: 48, test: 8, seed: 3, size: 32 } });
    expect(written.join("")).toContain(`data shards(train: "${path.join(out, exported.train.pattern)}", test: "${path.join(out, exported.test.pattern)}")`);
    expect(existsSync(path.join(out, exported.train.shards.at(-1)!))).toBe(true);
  });

  it("refuses a shard size that is not a positive number", () => {
    expect(() => runDataExport("test/fixtures/tiny.mm", { out: path.join(freshDir(), "x"), shardSize: "0", color: false })).toThrow(/--shard-size must be a positive number/);
  });
});
