// The spec's loss (a weighted sum of terms) on one batch's forward outputs.
import * as tf from "@tensorflow/tfjs";
import type { IRProgram } from "../../ir/ir.js";
import { initialLossValue } from "../../ir/losses.js";
import { lossOutputs } from "../../ir/needed.js";
import type { CompiledModel } from "../../lower/model.js";
import { crossEntropyLoss, infoNceLoss, siglipLoss, tripletLoss } from "../train/losses.js";

export { lossOutputs };

export function totalLoss(ir: IRProgram, model: CompiledModel, values: Map<number, tf.Tensor>, sameCaption: Int32Array): tf.Scalar {
  let total: tf.Scalar | undefined;
  for (const [i, term] of ir.loss.entries()) {
    const [a, b] = term.inputs.map((id) => values.get(id)!) as [tf.Tensor2D, tf.Tensor];
    const param = (name: string, fallback: number) => model.lossParams.get(`loss/${i}/${term.kind}/${name}`) ?? fallback;
    let value: tf.Scalar;
    switch (term.kind) {
      case "infonce":
        value = infoNceLoss(a, b as tf.Tensor2D, {
          logitScale: param("logit_scale", initialLossValue(term, "logit_scale")) as tf.Scalar | number,
          sameCaption,
          hardNegativeBeta: term.attrs.hard_negatives,
        });
        break;
      case "siglip":
        value = siglipLoss(a, b as tf.Tensor2D, {
          logitScale: param("logit_scale", initialLossValue(term, "logit_scale")) as tf.Scalar | number,
          logitBias: param("logit_bias", initialLossValue(term, "logit_bias")) as tf.Scalar | number,
          sameCaption,
        });
        break;
      case "triplet": {
        const mining = term.attrs.mining === "semi_hard" ? "semi-hard" : term.attrs.mining;
        value = tripletLoss(a, b as tf.Tensor2D, { margin: term.attrs.margin, mining, sameCaption });
        break;
      }
      case "cross_entropy":
        value = smoothedCrossEntropy(a, b as tf.Tensor1D, term.attrs.smoothing);
        break;
    }
    const weighted = (term.weight === 1 ? value : tf.mul(value, term.weight)) as tf.Scalar;
    total = total ? (tf.add(total, weighted) as tf.Scalar) : weighted;
  }
  return total!;
}

function smoothedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing: number): tf.Scalar {
  if (smoothing === 0) return crossEntropyLoss(logits, labels);
  const k = logits.shape[1];
  const target = tf.add(tf.mul(tf.oneHot(labels, k).cast("float32"), 1 - smoothing), smoothing / k);
  return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
