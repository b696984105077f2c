// Gradients as the trainer holds them: keyed by variable, or by variable name as
// tf.variableGrads returns them.
import * as tf from "@tensorflow/tfjs";

export type Grads = Map<tf.Variable, tf.Tensor> | tf.NamedTensorMap;

/** [name, gradient] pairs of either form (null/undefined gradients are skipped). */
export function gradEntries(grads: Grads): [string, tf.Tensor][] {
  const out: [string, tf.Tensor][] = [];
  if (grads instanceof Map) {
    for (const [v, g] of grads) if (g) out.push([v.name, g]);
  } else {
    for (const [name, g] of Object.entries(grads)) if (g) out.push([name, g]);
  }
  return out;
}
