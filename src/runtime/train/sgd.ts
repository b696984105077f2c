// SGD with momentum (and Nesterov) with PyTorch's update rules.
import * as tf from "@tensorflow/tfjs";
import { decayRank2Plus, SlotOptimizer, type DecayPredicate, type LrScale, type Optimizer } from "./optimizer.js";

export interface SgdOptions {
  /** Default 0 (plain SGD; the momentum buffer then stays zero). */
  momentum?: number;
  nesterov?: boolean;
  /** Coupled L2 weight decay added to the gradient (g + wd * p); default 0. */
  weightDecay?: number;
  /** Which variables decay; default rank >= 2 only. */
  decay?: DecayPredicate;
  /** Per-variable learning-rate multiple. */
  lrScale?: LrScale;
}

/**
 * g' = g + wd * p (decaying variables only);  buf <- momentum * buf + g'
 * p <- p - lr * (nesterov ? g' + momentum * buf : buf)
 * (buf starts at zero, so the first step's buf is g', as in PyTorch without dampening.)
 */
class Sgd extends SlotOptimizer {
  constructor(
    variables: tf.Variable[],
    private readonly opts: SgdOptions,
  ) {
    super("sgd", variables, ["momentum"], opts.lrScale);
  }

  protected update(p: tf.Variable, g: tf.Tensor, [buf]: tf.Variable[], lr: number): void {
    const momentum = this.opts.momentum ?? 0;
    const wd = this.opts.weightDecay ?? 0;
    const decays = this.opts.decay ?? decayRank2Plus;
    let grad = g;
    if (wd > 0 && decays(p)) grad = tf.add(grad, tf.mul(p, wd));
    let direction = grad;
    if (momentum > 0) {
      buf.assign(tf.add(tf.mul(buf, momentum), grad));
      direction = this.opts.nesterov ? tf.add(grad, tf.mul(buf, momentum)) : buf;
    }
    p.assign(tf.sub(p, tf.mul(direction, lr)));
  }
}

export function sgd(variables: tf.Variable[], opts: SgdOptions = {}): Optimizer {
  return new Sgd(variables, opts);
}
