// `mmc data export`: a loaded data set written as webdataset-style shards, one folder with
// train-NNNN.tar, test-NNNN.tar and info.json (counts, image size, classes, the shards'
// brace patterns). A folder holding an earlier export is replaced; any other non-empty
// folder is refused, so no unrelated file is ever deleted. Shards are written beside the
// folder first and moved in once all are written: a failed export leaves nothing half-done.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DataBundle, SplitData } from "../types.js";
import { encodePng, sampleMembers, type Member, type SampleMeta } from "./sample-codec.js";
import { evenCuts, safeCuts } from "./group-cuts.js";
import { ShardWriter, shardPattern } from "./shard-writer.js";

export const INFO_FORMAT = "mmc-shards/1";
export const DEFAULT_SHARD_MB = 256;
/** Digits of a sample key: keys sort in item order up to a million items. */
const KEY_DIGITS = 6;

export interface SplitInfo {
  count: number;
  shards: string[];
  /** Brace pattern naming the shards, relative to the folder. */
  pattern: string;
}

export interface ShardsInfo {
  format: typeof INFO_FORMAT;
  /** The data set the shards were written from, as the spec named it. */
  source: { kind: string; args: Record<string, unknown> };
  imageSize: [number, number, number];
  classes: string[];
  hasGroups: boolean;
  /** How the splits were cut: at most this many bytes per shard, or exactly this many shards. */
  shardBytes?: number;
  shardsPerSplit?: number;
  /** When each sample's json holds its token ids: their length and the vocabulary's size. */
  tokens?: { seqLen: number; vocabSize: number };
  train: SplitInfo;
  test: SplitInfo;
}

/** Exactly one of shardBytes and shardsPerSplit. Swap groups are never split across shards. */
export interface ExportOptions {
  /** Largest shard in bytes (a sample or group larger than this gets a shard of its own). */
  shardBytes?: number;
  /** Exactly this many shards per split, items divided as evenly as whole groups allow (one per torch rank). */
  shardsPerSplit?: number;
  /** Write each sample's token ids (SplitData.tokens, seqLen long) into its json. */
  tokens?: boolean;
  source: ShardsInfo["source"];
}

export function sampleKey(index: number): string {
  return String(index).padStart(KEY_DIGITS, "0");
}

function metaOf(split: SplitData, i: number, classes: string[], seqLen: number | undefined): SampleMeta {
  const meta: SampleMeta = {};
  if (split.labels) {
    meta.label = classes[split.labels[i]!] ?? String(split.labels[i]);
    meta.label_index = split.labels[i]!;
  }
  if (split.groups) meta.group = split.groups[i]!;
  if (seqLen !== undefined) meta.tokens = Array.from(split.tokens.subarray(i * seqLen, (i + 1) * seqLen));
  return meta;
}

function writeSplit(dir: string, prefix: string, split: SplitData, bundle: DataBundle, opts: ExportOptions): SplitInfo {
  const size = bundle.info.imageSize;
  const perImage = size[0] * size[1] * size[2];
  const seqLen = opts.tokens ? bundle.seqLen : undefined;
  const writer = new ShardWriter(dir, prefix, opts.shardsPerSplit ? Infinity : opts.shardBytes!);
  const wholeFrom = new Set(safeCuts(split.count, split.groups));
  const shardFrom = new Set(opts.shardsPerSplit ? evenCuts(split.count, split.groups, opts.shardsPerSplit, prefix) : []);
  let whole: Member[] = []; // the samples of the current group, which go into one shard
  for (let i = 0; i < split.count; i++) {
    if (wholeFrom.has(i)) {
      writer.addWhole(whole);
      whole = [];
      if (shardFrom.has(i)) writer.cut();
    }
    const png = encodePng(split.images.subarray(i * perImage, (i + 1) * perImage), size);
    whole.push(...sampleMembers(sampleKey(i), png, split.captions[i]!, metaOf(split, i, bundle.info.classes, seqLen)));
  }
  if (whole.length > 0) writer.addWhole(whole);
  const shards = writer.close();
  return { count: split.count, shards, pattern: shardPattern(prefix, shards.length) };
}

/** The earlier export in `dir` (undefined when it is empty or new); refuses a folder holding anything else. */
function earlierExport(dir: string): ShardsInfo | undefined {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return undefined;
  let earlier: ShardsInfo | undefined;
  try {
    earlier = JSON.parse(readFileSync(path.join(dir, "info.json"), "utf8")) as ShardsInfo;
  } catch {
    earlier = undefined;
  }
  if (earlier?.format !== INFO_FORMAT) throw new Error(`${dir} is not empty and holds no earlier export (no mmc info.json); choose an empty or new folder`);
  return earlier;
}

/** Replaces an earlier export in `dir` by the files written in `staged`. */
function moveIn(staged: string, dir: string, earlier: ShardsInfo | undefined): void {
  mkdirSync(dir, { recursive: true });
  if (earlier) {
    for (const file of [...earlier.train.shards, ...earlier.test.shards]) rmSync(path.join(dir, path.basename(file)), { force: true });
    rmSync(path.join(dir, "info.json"), { force: true });
  }
  for (const file of readdirSync(staged)) renameSync(path.join(staged, file), path.join(dir, file));
  rmSync(staged, { recursive: true, force: true });
}

export function exportShards(bundle: DataBundle, dir: string, opts: ExportOptions): ShardsInfo {
  if ((opts.shardBytes === undefined) === (opts.shardsPerSplit === undefined)) throw new Error("give either the largest shard's size or the number of shards per split");
  if (opts.shardBytes !== undefined && !(opts.shardBytes > 0)) throw new Error(`the shard size must be positive, got ${opts.shardBytes} bytes`);
  const earlier = earlierExport(dir);
  const staged = path.join(path.dirname(path.resolve(dir)), `.${path.basename(path.resolve(dir))}.exporting-${process.pid}`);
  rmSync(staged, { recursive: true, force: true });
  mkdirSync(staged, { recursive: true });
  try {
    const info = writeAll(bundle, staged, opts);
    moveIn(staged, dir, earlier);
    return info;
  } catch (e) {
    rmSync(staged, { recursive: true, force: true });
    throw e;
  }
}

function writeAll(bundle: DataBundle, dir: string, opts: ExportOptions): ShardsInfo {
  const info: ShardsInfo = {
    format: INFO_FORMAT,
    source: opts.source,
    imageSize: bundle.info.imageSize,
    classes: bundle.info.classes,
    hasGroups: bundle.info.hasGroups,
    ...(opts.shardBytes !== undefined ? { shardBytes: opts.shardBytes } : { shardsPerSplit: opts.shardsPerSplit! }),
    ...(opts.tokens ? { tokens: { seqLen: bundle.seqLen, vocabSize: bundle.vocab.words.length } } : {}),
    train: writeSplit(dir, "train", bundle.train, bundle, opts),
    test: writeSplit(dir, "test", bundle.test, bundle, opts),
  };
  writeFileSync(path.join(dir, "info.json"), JSON.stringify(info, null, 2) + "\n");
  return info;
}
