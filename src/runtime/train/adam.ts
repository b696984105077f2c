// Adam and AdamW with PyTorch's update rules.
import * as tf from "@tensorflow/tfjs";
import { decayRank2Plus, SlotOptimizer, type DecayPredicate, type LrScale, type Optimizer } from "./optimizer.js";

export interface AdamOptions {
  beta1?: number; // default 0.9
  beta2?: number; // default 0.999
  eps?: number; // default 1e-8
  /** Per-variable learning-rate multiple (weight decay scales with it, as in a torch param group). */
  lrScale?: LrScale;
}

export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay; default 0.01 (PyTorch's). */
  weightDecay?: number;
  /** Which variables decay; default rank >= 2 only. */
  decay?: DecayPredicate;
}

/**
 * m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
 * p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * AdamW first shrinks decaying parameters: p <- p * (1 - lr * weightDecay).
 */
class Adam extends SlotOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(
    kind: string,
    variables: tf.Variable[],
    opts: AdamOptions,
    private readonly weightDecay = 0,
    private readonly decays: DecayPredicate = decayRank2Plus,
  ) {
    super(kind, variables, ["m", "v"], opts.lrScale);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  protected update(p: tf.Variable, g: tf.Tensor, [m, v]: tf.Variable[], lr: number, t: number): void {
    const { beta1: b1, beta2: b2, eps } = this;
    m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
    v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
    const mHat = tf.div(m, 1 - b1 ** t);
    const denom = tf.add(tf.sqrt(tf.div(v, 1 - b2 ** t)), eps);
    let base: tf.Tensor = p;
    if (this.weightDecay > 0 && this.decays(p)) base = tf.mul(p, 1 - lr * this.weightDecay);
    p.assign(tf.sub(base, tf.mul(tf.div(mHat, denom), lr)));
  }
}

export function adam(variables: tf.Variable[], opts: AdamOptions = {}): Optimizer {
  return new Adam("adam", variables, opts);
}

export function adamw(variables: tf.Variable[], opts: AdamWOptions = {}): Optimizer {
  return new Adam("adamw", variables, opts, opts.weightDecay ?? 0.01, opts.decay ?? decayRank2Plus);
}
