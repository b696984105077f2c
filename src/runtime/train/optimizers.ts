// Optimizers over a list of tf.Variable, with savable state (tfjs has no AdamW).
import type * as tf from "@tensorflow/tfjs";
import { adam, adamw, type AdamOptions, type AdamWOptions } from "./adam.js";
import { sgd, type SgdOptions } from "./sgd.js";
import type { Optimizer } from "./optimizer.js";

export { adam, adamw, type AdamOptions, type AdamWOptions } from "./adam.js";
export { sgd, type SgdOptions } from "./sgd.js";
export {
  decayRank2Plus,
  type DecayPredicate,
  type Optimizer,
  type OptimizerState,
  type SlotData,
} from "./optimizer.js";
export { type Grads } from "./grads.js";

/** An optimizer as a spec names it. */
export type OptimizerSpec =
  | ({ kind: "adam" } & AdamOptions)
  | ({ kind: "adamw" } & AdamWOptions)
  | ({ kind: "sgd" } & SgdOptions);

export function createOptimizer(spec: OptimizerSpec, variables: tf.Variable[]): Optimizer {
  switch (spec.kind) {
    case "adam":
      return adam(variables, spec);
    case "adamw":
      return adamw(variables, spec);
    case "sgd":
      return sgd(variables, spec);
  }
}
