// A shard's samples, one at a time: consecutive tar members sharing a key (the name up to
// the first dot of its last path part, as webdataset splits it) make one sample. Only the
// current sample's members are in memory; image bytes are read only when asked for.
import { existsSync } from "node:fs";
import { DataError } from "../types.js";
import { DATA_ERRORS } from "../errors.js";
import { readTar, TarFormatError } from "./tar-reader.js";

export const IMAGE_EXTENSIONS = ["png", "jpg", "jpeg"];

export interface ShardSample {
  key: string;
  /** Image bytes, when asked for; `hasImage` says whether the sample has one at all. */
  image?: Buffer;
  hasImage: boolean;
  caption?: string;
  json?: Record<string, unknown>;
}

const NAME = /^((?:.*\/|)[^./]+)\.([^/]*)$/;

function splitName(name: string): { key: string; extension: string } | undefined {
  const m = NAME.exec(name);
  return m ? { key: m[1]!, extension: m[2]!.toLowerCase() } : undefined;
}

function sampleError(file: string, key: string, message: string): DataError {
  return new DataError(DATA_ERRORS.incompleteSample, `sample ${key} of shard ${file}: ${message}`, file);
}

function parseJson(file: string, key: string, data: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data.toString("utf8"));
  } catch (e) {
    throw sampleError(file, key, `${key}.json is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw sampleError(file, key, `${key}.json must hold a JSON object`);
  return value as Record<string, unknown>;
}

export function* readSamples(file: string, withImages: boolean): Generator<ShardSample> {
  if (!existsSync(file)) throw new DataError(DATA_ERRORS.shardNotFound, `shard ${file} does not exist`, file, undefined, "shard paths resolve relative to the spec's folder");
  const wants = (name: string) => {
    const extension = splitName(name)?.extension ?? "";
    return extension === "txt" || extension === "json" || (withImages && IMAGE_EXTENSIONS.includes(extension));
  };
  let current: ShardSample | undefined;
  let lastKey: string | undefined;
  try {
    for (const member of readTar(file, wants)) {
      const parts = splitName(member.name);
      if (!parts) continue; // a file without an extension belongs to no sample (webdataset skips it too)
      if (current && current.key !== parts.key) {
        yield current;
        current = undefined;
      }
      current ??= { key: parts.key, hasImage: false };
      lastKey = parts.key;
      const { extension } = parts;
      if (IMAGE_EXTENSIONS.includes(extension)) {
        if (current.hasImage) throw sampleError(file, current.key, "it has two images");
        current.hasImage = true;
        if (member.data) current.image = member.data;
      } else if (extension === "txt") {
        current.caption = member.data!.toString("utf8").trim();
      } else if (extension === "json") {
        current.json = parseJson(file, current.key, member.data!);
      }
    }
  } catch (e) {
    if (!(e instanceof TarFormatError)) throw e;
    const key = e.member ? (splitName(e.member)?.key ?? e.member) : lastKey;
    throw new DataError(DATA_ERRORS.corruptShard, `shard ${file} is corrupt or truncated${key ? ` at sample ${key}` : " before its first sample"}: ${e.message}`, file, undefined, "copy the shard again, or re-run `mmc data export`");
  }
  if (current) yield current;
}
