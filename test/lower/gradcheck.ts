// Gradient checks for lowered constructs: compile a tiny spec, take a fixed random linear
// read-out of one node, and compare tfjs's gradient in every parameter with central finite
// differences in float32.
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { checkSpec } from "../../src/check/check.js";
import { makeImportLoader } from "../../src/cli/read-spec.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { CompiledModel, type Feeds } from "../../src/lower/model.js";
import { Rng } from "../../src/common/random.js";
import { SourceFile } from "../../src/source/source.js";

/** Checks a spec given as text (imports of std/ resolve as in `mmc check`). */
export function compile(text: string, file = "test/lower/spec.mm"): IRProgram {
  const r = checkSpec(new SourceFile(file, text), { loadImport: makeImportLoader(process.cwd()) });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (!r.ir || errors.length) throw new Error(`spec does not check: ${errors.map((d) => d.message).join("; ")}`);
  return r.ir;
}

export function towerOutput(ir: IRProgram, name: string): number {
  const t = ir.towers.find((x) => x.name === name);
  if (!t) throw new Error(`no tower ${name}`);
  return t.output;
}

/** Token rows with `lengths[i]` real ids (1..vocab-1) followed by padding (0). */
export function tokens(lengths: number[], len: number, vocab: number, seed: number): tf.Tensor2D {
  const rng = new Rng(seed);
  const ids = new Int32Array(lengths.length * len);
  lengths.forEach((n, i) => {
    for (let j = 0; j < n; j++) ids[i * len + j] = 1 + rng.int(vocab - 1);
  });
  return tf.tensor2d(ids, [lengths.length, len], "int32");
}

export function images(batch: number, h: number, w: number, c: number, seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: batch * h * w * c }, () => rng.next()), [batch, h, w, c]);
}

/** sum(node * R) for a fixed random R: a scalar whose gradient involves every output entry. */
function readout(model: CompiledModel, feeds: Feeds, node: number, weights: tf.Tensor, training: boolean, seed: number): tf.Scalar {
  const out = model.forward(feeds, [node], training, new Rng(seed)).get(node)!;
  return tf.sum(tf.mul(out, weights)) as tf.Scalar;
}

export interface GradCheckResult {
  /** Largest |numeric - analytic| / (atol + rtol * |analytic|) over the sampled entries (<= 1 passes). */
  worst: number;
  checked: number;
  /** Per parameter key: entries checked and the largest analytic gradient magnitude. */
  params: Map<string, { checked: number; maxGrad: number; worst: number }>;
}

export interface GradCheckOptions {
  /** Finite-difference step. float32 forward passes: 1e-2 keeps rounding error below truncation error. */
  h?: number;
  atol?: number;
  rtol?: number;
  /** Entries sampled per parameter tensor. */
  samples?: number;
  seed?: number;
}

/**
 * Central differences (f(x + h) - f(x - h)) / 2h for sampled entries of every parameter,
 * against tf.variableGrads. The forward pass runs in evaluation mode (no dropout or augmentation).
 */
export function gradCheck(model: CompiledModel, feeds: Feeds, node: number, opts: GradCheckOptions = {}): GradCheckResult {
  const h = opts.h ?? 1e-2;
  const atol = opts.atol ?? 2e-3;
  const rtol = opts.rtol ?? 2e-2;
  const samples = opts.samples ?? 6;
  const rng = new Rng(opts.seed ?? 11);
  const shape = model.ir.nodes[node]!.shape.map((d, i) => (i === 0 ? feeds[Object.keys(feeds)[0]!]!.shape[0]! : d.size!));
  const weights = tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)), shape);
  const f = () => tf.tidy(() => readout(model, feeds, node, weights, false, 0).dataSync()[0]!);
  const vars = [...model.params.values()];
  const { grads, value } = tf.tidy(() => tf.variableGrads(() => readout(model, feeds, node, weights, false, 0), vars));
  value.dispose();
  let worst = 0;
  let checked = 0;
  const params = new Map<string, { checked: number; maxGrad: number; worst: number }>();
  for (const v of vars) {
    const key = model.keyOf(v);
    // tfjs leaves out variables the read-out does not reach: their gradient is zero.
    const g = grads[v.name] ? (grads[v.name]!.dataSync() as Float32Array) : new Float32Array(v.size);
    const base = v.dataSync().slice() as Float32Array;
    const picks = new Set<number>();
    // The entry with the largest gradient, plus random ones.
    picks.add(g.reduce((best, x, i) => (Math.abs(x) > Math.abs(g[best]!) ? i : best), 0));
    while (picks.size < Math.min(samples, base.length)) picks.add(rng.int(base.length));
    let paramWorst = 0;
    for (const i of picks) {
      const at = (delta: number) => {
        const moved = base.slice();
        moved[i] = base[i]! + delta;
        tf.tidy(() => v.assign(tf.tensor(moved, v.shape)));
        return f();
      };
      const numeric = (at(h) - at(-h)) / (2 * h);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      const analytic = g[i]!;
      if (process.env["GRADCHECK_DEBUG"]) console.log(key, i, numeric, analytic);
      paramWorst = Math.max(paramWorst, Math.abs(numeric - analytic) / (atol + rtol * Math.abs(analytic)));
      checked++;
    }
    worst = Math.max(worst, paramWorst);
    params.set(key, { checked: picks.size, maxGrad: g.reduce((m, x) => Math.max(m, Math.abs(x)), 0), worst: paramWorst });
  }
  tf.dispose([weights, ...Object.values(grads)]);
  return { worst, checked, params };
}

/** Asserts the check passed and that every parameter got a non-zero gradient (so each was really exercised). */
export function expectGradientsMatch(r: GradCheckResult, except: string[] = []): void {
  const bad = [...r.params].filter(([, p]) => p.worst > 1).map(([k, p]) => `${k} (${p.worst.toFixed(1)}x the tolerance)`);
  expect(bad, "parameters whose gradient differs from finite differences").toEqual([]);
  for (const [key, p] of r.params) if (!except.some((e) => key.includes(e))) expect(p.maxGrad, `gradient of ${key}`).toBeGreaterThan(0);
}

/** Runs `body` with a model of `text` and its feeds, disposing both and checking for leaks. */
export function withModel<T>(text: string, makeFeeds: (ir: IRProgram) => Feeds, body: (model: CompiledModel, feeds: Feeds, ir: IRProgram) => T): T {
  const ir = compile(text);
  const before = tf.memory().numTensors;
  const model = new CompiledModel(ir, 3);
  const feeds = makeFeeds(ir);
  let result: T;
  try {
    result = body(model, feeds, ir);
  } finally {
    tf.dispose(Object.values(feeds));
    model.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  return result;
}
