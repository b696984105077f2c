// The optimizer contract and the slot bookkeeping shared by Adam(W) and SGD.
import * as tf from "@tensorflow/tfjs";
import { gradEntries, type Grads } from "./grads.js";

/** One slot tensor (a moment, a momentum buffer) as plain data. */
export interface SlotData {
  shape: number[];
  values: Float32Array;
}

/** Everything needed to resume an optimizer exactly; plain data, no tensors. */
export interface OptimizerState {
  kind: string;
  /** Number of step() calls so far (Adam's bias correction depends on it). */
  step: number;
  /** Keyed "<variable name>/<slot name>". */
  slots: Record<string, SlotData>;
}

export interface Optimizer {
  readonly kind: string;
  /** Steps taken so far. */
  readonly stepCount: number;
  /**
   * Update every variable that has a gradient, in place, at learning rate lr. The caller
   * keeps ownership of grads (dispose them after). Throws on a gradient for a variable
   * the optimizer does not hold.
   */
  step(grads: Grads, lr: number): void;
  /** A copy of the slot tensors and step count, read asynchronously (WebGPU in Node has no other way). */
  state(): Promise<OptimizerState>;
  /** Restore a state from state(); shapes and kind must match. */
  load(state: OptimizerState): void;
  /** Free the slot tensors (they outlive the model otherwise). */
  dispose(): void;
}

/** Which variables get weight decay; default: matrices and kernels (rank >= 2), not biases, norm scales or scalars. */
export type DecayPredicate = (v: tf.Variable) => boolean;
export const decayRank2Plus: DecayPredicate = (v) => v.shape.length >= 2;

/** A variable's multiple of the step's learning rate (a tower's `lr_scale`); default 1 for all. */
export type LrScale = (v: tf.Variable) => number;

/** Per-variable zero-initialised slot tensors and a step counter, with state save/load. */
export abstract class SlotOptimizer implements Optimizer {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly slotVars = new Map<string, tf.Variable[]>();
  private steps = 0;

  protected constructor(
    readonly kind: string,
    variables: tf.Variable[],
    private readonly slotNames: string[],
    private readonly lrScale: LrScale = () => 1,
  ) {
    for (const v of variables) {
      if (this.vars.has(v.name)) throw new Error(`${kind}: variable ${v.name} listed twice`);
      this.vars.set(v.name, v);
      this.slotVars.set(v.name, slotNames.map((s) => zerosVariable(v.shape, `${v.name}/${kind}/${s}`)));
    }
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Apply one update to one variable; t is the 1-based step number. */
  protected abstract update(v: tf.Variable, g: tf.Tensor, slots: tf.Variable[], lr: number, t: number): void;

  step(grads: Grads, lr: number): void {
    const entries = gradEntries(grads);
    for (const [name] of entries) {
      if (!this.vars.has(name)) throw new Error(`${this.kind}: gradient for unknown variable ${name}`);
    }
    this.steps++;
    for (const [name, g] of entries) {
      const v = this.vars.get(name)!;
      const scale = this.lrScale(v);
      tf.tidy(() => this.update(v, g, this.slotVars.get(name)!, scale === 1 ? lr : lr * scale, this.steps));
    }
  }

  async state(): Promise<OptimizerState> {
    const steps = this.steps;
    const all = [...this.slotVars].flatMap(([name, vs]) => vs.map((s, k) => ({ key: `${name}/${this.slotNames[k]}`, s })));
    const values = await Promise.all(all.map(({ s }) => s.data()));
    const slots: Record<string, SlotData> = {};
    all.forEach(({ key, s }, i) => (slots[key] = { shape: [...s.shape], values: Float32Array.from(values[i]!) }));
    return { kind: this.kind, step: steps, slots };
  }

  load(state: OptimizerState): void {
    if (state.kind !== this.kind) throw new Error(`cannot load ${state.kind} state into ${this.kind}`);
    for (const [name, vs] of this.slotVars) {
      vs.forEach((s, k) => {
        const key = `${name}/${this.slotNames[k]}`;
        const data = state.slots[key];
        if (!data) throw new Error(`${this.kind} state lacks slot ${key}`);
        if (data.shape.join(",") !== s.shape.join(",")) {
          throw new Error(`${this.kind} slot ${key} is [${data.shape}] in the state but [${s.shape}] here`);
        }
        tf.tidy(() => s.assign(tf.tensor(data.values, s.shape, "float32")));
      });
    }
    this.steps = state.step;
  }

  dispose(): void {
    for (const vs of this.slotVars.values()) for (const s of vs) s.dispose();
    this.slotVars.clear();
    this.vars.clear();
  }
}

/** A non-trainable zero variable; the initial tensor is freed (tf.variable keeps its own copy). */
function zerosVariable(shape: number[], name: string): tf.Variable {
  const init = tf.zeros(shape, "float32");
  const v = tf.variable(init, false, name);
  init.dispose();
  return v;
}
