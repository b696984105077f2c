// `data shards(train: "dir/train-{0000..0007}.tar", test: "dir/test-{0000..0001}.tar")`:
// webdataset-style tar shards such as `mmc data export` writes (<key>.png, <key>.txt,
// <key>.json per sample). Patterns resolve against the spec's folder; every shard they name
// must exist. Image size and classes come from the info.json beside the shards when there
// is one (and the shards are checked against it), else from the first image and the
// training labels. A worker of several reads only its own training shards (ranks.ts).
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { DataError, type DataRequest } from "../types.js";
import type { DataArgs } from "../args.js";
import { DATA_ERRORS } from "../errors.js";
import { SHARDS_SPEC } from "../../../ir/data/kinds.js";
import { BracePatternError, expandBraces } from "../../../ir/data/brace.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "../source.js";
import { agreedInfo, infoBeside, type ExpectedShards } from "./info-beside.js";
import { firstImageSize, readSplitImages, readSplitText, type ShardItemText } from "./split-reader.js";
import { ShardRankError, shardsForRank } from "./ranks.js";

/** The shard files a pattern names, resolved; refuses a bad pattern or a missing shard. */
export function shardFiles(argument: string, pattern: string, baseDir: string): string[] {
  let names: string[];
  try {
    names = expandBraces(pattern);
  } catch (e) {
    if (!(e instanceof BracePatternError)) throw e;
    throw new DataError(DATA_ERRORS.badShardPattern, `\`${argument}\` of data shards(...): ${e.message}`);
  }
  const files = names.map((name) => (isAbsolute(name) ? name : resolve(baseDir, name)));
  const missing = files.filter((file) => !existsSync(file) || !statSync(file).isFile());
  if (missing.length > 0) {
    const first = missing[0]!;
    const named = `\`${argument}: "${pattern}"\` names`;
    const message =
      files.length === 1
        ? `the shard that ${named} does not exist: ${first}`
        : missing.length === files.length
          ? `none of the ${files.length} shards that ${named} exist; the first is ${first}`
          : `${missing.length} of the ${files.length} shards that ${named} ${missing.length === 1 ? "does" : "do"} not exist; the first missing is ${first}`;
    throw new DataError(
      DATA_ERRORS.shardNotFound,
      message,
      first,
      undefined,
      "shard paths resolve relative to the spec's folder; `mmc data export` prints the patterns of the shards it wrote",
    );
  }
  return files;
}

/** Class names in a stable order: numerically when every label is a number (as files(...) does). */
function classesOfLabels(items: readonly ShardItemText[]): string[] {
  const distinct = [...new Set(items.map((item) => item.label!))];
  const numeric = distinct.every((label) => label !== "" && Number.isFinite(Number(label)));
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function labelsOf(items: readonly ShardItemText[], classes: readonly string[], expected: ExpectedShards | undefined): Int32Array {
  const index = new Map(classes.map((name, i) => [name, i]));
  return Int32Array.from(items, (item) => {
    const found = index.get(item.label!);
    if (found !== undefined) return found;
    const shown = `${classes.slice(0, 20).join(", ")}${classes.length > 20 ? ", ..." : ""}`;
    if (expected) {
      throw new DataError(DATA_ERRORS.shardsDisagree, `sample ${item.key} of shard ${item.shard} has the label "${item.label}", which is not among the classes of ${expected.file}`, item.shard, undefined, `its classes: ${shown}`);
    }
    throw new DataError(DATA_ERRORS.unknownLabel, `sample ${item.key} of shard ${item.shard} has the label "${item.label}", which no training sample has`, item.shard, undefined, `training labels: ${shown}`);
  });
}

function textOf(items: readonly ShardItemText[], classes: readonly string[] | undefined, expected: ExpectedShards | undefined): SplitText {
  const text: SplitText = { captions: items.map((item) => item.caption) };
  if (classes) text.labels = labelsOf(items, classes, expected);
  if (items[0]!.group !== undefined) text.groups = Int32Array.from(items, (item) => item.group!);
  return text;
}

function workerShards(files: string[], worker: DataRequest["worker"]): string[] {
  if (!worker) return files;
  try {
    return shardsForRank(files, worker.rank, worker.world);
  } catch (e) {
    if (!(e instanceof ShardRankError)) throw e;
    throw new DataError(DATA_ERRORS.badArg, `the training shards: ${e.message}`, files[0]);
  }
}

interface ShardsPlan extends DataPlan {
  files: { train: string[]; test: string[] };
  items: { train: ShardItemText[]; test: ShardItemText[] };
  sizeFrom: string;
}

function plan(args: DataArgs, req: Pick<DataRequest, "baseDir" | "worker">): ShardsPlan {
  const allTrain = shardFiles("train", args.string("train"), req.baseDir);
  const test = shardFiles("test", args.string("test"), req.baseDir);
  const expected = agreedInfo(infoBeside(allTrain[0]!), infoBeside(test[0]!));
  const train = workerShards(allTrain, req.worker);
  const items = { train: readSplitText(train), test: readSplitText(test) };
  const labelled = items.train[0]!.label !== undefined;
  if (labelled !== (items.test[0]!.label !== undefined) || (items.train[0]!.group !== undefined) !== (items.test[0]!.group !== undefined)) {
    throw new DataError(DATA_ERRORS.incompleteSample, `the train shards and the test shards differ in whether their samples have a label and a group in their .json`, test[0], undefined, "export train and test from one spec, with one `mmc data export`");
  }
  const classes = labelled ? (expected?.classes ?? classesOfLabels(items.train)) : undefined;
  return {
    imageSize: expected?.imageSize ?? firstImageSize(train),
    classes: classes ?? [],
    hasGroups: items.train[0]!.group !== undefined,
    train: textOf(items.train, classes, expected),
    test: textOf(items.test, classes, expected),
    files: { train, test },
    items,
    sizeFrom: expected ? expected.file : `the first image of ${train[0]}`,
  };
}

export const shardsSource: DataSource = {
  spec: SHARDS_SPEC,
  describe: plan,
  load(args: DataArgs, req: Pick<DataRequest, "baseDir" | "worker">): LoadedData {
    const { files, items, sizeFrom, ...described } = plan(args, req);
    return {
      ...described,
      train: { ...described.train, images: readSplitImages(files.train, items.train, described.imageSize, sizeFrom) },
      test: { ...described.test, images: readSplitImages(files.test, items.test, described.imageSize, sizeFrom) },
    };
  },
};
