// Small helpers shared by the data tests.

/** Exact equality of two typed arrays (vitest's deep equality is slow on millions of values). */
export function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function inUnitRange(values: Float32Array): boolean {
  for (const v of values) if (!(v >= 0 && v <= 1)) return false;
  return true;
}
