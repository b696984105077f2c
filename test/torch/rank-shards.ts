// Test shards for distributed.py in the torch-engine contract's layout: exactly `perSplit`
// train and test shards, whole swap groups in one shard, and each sample's json carrying its
// `tokens`. A stand-in for `exportShards(..., { shardsPerSplit })` until that option lands.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DataBundle, SplitData } from "../../src/runtime/data/types.js";
import { INFO_FORMAT, sampleKey, type ShardsInfo, type SplitInfo } from "../../src/runtime/data/shards/export.js";
import { encodePng, sampleMembers } from "../../src/runtime/data/shards/sample-codec.js";
import { shardName, shardPattern } from "../../src/runtime/data/shards/shard-writer.js";
import { TarWriter } from "../../src/runtime/data/shards/tar-writer.js";

/** Items in contiguous runs that keep each swap group whole, dealt into `count` shards. */
function shardOf(split: SplitData, count: number): number[] {
  const units: number[] = [];
  for (let i = 0; i < split.count; i++) if (i === 0 || !split.groups || split.groups[i] !== split.groups[i - 1]) units.push(i);
  const out = new Array<number>(split.count);
  units.forEach((start, u) => {
    const end = units[u + 1] ?? split.count;
    for (let i = start; i < end; i++) out[i] = Math.floor((u * count) / units.length);
  });
  return out;
}

function writeSplit(dir: string, prefix: string, split: SplitData, bundle: DataBundle, count: number): SplitInfo {
  const size = bundle.info.imageSize;
  const px = size[0] * size[1] * size[2];
  const writers = Array.from({ length: count }, (_, i) => new TarWriter(path.join(dir, shardName(prefix, i))));
  const shard = shardOf(split, count);
  for (let i = 0; i < split.count; i++) {
    const meta = {
      ...(split.labels ? { label: bundle.info.classes[split.labels[i]!], label_index: split.labels[i]! } : {}),
      ...(split.groups ? { group: split.groups[i]! } : {}),
      tokens: Array.from(split.tokens.subarray(i * bundle.seqLen, (i + 1) * bundle.seqLen)),
    };
    for (const m of sampleMembers(sampleKey(i), encodePng(split.images.subarray(i * px, (i + 1) * px), size), split.captions[i]!, meta)) writers[shard[i]!]!.add(m.name, m.data);
  }
  for (const w of writers) w.close();
  return { count: split.count, shards: writers.map((w) => path.basename(w.file)), pattern: shardPattern(prefix, count) };
}

export function writeRankShards(bundle: DataBundle, dir: string, perSplit: number): ShardsInfo {
  mkdirSync(dir, { recursive: true });
  const info: ShardsInfo = {
    format: INFO_FORMAT,
    source: { kind: "test", args: {} },
    imageSize: bundle.info.imageSize,
    classes: bundle.info.classes,
    hasGroups: bundle.info.hasGroups,
    shardBytes: 0,
    train: writeSplit(dir, "train", bundle.train, bundle, perSplit),
    test: writeSplit(dir, "test", bundle.test, bundle, perSplit),
  };
  writeFileSync(path.join(dir, "info.json"), JSON.stringify(info, null, 2) + "\n");
  return info;
}
