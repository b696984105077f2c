// IR -> a runnable tfjs model: one variable per IR parameter, a forward pass that computes
// only the nodes an output needs, and a check after every node that tfjs made the shape the
// checker promised (a disagreement is a compiler bug and names the spec's line).
import * as tf from "@tensorflow/tfjs";
import type { IRNode, IRProgram } from "../ir/ir.js";
import { formatShape } from "../ir/shape.js";
import { nodesNeededBy } from "../ir/needed.js";
import { Rng } from "../common/random.js";
import { makeVariable } from "./init.js";
import { paramKey, statKey } from "../ir/weight-names.js";
import { initialLossValue } from "../ir/losses.js";
import { runOp, type OpContext } from "./ops.js";
import { buildNodeModel, type BuiltTfjsModel } from "./tfjs-model-node.js";

import { CompilerBug } from "../ir/verify.js";

export { CompilerBug };

let instances = 0;

// Parameter keys are stable across runs ("image_enc/1/conv2d/kernel"); variable names add an instance prefix so two models can live in one process.
export { paramKey };

export interface Feeds {
  /** By input name: images float32 [B, H, W, C], tokens int32 [B, L], labels int32 [B]. */
  [input: string]: tf.Tensor;
}

export class CompiledModel {
  readonly params = new Map<string, tf.Variable>();
  readonly lossParams = new Map<string, tf.Variable>();
  readonly stats = new Map<string, tf.Variable>();
  private readonly prefix: string;
  /** Towers whose weights training leaves alone (`frozen`): no gradient, inference behaviour. */
  readonly frozenTowers: ReadonlySet<string>;
  /** Parameter keys that never change: a frozen tower's, a frozen `tfjs_model`'s (saved once). */
  readonly frozenKeys = new Set<string>();
  /** Parameter keys no gradient moves: the frozen ones, and state a loaded model keeps (its moving statistics). */
  private readonly fixedKeys = new Set<string>();
  /** The models of `tfjs_model` nodes, by node id; a LayersModel owns its node's variables. */
  readonly tfjsModels = new Map<number, BuiltTfjsModel>();
  private readonly keys = new Map<tf.Variable, string>();

  constructor(readonly ir: IRProgram, seed: number) {
    this.prefix = `mmc${instances++}/`;
    this.frozenTowers = new Set(ir.towers.filter((t) => t.update?.kind === "frozen").map((t) => t.name));
    const rng = new Rng(seed);
    for (const node of ir.nodes) {
      const built = node.op === "tfjs_model" ? buildNodeModel(node) : undefined;
      if (built) this.tfjsModels.set(node.id, built);
      const adopted = built?.kind === "layers" ? built.weights : undefined;
      const frozen = this.isFrozenNode(node);
      for (const p of node.params) {
        const key = paramKey(node, p.name);
        const v = adopted ? adopted.get(p.name)! : makeVariable(p, rng, this.prefix + key);
        this.params.set(key, v);
        this.keys.set(v, key);
        if (frozen) this.frozenKeys.add(key);
        if (frozen || p.fixed) this.fixedKeys.add(key);
      }
      if (node.op === "batch_norm") {
        const c = node.shape[node.shape.length - 1]!.size!;
        this.stats.set(statKey(node, "mean"), tf.tidy(() => tf.variable(tf.zeros([c]), false, `${this.prefix}${node.id}/running_mean`)));
        this.stats.set(statKey(node, "variance"), tf.tidy(() => tf.variable(tf.ones([c]), false, `${this.prefix}${node.id}/running_variance`)));
      }
    }
    for (const [i, term] of ir.loss.entries()) {
      for (const p of term.params) {
        const key = `loss/${i}/${term.kind}/${p.name}`;
        this.lossParams.set(key, makeVariable(p, rng, this.prefix + key, initialLossValue(term, p.name)));
      }
    }
  }

