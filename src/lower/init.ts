// Seeded parameter initialisation, identical on every backend (values made in JS, then uploaded).
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../common/random.js";
import type { IRParam } from "../ir/ir.js";

function fans(shape: number[]): [number, number] {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  if (shape.length === 4) {
    const receptive = shape[0]! * shape[1]!;
    return [receptive * shape[2]!, receptive * shape[3]!];
  }
  const n = shape.reduce((a, b) => a * b, 1);
  return [n, n];
}

function normal(rng: Rng, std: number): number {
  const u = Math.max(rng.next(), 1e-12);
  return std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function initialValues(p: IRParam, rng: Rng): Float32Array {
  const n = p.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  switch (p.init) {
    case "zeros":
    case "file": // set from the model file (or a run's saved weights) before anything runs
      break;
    case "ones":
      out.fill(1);
      break;
    case "glorot_uniform": {
      const [fanIn, fanOut] = fans(p.shape);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < n; i++) out[i] = rng.uniform(-limit, limit);
      break;
    }
    case "embedding":
      // Keras' default: small uniform values, so mean-pooled bags start near zero.
      for (let i = 0; i < n; i++) out[i] = rng.uniform(-0.05, 0.05);
      break;
    case "positional":
    case "query":
      for (let i = 0; i < n; i++) out[i] = normal(rng, 0.02);
      break;
  }
  return out;
}

export function makeVariable(p: IRParam, rng: Rng, name: string, override?: number): tf.Variable {
  const values = initialValues(p, rng);
  if (override !== undefined) values.fill(override);
  // tidy frees the initial tensor; the variable keeps its own reference to the data.
  return tf.tidy(() => tf.variable(tf.tensor(values, p.shape, "float32"), true, name));
}
