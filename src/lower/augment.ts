// Training-time image augmentation: random crop (pad then crop back), horizontal flip and
// colour jitter, each drawn per image from a seeded generator. Identity at evaluation.
import * as tf from "@tensorflow/tfjs";
import type { OpAttrs } from "../ir/ops.js";
import type { Rng } from "../common/random.js";

type AugmentAttrs = OpAttrs["augment"];

export function augmentBatch(x: tf.Tensor4D, a: AugmentAttrs, rng: Rng): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, h, w, c] = x.shape;
    let out: tf.Tensor4D = x;
    if (a.crop > 0) {
      const padded = tf.pad(out, [[0, 0], [a.crop, a.crop], [a.crop, a.crop], [0, 0]]);
      const crops: tf.Tensor4D[] = [];
      for (let i = 0; i < batch; i++) {
        crops.push(tf.slice(padded, [i, rng.int(2 * a.crop + 1), rng.int(2 * a.crop + 1), 0], [1, h, w, c]));
      }
      out = tf.concat(crops, 0);
    }
    if (a.flip) {
      const mask = new Float32Array(batch).map(() => (rng.next() < 0.5 ? 1 : 0));
      const m = tf.tensor4d(mask, [batch, 1, 1, 1]);
      out = tf.add(tf.mul(tf.reverse(out, 2), m), tf.mul(out, tf.sub(1, m))) as tf.Tensor4D;
    }
    if (a.jitter > 0) {
      const brightness = tf.tensor4d(new Float32Array(batch).map(() => rng.uniform(-a.jitter, a.jitter)), [batch, 1, 1, 1]);
      const contrast = tf.tensor4d(new Float32Array(batch).map(() => 1 + rng.uniform(-a.jitter, a.jitter)), [batch, 1, 1, 1]);
      const mean = tf.mean(out, [1, 2, 3], true);
      out = tf.clipByValue(tf.add(tf.add(tf.mul(tf.sub(out, mean), contrast), mean), brightness), 0, 1) as tf.Tensor4D;
    }
    return out;
  });
}
