// Copies a rectangular block out of a row-major array: the core of a slice
// that touches only the block's own bytes.
type Numeric = Float32Array | Int32Array | Uint8Array;

/** Copies x[begin : begin+size] (x of shape `shape`) into `out`, densely. */
export function copyBlock(x: Numeric, shape: readonly number[], begin: readonly number[], size: readonly number[], out: Numeric): void {
  const rank = shape.length;
  if (out.length === 0) return;
  // Merge trailing axes taken whole into one contiguous run.
  let axis = rank - 1;
  let run = 1;
  while (axis >= 0 && size[axis] === shape[axis] && begin[axis] === 0) run *= shape[axis--]!;
  if (axis < 0) {
    out.set(x.subarray(0, run));
    return;
  }
  const runStride = run; // elements per step of `axis`
  run *= size[axis]!;
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  let base = begin[axis]! * runStride;
  for (let i = 0; i < axis; i++) base += begin[i]! * strides[i]!;
  // Odometer over the outer axes 0..axis-1.
  const index = new Array<number>(axis).fill(0);
  const runs = out.length / run;
  let src = base;
  for (let r = 0, dst = 0; r < runs; r++, dst += run) {
    if (run >= 16) out.set(x.subarray(src, src + run), dst);
    else for (let k = 0; k < run; k++) out[dst + k] = x[src + k]!;
    for (let i = axis - 1; i >= 0; i--) {
      src += strides[i]!;
      if (++index[i]! < size[i]!) break;
      src -= strides[i]! * size[i]!;
      index[i] = 0;
    }
  }
}
