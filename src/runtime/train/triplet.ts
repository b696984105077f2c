// Bidirectional triplet (hinge) loss on cosine distance with in-batch negative mining.
import * as tf from "@tensorflow/tfjs";
import { diagonal, l2NormalizeRows, withoutGradient } from "./tensor-ops.js";
import { positivesMask, type SameCaption } from "./positives.js";

export type TripletMining = "hardest" | "semi-hard" | "all";

export interface TripletOptions {
  /** Hinge margin on cosine distance; default 0.2. */
  margin?: number;
  /** Default "hardest". */
  mining?: TripletMining;
  /** Same-caption items are never used as negatives of each other. */
  sameCaption?: SameCaption;
}

/** Stand-in for +/-Infinity in masked argmin/argmax, far outside the distance range [0, 2]. */
const FAR = 1e4;

/**
 * Cosine distance d(i, j) = 1 - cos(image_i, text_j); the positive of anchor i is its own
 * partner, the negatives are the batch's other items (minus same-caption ones). Each image
 * is an anchor against texts, and each text against images; per anchor
 *   l = max(0, margin + d_pos - d_neg)
 * with d_neg chosen by `mining`:
 * - "hardest": the closest negative (VSE++ max-violation).
 * - "semi-hard": the closest negative farther than the positive (FaceNet); when there is
 *   none, the farthest negative (as TensorFlow Addons' triplet_semihard_loss does).
 * - "all": every negative; the anchor's loss is the mean hinge over its negatives.
 * The loss is the mean over anchors that have at least one negative, for each direction,
 * and the two directions are averaged. Mining picks indices without gradient (ties go to
 * the lowest index); the gradient flows through the chosen distances.
 */
export function tripletLoss(imageEmb: tf.Tensor2D, textEmb: tf.Tensor2D, opts: TripletOptions = {}): tf.Scalar {
  return tf.tidy(() => {
    const b = imageEmb.shape[0];
    if (textEmb.shape[0] !== b) throw new Error(`triplet: ${b} images but ${textEmb.shape[0]} texts`);
    const margin = opts.margin ?? 0.2;
    const mining = opts.mining ?? "hardest";
    const cos = tf.matMul(l2NormalizeRows(imageEmb), tf.transpose(l2NormalizeRows(textEmb))) as tf.Tensor2D;
    const dist = tf.sub(1, cos) as tf.Tensor2D;
    const negatives = tf.sub(1, positivesMask(b, opts.sameCaption)) as tf.Tensor2D;
    const imageAnchors = anchorLosses(dist, negatives, margin, mining);
    const textAnchors = anchorLosses(tf.transpose(dist), tf.transpose(negatives), margin, mining);
    return tf.div(tf.add(imageAnchors, textAnchors), 2) as tf.Scalar;
  });
}

/** Mean triplet loss over the rows (anchors) of a distance matrix whose diagonal is the positive. */
function anchorLosses(dist: tf.Tensor2D, negatives: tf.Tensor2D, margin: number, mining: TripletMining): tf.Scalar {
  const b = dist.shape[0];
  const pos = diagonal(dist);
  const negCount = tf.sum(negatives, 1);
  const hasNeg = tf.cast(tf.greater(negCount, 0), "float32");
  let perAnchor: tf.Tensor;
  if (mining === "all") {
    const hinge = tf.mul(tf.relu(tf.add(tf.sub(tf.reshape(pos, [b, 1]), dist), margin)), negatives);
    perAnchor = tf.div(tf.sum(hinge, 1), tf.maximum(negCount, 1));
  } else {
    const pick = withoutGradient((d) => mineNegatives(d as tf.Tensor2D, negatives, mining), dist);
    const chosen = tf.sum(tf.mul(dist, pick), 1);
    perAnchor = tf.relu(tf.add(tf.sub(pos, chosen), margin));
  }
  return tf.div(tf.sum(tf.mul(perAnchor, hasNeg)), tf.maximum(tf.sum(hasNeg), 1)) as tf.Scalar;
}

/** [B, B] one-hot rows marking each anchor's mined negative (not differentiable). */
function mineNegatives(dist: tf.Tensor2D, negatives: tf.Tensor2D, mining: "hardest" | "semi-hard"): tf.Tensor2D {
  const b = dist.shape[0];
  const isNeg = tf.greater(negatives, 0);
  const far = tf.fill([b, b], FAR);
  let index = tf.argMin(tf.where(isNeg, dist, far), 1);
  if (mining === "semi-hard") {
    const pos = tf.reshape(diagonal(dist), [b, 1]);
    const beyond = tf.logicalAnd(isNeg, tf.greater(dist, pos));
    const semiHard = tf.argMin(tf.where(beyond, dist, far), 1);
    const farthest = tf.argMax(tf.where(isNeg, dist, tf.neg(far)), 1);
    index = tf.where(tf.any(beyond, 1), semiHard, farthest);
  }
  // int32 one-hot then cast: float32 OneHot is broken on the wasm backend.
  return tf.cast(tf.oneHot(index as tf.Tensor1D, b), "float32") as tf.Tensor2D;
}
