// The info.json that `mmc data export` writes beside its shards: when a split's shards sit
// next to one, its image size and classes are what the shards must hold. Shards from
// elsewhere (no info.json, or another tool's) are read without it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DataError } from "../types.js";
import { DATA_ERRORS } from "../errors.js";
import { INFO_FORMAT, type ShardsInfo } from "./export.js";

/** What the reader takes from info.json, and the file it came from (for messages). */
export interface ExpectedShards {
  file: string;
  imageSize: [number, number, number];
  classes: string[];
}

function isImageSize(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((n) => Number.isInteger(n) && n > 0) && (v[2] === 1 || v[2] === 3);
}

function isClasses(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((c) => typeof c === "string");
}

/** The info.json in `shard`'s folder, when there is one written by mmc. */
export function infoBeside(shard: string): ExpectedShards | undefined {
  const file = path.join(path.dirname(shard), "info.json");
  if (!existsSync(file)) return undefined;
  let info: Partial<ShardsInfo>;
  try {
    info = JSON.parse(readFileSync(file, "utf8")) as Partial<ShardsInfo>;
  } catch (e) {
    throw new DataError(DATA_ERRORS.shardsDisagree, `${file} beside the shards is not valid JSON (${(e as Error).message})`, file, undefined, "re-run `mmc data export`, or delete info.json to read the shards without it");
  }
  if (typeof info !== "object" || info === null || info.format !== INFO_FORMAT) return undefined; // another tool's info.json
  if (!isImageSize(info.imageSize) || !isClasses(info.classes)) {
    throw new DataError(DATA_ERRORS.shardsDisagree, `${file} beside the shards has no valid imageSize ([H, W, 1 or 3]) or classes (a list of names)`, file, undefined, "re-run `mmc data export`, or delete info.json to read the shards without it");
  }
  return { file, imageSize: info.imageSize, classes: info.classes };
}

/** The train split's expectation; the test split's info.json, when in another folder, must agree. */
export function agreedInfo(train: ExpectedShards | undefined, test: ExpectedShards | undefined): ExpectedShards | undefined {
  if (!train || !test || train.file === test.file) return train ?? test;
  if (train.imageSize.join("x") !== test.imageSize.join("x") || train.classes.join("\n") !== test.classes.join("\n")) {
    throw new DataError(
      DATA_ERRORS.shardsDisagree,
      `the train shards' ${train.file} and the test shards' ${test.file} disagree on the image size or the classes (${train.imageSize.join("x")} vs ${test.imageSize.join("x")}, ${train.classes.length} vs ${test.classes.length} classes)`,
      test.file,
      undefined,
      "export train and test from one spec, with one `mmc data export`",
    );
  }
  return train;
}
