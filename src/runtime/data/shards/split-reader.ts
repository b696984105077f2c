// One split's shards, read shard by shard and sample by sample (see sample-reader.ts):
// `readSplitText` reads captions, labels and groups without reading any image's bytes;
// `readSplitImages` then decodes each image straight into the split's pixel array, so only
// one sample's bytes are in memory at a time, however many shards there are.
import { DataError } from "../types.js";
import { DATA_ERRORS } from "../errors.js";
import { decodeImage, type DecodedImage } from "../imageDecode.js";
import { rgbaToRgb } from "../image.js";
import { tokenize } from "../tokenizer.js";
import { readSamples, type ShardSample } from "./sample-reader.js";

export interface ShardItemText {
  shard: string;
  key: string;
  caption: string;
  label?: string;
  group?: number;
}

function sampleError(shard: string, key: string, message: string): DataError {
  return new DataError(DATA_ERRORS.incompleteSample, `sample ${key} of shard ${shard} ${message}`, shard);
}

function textOf(shard: string, sample: ShardSample): ShardItemText {
  const { key } = sample;
  if (!sample.hasImage) throw sampleError(shard, key, "has no image (.png or .jpg)");
  if (sample.caption === undefined) throw sampleError(shard, key, "has no caption (.txt)");
  if (tokenize(sample.caption).length === 0) throw sampleError(shard, key, `has a caption without words ("${sample.caption}")`);
  const item: ShardItemText = { shard, key, caption: sample.caption };
  const label = sample.json?.["label"];
  if (label !== undefined) {
    if (typeof label !== "string" && typeof label !== "number") throw sampleError(shard, key, `has a label that is not a name or number in ${key}.json`);
    item.label = String(label);
  }
  const group = sample.json?.["group"];
  if (group !== undefined) {
    if (!Number.isInteger(group) || (group as number) < 0 || (group as number) > 2 ** 31 - 1) throw sampleError(shard, key, `has a group that is not a whole number from 0 in ${key}.json`);
    item.group = group as number;
  }
  return item;
}

/** Every item of the split in shard order; all items have a label or none does, the same for groups. */
export function readSplitText(shards: readonly string[]): ShardItemText[] {
  const items: ShardItemText[] = [];
  for (const shard of shards) for (const sample of readSamples(shard, false)) items.push(textOf(shard, sample));
  const first = items[0];
  if (!first) throw new DataError(DATA_ERRORS.incompleteSample, `the shards ${shards.join(", ")} hold no samples`, shards[0], undefined, "re-run `mmc data export`");
  for (const item of items) {
    for (const field of ["label", "group"] as const) {
      if ((item[field] === undefined) !== (first[field] === undefined)) {
        const has = (i: ShardItemText) => (i[field] === undefined ? `no ${field}` : `a ${field}`);
        throw sampleError(item.shard, item.key, `has ${has(item)} in its .json but sample ${first.key} of ${first.shard} has ${has(first)}: every sample needs one, or none`);
      }
    }
  }
  return items;
}

/** [H, W, C] of an image file: C is 1 for a grey PNG (as mmc exports 1-channel data), else 3. */
export function imageSizeOf(bytes: Buffer): [number, number, number] {
  const image = decodeImage(bytes);
  const isPng = bytes[0] === 0x89;
  // PNG colour type (IHDR byte 25): 0 grey, 4 grey with alpha.
  const grey = isPng && (bytes[25] === 0 || bytes[25] === 4);
  return [image.height, image.width, grey ? 1 : 3];
}

/** The first training image's size, for shards without an info.json. */
export function firstImageSize(shards: readonly string[]): [number, number, number] {
  for (const shard of shards) {
    for (const sample of readSamples(shard, true)) {
      try {
        return imageSizeOf(sample.image!);
      } catch (e) {
        throw new DataError(DATA_ERRORS.corruptImage, `the image of sample ${sample.key} in shard ${shard} cannot be decoded: ${(e as Error).message}`, shard);
      }
    }
  }
  throw new DataError(DATA_ERRORS.incompleteSample, `the shards ${shards.join(", ")} hold no samples`, shards[0]);
}

function toFloats(image: DecodedImage, channels: number): Float32Array {
  if (channels === 3) return rgbaToRgb(image.rgba, image.width, image.height).pixels;
  const grey = new Float32Array(image.width * image.height);
  for (let p = 0; p < grey.length; p++) grey[p] = image.rgba[p * 4]! / 255;
  return grey;
}

/**
 * The split's NHWC pixels in [0, 1], in the order of `items` (from readSplitText on the same
 * shards). `sizeFrom` names where the expected size came from, for the message.
 */
export function readSplitImages(shards: readonly string[], items: readonly ShardItemText[], size: [number, number, number], sizeFrom: string): Float32Array {
  const perImage = size[0] * size[1] * size[2];
  const images = new Float32Array(items.length * perImage);
  let i = 0;
  for (const shard of shards) {
    for (const sample of readSamples(shard, true)) {
      const item = items[i];
      if (!item || item.shard !== shard || item.key !== sample.key) {
        throw new DataError(DATA_ERRORS.corruptShard, `shard ${shard} changed while it was read (sample ${sample.key} was not there before)`, shard, undefined, "do not write the shards while mmc reads them");
      }
      const where = `the image of sample ${sample.key} in shard ${shard}`;
      let image: DecodedImage;
      try {
        image = decodeImage(sample.image!);
      } catch (e) {
        throw new DataError(DATA_ERRORS.corruptImage, `${where} cannot be decoded: ${(e as Error).message}`, shard);
      }
      if (image.height !== size[0] || image.width !== size[1]) {
        throw new DataError(DATA_ERRORS.shardsDisagree, `${where} is ${image.height}x${image.width} pixels but ${sizeFrom} says ${size[0]}x${size[1]}`, shard, undefined, "every image of a data set must have one size: re-export the shards");
      }
      const pixels = toFloats(image, size[2]);
      images.set(pixels, i * perImage);
      i++;
    }
  }
  if (i !== items.length) throw new DataError(DATA_ERRORS.corruptShard, `the shards changed while they were read (${items.length} samples before, ${i} now)`, shards[0], undefined, "do not write the shards while mmc reads them");
  return images;
}
