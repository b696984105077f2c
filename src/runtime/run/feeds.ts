// Turns data items into the tensors the compiled model's inputs expect.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import type { DataBundle, SplitData } from "../data/types.js";
import type { Feeds } from "../../lower/model.js";

export function makeFeeds(ir: IRProgram, data: DataBundle, split: SplitData, idx: ArrayLike<number>, only?: "labels"): Feeds {
  const feeds: Feeds = {};
  const n = idx.length;
  for (const input of ir.inputs) {
    if (only && input.kind !== only) continue;
    if (input.kind === "image") {
      const [h, w, c] = data.info.imageSize;
      const px = h * w * c;
      const buf = new Float32Array(n * px);
      for (let i = 0; i < n; i++) buf.set(split.images.subarray(idx[i]! * px, (idx[i]! + 1) * px), i * px);
      feeds[input.name] = tf.tensor4d(buf, [n, h, w, c]);
    } else if (input.kind === "tokens") {
      const len = data.seqLen;
      const buf = new Int32Array(n * len);
      for (let i = 0; i < n; i++) buf.set(split.tokens.subarray(idx[i]! * len, (idx[i]! + 1) * len), i * len);
      feeds[input.name] = tf.tensor2d(buf, [n, len], "int32");
    } else {
      const buf = new Int32Array(n);
      if (split.labels) for (let i = 0; i < n; i++) buf[i] = split.labels[idx[i]!]!;
      feeds[input.name] = tf.tensor1d(buf, "int32");
    }
  }
  return feeds;
}

/** Items with the same caption get the same id, so they are not each other's negatives. */
export function captionIds(split: SplitData): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(split.captions, (c) => {
    let id = ids.get(c);
    if (id === undefined) ids.set(c, (id = ids.size));
    return id;
  });
}
