// Loss functions for training: each takes tf tensors and returns a scalar tensor that can
// be differentiated with tf.grad / tf.variableGrads.
import * as tf from "@tensorflow/tfjs";

export {
  CLIP_LOGIT_SCALE_INIT,
  CLIP_LOGIT_SCALE_MAX,
  clampLogitScale,
  infoNceLoss,
  type InfoNceOptions,
} from "./infonce.js";
export { SIGLIP_LOGIT_BIAS_INIT, SIGLIP_LOGIT_SCALE_INIT, siglipLoss, type SiglipOptions } from "./siglip.js";
export { tripletLoss, type TripletMining, type TripletOptions } from "./triplet.js";
export { crossEntropyLoss } from "./cross-entropy.js";
export { sameCaptionMask, type SameCaption } from "./positives.js";

export interface LossTerm {
  weight: number;
  value: tf.Scalar;
}

/** sum_i weight_i * value_i, for objectives such as `infonce(...) + 0.5 * cross_entropy(...)`. */
export function weightedSum(terms: LossTerm[]): tf.Scalar {
  if (terms.length === 0) throw new Error("weightedSum needs at least one term");
  return tf.tidy(() => tf.addN(terms.map((t) => tf.mul(t.value, t.weight))) as tf.Scalar);
}
