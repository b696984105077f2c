// Which items of a batch count as positives of each other (same caption).
import * as tf from "@tensorflow/tfjs";
import { eye } from "./tensor-ops.js";

/**
 * How the losses learn which pairs match: per-item caption ids (items with equal ids
 * have identical captions) or a ready [B, B] 0/1 mask. Absent: only the diagonal matches.
 */
export type SameCaption = ArrayLike<number> | tf.Tensor2D;

/** [B, B] float mask, 1 where items i and j share a caption id (the diagonal is always 1). */
export function sameCaptionMask(ids: ArrayLike<number>): tf.Tensor2D {
  const b = ids.length;
  const m = new Float32Array(b * b);
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) m[i * b + j] = ids[i] === ids[j] ? 1 : 0;
  }
  return tf.tensor2d(m, [b, b]);
}

/** The positives mask for a batch of size b, from the caller's option (diagonal forced on). */
export function positivesMask(b: number, same: SameCaption | undefined): tf.Tensor2D {
  return tf.tidy(() => {
    if (same === undefined) return eye(b);
    const m = same instanceof tf.Tensor ? same : sameCaptionMask(same);
    if (m.shape[0] !== b || m.shape[1] !== b) {
      throw new Error(`same-caption mask is [${m.shape}] but the batch has ${b} items`);
    }
    return tf.maximum(tf.cast(m, "float32"), eye(b)) as tf.Tensor2D;
  });
}
