// Row-major embedding matrices as Float32Array ([n, dim]): normalisation and dot products.

/** Number of rows of a [n, dim] matrix, checking the length divides. */
export function rowCount(x: Float32Array, dim: number): number {
  if (dim <= 0 || x.length % dim !== 0) throw new Error(`embedding length ${x.length} is not a multiple of dim ${dim}`);
  return x.length / dim;
}

/** A copy with every row scaled to unit L2 norm (zero rows stay zero). */
export function normalizeRows(x: Float32Array, dim: number): Float32Array {
  const n = rowCount(x, dim);
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    let s = 0;
    for (let k = 0; k < dim; k++) s += x[o + k] * x[o + k];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < dim; k++) out[o + k] = x[o + k] * inv;
  }
  return out;
}

/** Dot product of row i of a and row j of b. */
export function dotRows(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  const ao = i * dim;
  const bo = j * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  // Four accumulators let the JIT overlap the multiply-adds.
  for (; k + 3 < dim; k += 4) {
    s0 += a[ao + k] * b[bo + k];
    s1 += a[ao + k + 1] * b[bo + k + 1];
    s2 += a[ao + k + 2] * b[bo + k + 2];
    s3 += a[ao + k + 3] * b[bo + k + 3];
  }
  for (; k < dim; k++) s0 += a[ao + k] * b[bo + k];
  return s0 + s1 + s2 + s3;
}

/**
 * [rows(a), rows(b)] matrix of dot products, a row-major Float32Array. The inputs are
 * used as given (normalise first for cosine scores).
 */
export function dotMatrix(a: Float32Array, b: Float32Array, dim: number, rowsA = rowCount(a, dim)): Float32Array {
  const nb = rowCount(b, dim);
  const out = new Float32Array(rowsA * nb);
  for (let i = 0; i < rowsA; i++) {
    const o = i * nb;
    for (let j = 0; j < nb; j++) out[o + j] = dotRows(a, i, b, j, dim);
  }
  return out;
}
