// Two-component PCA of embeddings for the report's scatter plot.
import { normalizeRows, rowCount } from "./vectors.js";

export interface Pca2d {
  /** Row-major [n, 2] projections onto the two components. */
  coords: Float32Array;
  /** Row-major [2, dim] unit principal directions, largest variance first. */
  components: Float32Array;
  /** The mean that was subtracted, [dim]. */
  mean: Float32Array;
  /** Fraction of the total variance along each component. */
  explained: [number, number];
}

export interface PcaOptions {
  /** L2-normalise rows first (what cosine retrieval sees); default true. */
  normalize?: boolean;
  /** Subspace iterations; default 200 (stops early once converged). */
  iterations?: number;
}

/**
 * Orthogonal (subspace) iteration for the top two eigenvectors of the covariance X^T X
 * (X the centred data), applied as X^T (X v) so no dim x dim matrix is formed; a 2x2
 * Rayleigh-Ritz step then orders and separates the two directions. Converges at the rate
 * of the gap between the 2nd and 3rd eigenvalues, whatever the gap between the 1st and 2nd.
 * Deterministic: fixed start, and each component's sign is chosen so its largest-magnitude
 * entry is positive.
 */
export function pca2d(embeddings: Float32Array, dim: number, opts: PcaOptions = {}): Pca2d {
  const n = rowCount(embeddings, dim);
  if (dim < 2) throw new Error(`pca2d needs at least 2 dimensions, got ${dim}`);
  const x = Float64Array.from(opts.normalize ?? true ? normalizeRows(embeddings, dim) : embeddings);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) mean[k] += x[i * dim + k] / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) x[i * dim + k] -= mean[k];
  let total = 0;
  for (const v of x) total += v * v;

  const cov = (v: Float64Array) => covTimes(x, n, dim, v);
  let u = startVector(dim, 1);
  let w = startVector(dim, 2);
  [u, w] = orthonormalize(u, w);
  for (let it = 0; it < (opts.iterations ?? 200); it++) {
    const [u2, w2] = orthonormalize(cov(u), cov(w));
    const change = 1 - Math.abs(dot(u, u2)) + (1 - Math.abs(dot(w, w2)));
    u = u2;
    w = w2;
    if (change < 1e-12) break;
  }
  // Rayleigh-Ritz: diagonalise the covariance restricted to span(u, w).
  const cu = cov(u);
  const cw = cov(w);
  const [a, b, c] = [dot(u, cu), dot(u, cw), dot(w, cw)];
  const theta = 0.5 * Math.atan2(2 * b, a - c);
  const [cs, sn] = [Math.cos(theta), Math.sin(theta)];
  const p1 = fixSign(u.map((ui, k) => cs * ui + sn * w[k]));
  const p2 = fixSign(u.map((ui, k) => -sn * ui + cs * w[k]));

  const coords = new Float32Array(n * 2);
  let var1 = 0;
  let var2 = 0;
  for (let i = 0; i < n; i++) {
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < dim; k++) {
      s1 += x[i * dim + k] * p1[k];
      s2 += x[i * dim + k] * p2[k];
    }
    coords[i * 2] = s1;
    coords[i * 2 + 1] = s2;
    var1 += s1 * s1;
    var2 += s2 * s2;
  }
  const components = new Float32Array(2 * dim);
  components.set(p1, 0);
  components.set(p2, dim);
  const explained: [number, number] = total > 0 ? [var1 / total, var2 / total] : [0, 0];
  return { coords, components, mean: Float32Array.from(mean), explained };
}

/** X^T (X v) for centred row-major X [n, dim]. */
function covTimes(x: Float64Array, n: number, dim: number, v: Float64Array): Float64Array {
  const out = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += x[o + k] * v[k];
    for (let k = 0; k < dim; k++) out[k] += s * x[o + k];
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

/** Gram-Schmidt on two vectors; a degenerate vector is replaced so the pair stays a basis. */
function orthonormalize(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const u = unit(a) ?? unit(startVector(a.length, 3))!;
  const proj = dot(u, b);
  const w = unit(b.map((bk, k) => bk - proj * u[k])) ?? unit(orthogonalFallback(u))!;
  return [u, w];
}

function unit(v: Float64Array): Float64Array | null {
  const norm = Math.sqrt(dot(v, v));
  return norm > 1e-300 ? v.map((x) => x / norm) : null;
}

/** Any vector orthogonal to u (for data of rank < 2). */
function orthogonalFallback(u: Float64Array): Float64Array {
  const e = new Float64Array(u.length);
  let k = 0;
  for (let j = 1; j < u.length; j++) if (Math.abs(u[j]) < Math.abs(u[k])) k = j;
  e[k] = 1;
  const p = dot(u, e);
  return e.map((x, j) => x - p * u[j]);
}

/** A fixed, generic (not axis-aligned) start vector. */
function startVector(dim: number, seed: number): Float64Array {
  return Float64Array.from({ length: dim }, (_, k) => Math.sin(12.9898 * (k + 1) * seed + 78.233 * seed));
}

function fixSign(v: Float64Array): Float64Array {
  let k = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[k])) k = j;
  return v[k] < 0 ? v.map((x) => -x) : v;
}
