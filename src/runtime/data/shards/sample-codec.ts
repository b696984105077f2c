// One data item as webdataset members: `<key>.png` (8-bit RGB), `<key>.txt` (the caption)
// and `<key>.json` (label, swap group and, when asked, token ids). Pixels are quantised to bytes by rounding, so
// data whose pixels are already multiples of 1/255 survive the round trip exactly.
import { PNG } from "pngjs";

export interface SampleMeta {
  /** Class name, and its index in the data set's class list. */
  label?: string;
  label_index?: number;
  /** Swap group: items sharing one are a scene's hard negatives. */
  group?: number;
  /** The spec's token ids of the caption, seqLen long (0-padded), for engines without mmc's tokenizer. */
  tokens?: number[];
}

export interface Member {
  name: string;
  data: Buffer;
}

/** `pixels` holds h * w * c floats in [0, 1] (c is 1 or 3). */
export function encodePng(pixels: Float32Array, [h, w, c]: readonly [number, number, number]): Buffer {
  if (c !== 1 && c !== 3) throw new Error(`images with ${c} channels cannot be written as PNG here (1 or 3)`);
  const png = new PNG({ width: w, height: h });
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) png.data[p * 4 + k] = toByte(pixels[p * c + (c === 1 ? 0 : k)]!);
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: c === 1 ? 0 : 2 });
}

function toByte(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v * 255)));
}

export function sampleMembers(key: string, png: Buffer, caption: string, meta: SampleMeta): Member[] {
  return [
    { name: `${key}.png`, data: png },
    { name: `${key}.txt`, data: Buffer.from(caption, "utf8") },
    { name: `${key}.json`, data: Buffer.from(JSON.stringify(meta), "utf8") },
  ];
}