  /** A frozen tower's node, or a frozen `tfjs_model`: no gradient, and it runs as at inference. */
  private isFrozenNode(node: IRNode): boolean {
    return this.frozenTowers.has(node.tower) || (node.op === "tfjs_model" && node.attrs.frozen);
  }

  /** Every trainable variable: the layers' (but frozen ones and a loaded model's state) and the loss's. */
  trainable(): tf.Variable[] {
    const layers = [...this.params].filter(([key]) => !this.fixedKeys.has(key)).map(([, v]) => v);
    return [...layers, ...this.lossParams.values()];
  }

  /** The learning-rate multiple of a trainable variable: its tower's `lr_scale`, else 1. */
  lrScaleOf(v: tf.Variable): number {
    const key = this.keyOf(v);
    const tower = this.ir.towers.find((t) => key.startsWith(`${t.name}/`));
    return tower?.update?.kind === "scaled" ? tower.update.lrScale : 1;
  }

  /** A variable's stable key; a loaded model's variables keep the names tfjs-layers gave them, so they are looked up. */
  keyOf(v: tf.Variable): string {
    return this.keys.get(v) ?? v.name.slice(this.prefix.length);
  }

  variableFor(key: string): tf.Variable | undefined {
    return this.params.get(key) ?? this.lossParams.get(key) ?? this.stats.get(key);
  }

  /** Computes the requested nodes (and only what they need). Call inside tf.tidy or a gradient function. */
  forward(feeds: Feeds, outputs: number[], training: boolean, rng: Rng): Map<number, tf.Tensor> {
    const needed = this.needed(outputs);
    const values = new Map<number, tf.Tensor>();
    const ctx: OpContext = { training, rng, stats: this.stats, tfjsModels: this.tfjsModels };
    // A frozen tower runs as at inference even in training: no dropout, and its batch norms
    // use their running statistics without updating them, so its weights stay as loaded.
    const frozenCtx: OpContext = { ...ctx, training: false };
    for (const node of this.ir.nodes) {
      if (!needed.has(node.id)) continue;
      let out: tf.Tensor;
      if (node.op === "input") {
        const feed = feeds[node.attrs.name];
        if (!feed) throw new CompilerBug(`no data fed for input \`${node.attrs.name}\``);
        out = feed;
      } else {
        const params: Record<string, tf.Tensor> = {};
        for (const p of node.params) params[p.name] = this.params.get(paramKey(node, p.name))!;
        out = runOp(node, node.inputs.map((i) => values.get(i)!), params, this.isFrozenNode(node) ? frozenCtx : ctx);
      }
      assertShape(node, out);
      values.set(node.id, out);
    }
    return values;
  }

  private neededCache = new Map<string, Set<number>>();

  private needed(outputs: number[]): Set<number> {
    const key = outputs.join(",");
    let set = this.neededCache.get(key);
    if (!set) {
      set = nodesNeededBy(this.ir, outputs);
      this.neededCache.set(key, set);
    }
    return set;
  }

  dispose(): void {
    // A LayersModel frees its own variables (which the params map also holds).
    const owned = new Set<tf.Variable>();
    for (const built of this.tfjsModels.values()) {
      if (built.kind === "layers") for (const v of built.weights.values()) owned.add(v);
      built.model.dispose();
    }
    this.tfjsModels.clear();
    for (const v of [...this.params.values(), ...this.lossParams.values(), ...this.stats.values()]) if (!owned.has(v)) v.dispose();
    this.keys.clear();
    this.params.clear();
    this.lossParams.clear();
    this.stats.clear();
  }
}

function assertShape(node: IRNode, t: tf.Tensor): void {
  const want = node.shape;
  const ok = t.shape.length === want.length && want.every((d, i) => d.size === null || d.size === t.shape[i]);
  if (!ok) throw new CompilerBug(`\`${node.label}\` (${node.file}) was checked as ${formatShape(want)} but tfjs made [${t.shape.join(", ")}]`);
}
