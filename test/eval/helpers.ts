// Deterministic test data for the evaluation tests.
import { Rng } from "../../src/common/random.js";

export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Standard normal samples (Box-Muller). */
export function gaussian(count: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  }
  return out;
}

/** Rows of the n x n identity (one-hot embeddings), optionally scaled. */
export function oneHots(n: number, scale = 1): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = scale;
  return out;
}

export function rows(data: number[][]): Float32Array {
  return Float32Array.from(data.flat());
}
