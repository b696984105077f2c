// SigLIP: pairwise sigmoid loss (Zhai et al. 2023, "Sigmoid loss for language image pre-training").
import * as tf from "@tensorflow/tfjs";
import { asScalar, l2NormalizeRows } from "./tensor-ops.js";
import { positivesMask, type SameCaption } from "./positives.js";

/** SigLIP initialises the log logit scale t' to ln 10 ... */
export const SIGLIP_LOGIT_SCALE_INIT = Math.log(10);
/** ... and the logit bias b to -10, so that the many negatives start with small loss. */
export const SIGLIP_LOGIT_BIAS_INIT = -10;

export interface SiglipOptions {
  /** log scale t': logits = exp(t') * cosine + bias. */
  logitScale: tf.Scalar | number;
  logitBias: tf.Scalar | number;
  /** Same-caption pairs are labelled positive (+1) instead of negative. */
  sameCaption?: SameCaption;
  /**
   * "perImage" (default, the paper's): sum over all B x B pairs divided by B, i.e. for each
   * image the sum over every text, averaged over images.
   * "perPair": the mean over all B x B pairs (the same value divided by B).
   */
  reduction?: "perImage" | "perPair";
}

/**
 * loss = -(1/N) * sum_ij log sigmoid(z_ij * (exp(t') * x_i . y_j + b)),
 * x, y L2-normalised image and text embeddings, z_ij = +1 for matching pairs, -1 otherwise,
 * N = B ("perImage") or B^2 ("perPair").
 */
export function siglipLoss(imageEmb: tf.Tensor2D, textEmb: tf.Tensor2D, opts: SiglipOptions): tf.Scalar {
  return tf.tidy(() => {
    const b = imageEmb.shape[0];
    if (textEmb.shape[0] !== b) throw new Error(`siglip: ${b} images but ${textEmb.shape[0]} texts`);
    const cos = tf.matMul(l2NormalizeRows(imageEmb), tf.transpose(l2NormalizeRows(textEmb)));
    const logits = tf.add(tf.mul(tf.exp(asScalar(opts.logitScale)), cos), asScalar(opts.logitBias));
    const z = tf.sub(tf.mul(positivesMask(b, opts.sameCaption), 2), 1);
    // -log sigmoid(x) = softplus(-x); tf.logSigmoid's gradient fails inside tf.tidy.
    const total = tf.sum(tf.softplus(tf.neg(tf.mul(z, logits))));
    const n = (opts.reduction ?? "perImage") === "perImage" ? b : b * b;
    return tf.div(total, n) as tf.Scalar;
  });
}
