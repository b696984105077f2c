// Symmetric InfoNCE, the CLIP contrastive loss, with two optional refinements:
// same-caption items that are not negatives of each other, and hard-negative reweighting.
import * as tf from "@tensorflow/tfjs";
import { asScalar, l2NormalizeRows, withoutGradient } from "./tensor-ops.js";
import { positivesMask, type SameCaption } from "./positives.js";

/** CLIP initialises the log inverse temperature to ln(1 / 0.07). */
export const CLIP_LOGIT_SCALE_INIT = Math.log(1 / 0.07);
/** CLIP clamps the log inverse temperature to at most ln(100) (temperature >= 0.01). */
export const CLIP_LOGIT_SCALE_MAX = Math.log(100);

/**
 * Clamp a learnable log-scale variable in place to [min, max], as CLIP does after each
 * optimizer step (the clamp is not part of the graph, so it never blocks the gradient).
 */
export function clampLogitScale(v: tf.Variable, max = CLIP_LOGIT_SCALE_MAX, min = 0): void {
  tf.tidy(() => v.assign(tf.clipByValue(v, min, max)));
}

export interface InfoNceOptions {
  /** log of the inverse temperature: logits = exp(logitScale) * cosine. A scalar tensor to learn it. */
  logitScale: tf.Scalar | number;
  /** Which items share a caption (ids per item, or a [B, B] 0/1 mask); default: none. */
  sameCaption?: SameCaption;
  /**
   * What other same-caption items are, for a query:
   * - "exclude" (default): they are dropped from the softmax, neither positive nor negative;
   *   the target stays the item's own partner.
   * - "share": they are positives too; the target distribution is uniform over them.
   */
  duplicates?: "exclude" | "share";
  /**
   * Hard-negative strength beta >= 0 (0, the default, is plain InfoNCE). Each negative j of
   * query i is weighted in the softmax denominator by
   *   w_ij = M_i * softmax_{k in negatives(i)}(beta * logit_ik)_j ,
   * M_i the number of negatives, so the weights average 1 and higher-scoring (harder)
   * negatives count more (importance reweighting as in Robinson et al. 2021, "Contrastive
   * learning with hard negative samples", without their debiasing term). The weights are
   * constants in the backward pass. Equivalently log w_ij is added to the negative logits.
   */
  hardNegativeBeta?: number;
}

/** Large negative used instead of -Infinity so masked entries never produce NaN. */
const MASKED = -1e9;

/**
 * CLIP loss: both embeddings L2-normalised, logits = exp(s) * img @ txt^T, softmax
 * cross-entropy image->text (rows) and text->image (columns), the two averaged.
 * Returns a scalar; differentiable in the embeddings and in logitScale.
 */
export function infoNceLoss(imageEmb: tf.Tensor2D, textEmb: tf.Tensor2D, opts: InfoNceOptions): tf.Scalar {
  return tf.tidy(() => {
    const b = imageEmb.shape[0];
    if (textEmb.shape[0] !== b) throw new Error(`infoNce: ${b} images but ${textEmb.shape[0]} texts`);
    const img = l2NormalizeRows(imageEmb);
    const txt = l2NormalizeRows(textEmb);
    const scale = tf.exp(asScalar(opts.logitScale));
    const logits = tf.mul(scale, tf.matMul(img, tf.transpose(txt))) as tf.Tensor2D;
    const same = positivesMask(b, opts.sameCaption);
    const mode = opts.duplicates ?? "exclude";
    const beta = opts.hardNegativeBeta ?? 0;
    const imageToText = rowContrastive(logits, same, mode, beta);
    const textToImage = rowContrastive(tf.transpose(logits), tf.transpose(same), mode, beta);
    return tf.div(tf.add(imageToText, textToImage), 2) as tf.Scalar;
  });
}

/** Mean over rows of the cross-entropy of each row's softmax against its positives. */
function rowContrastive(
  logits: tf.Tensor2D,
  same: tf.Tensor2D,
  mode: "exclude" | "share",
  beta: number,
): tf.Scalar {
  const b = logits.shape[0];
  const diag = tf.eye(b);
  const negatives = tf.sub(1, same);
  let adjusted: tf.Tensor2D = logits;
  let target: tf.Tensor2D;
  if (mode === "exclude") {
    const others = tf.greater(tf.sub(same, diag), 0);
    adjusted = tf.where(others, tf.fill([b, b], MASKED), adjusted);
    target = diag as tf.Tensor2D;
  } else {
    target = tf.div(same, tf.sum(same, 1, true));
  }
  if (beta > 0) {
    const logW = withoutGradient((l) => hardNegativeLogWeights(l as tf.Tensor2D, negatives, beta), logits);
    adjusted = tf.add(adjusted, logW);
  }
  const logProb = tf.logSoftmax(adjusted, 1);
  return tf.neg(tf.mean(tf.sum(tf.mul(target, logProb), 1))) as tf.Scalar;
}

/** log w_ij for negatives (see hardNegativeBeta), 0 elsewhere. */
function hardNegativeLogWeights(logits: tf.Tensor2D, negatives: tf.Tensor, beta: number): tf.Tensor2D {
  const b = logits.shape[0];
  const isNeg = tf.greater(negatives, 0);
  const scaled = tf.mul(logits, beta);
  const lse = tf.logSumExp(tf.where(isNeg, scaled, tf.fill([b, b], MASKED)), 1, true);
  const count = tf.maximum(tf.sum(negatives, 1, true), 1);
  const logW = tf.add(tf.sub(scaled, lse), tf.log(count));
  return tf.where(isNeg, logW, tf.zerosLike(logits)) as tf.Tensor2D;
}
