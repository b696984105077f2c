import { describe, expect, it } from "vitest";
import { pca2d } from "../../src/runtime/eval/pca.js";
import { gaussian } from "./helpers.js";

/** An orthonormal basis of R^dim (Gram-Schmidt on gaussian vectors), as rows. */
function basis(dim: number, seed: number): number[][] {
  const g = gaussian(dim * dim, seed);
  const out: number[][] = [];
  for (let i = 0; i < dim; i++) {
    let v = Array.from(g.subarray(i * dim, (i + 1) * dim));
    for (const u of out) {
      const p = v.reduce((s, x, k) => s + x * u[k], 0);
      v = v.map((x, k) => x - p * u[k]);
    }
    const l = Math.hypot(...v);
    out.push(v.map((x) => x / l));
  }
  return out;
}

/** n points with standard deviations `sd` along the rows of a random basis, plus an offset. */
function anisotropic(n: number, sd: number[], q: number[][], offset: number): Float32Array {
  const dim = q.length;
  const z = gaussian(n * dim, 11);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      const c = z[i * dim + a] * sd[a];
      for (let k = 0; k < dim; k++) x[i * dim + k] += c * q[a][k];
    }
    for (let k = 0; k < dim; k++) x[i * dim + k] += offset;
  }
  return x;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, k) => s + x * b[k], 0);

describe("pca2d", () => {
  it("finds the known principal directions and their variance shares", () => {
    const dim = 12;
    const q = basis(dim, 3);
    const sd = [5, 3, ...Array(dim - 2).fill(0.3)];
    const n = 3000;
    const x = anisotropic(n, sd, q, 2);
    const p = pca2d(x, dim, { normalize: false });
    const c1 = p.components.subarray(0, dim);
    const c2 = p.components.subarray(dim);
    expect(Math.abs(dot(c1, q[0]))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(c2, q[1]))).toBeGreaterThan(0.995);
    expect(Math.abs(dot(c1, c2))).toBeLessThan(1e-6);
    const total = sd.reduce((s, v) => s + v * v, 0);
    expect(p.explained[0]).toBeCloseTo(25 / total, 1);
    expect(p.explained[1]).toBeCloseTo(9 / total, 1);
    expect(p.explained[0]).toBeGreaterThan(p.explained[1]);
    p.mean.forEach((m) => expect(m).toBeCloseTo(2, 0));
    // Coordinates are the centred points projected on the components.
    for (const i of [0, 17, 2999]) {
      const centred = Array.from(x.subarray(i * dim, (i + 1) * dim)).map((v, k) => v - p.mean[k]);
      expect(p.coords[i * 2]).toBeCloseTo(dot(centred, c1), 3);
      expect(p.coords[i * 2 + 1]).toBeCloseTo(dot(centred, c2), 3);
    }
  });

  it("separates two nearly equal leading directions", () => {
    const dim = 6;
    const q = basis(dim, 5);
    const p = pca2d(anisotropic(4000, [2, 1.98, 0.2, 0.2, 0.2, 0.2], q, 0), dim, { normalize: false });
    // The top-2 subspace is found even though its two directions barely differ.
    for (const c of [p.components.subarray(0, dim), p.components.subarray(dim)]) {
      expect(dot(c, q[0]) ** 2 + dot(c, q[1]) ** 2).toBeGreaterThan(0.999);
    }
  });

  it("is deterministic with a fixed sign, and handles rank-1 data", () => {
    const dim = 4;
    const x = anisotropic(200, [3, 1, 0.5, 0.1], basis(dim, 9), 0);
    const a = pca2d(x, dim);
    const b = pca2d(x, dim);
    expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
    for (const c of [a.components.subarray(0, dim), a.components.subarray(dim)]) {
      const biggest = Array.from(c).reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(biggest).toBeGreaterThan(0);
    }
    // Points on a line: second component is some unit vector orthogonal to it, with no variance.
    const line = new Float32Array(30);
    for (let i = 0; i < 10; i++) line.set([i, 2 * i, -i], i * 3);
    const l = pca2d(line, 3, { normalize: false });
    expect(Math.abs(dot(l.components.subarray(0, 3), [1 / Math.sqrt(6), 2 / Math.sqrt(6), -1 / Math.sqrt(6)]))).toBeCloseTo(1, 6);
    expect(l.explained[0]).toBeCloseTo(1, 6);
    expect(l.explained[1]).toBeCloseTo(0, 6);
    expect(Math.hypot(...l.components.subarray(3))).toBeCloseTo(1, 6);
  });
});
