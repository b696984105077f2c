// Rewrites a transpose that wasm's C++ kernel does slowly (it streams the
// whole tensor with a large output stride once the innermost axis moves)
// into 2-3 cache-friendly transposes: row moves, and 2-D transposes of
// small tiles. Pure shape logic, so it is testable without a backend.

export interface CollapsedTranspose {
  shape: number[];
  perm: number[];
}

/**
 * The same transpose with size-1 axes dropped and axes that stay adjacent
 * (and in order) merged: [n,h,w,c] with perm [3,1,2,0] becomes [n,h*w,c]
 * with perm [2,1,0].
 */
export function collapseTranspose(shape: readonly number[], perm: readonly number[]): CollapsedTranspose {
  const kept = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  const renumber = new Map(kept.map((axis, i) => [axis, i]));
  const dims = kept.map((axis) => shape[axis]!);
  const order = perm.filter((axis) => shape[axis] !== 1).map((axis) => renumber.get(axis)!);
  // Runs of consecutive input axes in output order move as one axis.
  const groups: number[][] = [];
  for (const axis of order) {
    const last = groups[groups.length - 1];
    if (last && axis === last[last.length - 1]! + 1) last.push(axis);
    else groups.push([axis]);
  }
  const byInputPosition = groups.map((g, i) => ({ first: g[0]!, group: i })).sort((a, b) => a.first - b.first);
  const inputIndexOfGroup = new Map(byInputPosition.map(({ group }, k) => [group, k]));
  return {
    shape: byInputPosition.map(({ group }) => groups[group]!.reduce((size, axis) => size * dims[axis]!, 1)),
    perm: groups.map((_, j) => inputIndexOfGroup.get(j)!),
  };
}

/** One step of a plan: reshape the current tensor, then transpose it. */
export interface TransposeStep {
  reshape: number[];
  perm: number[];
}

/** Tile height for the 2-D rewrite: 32 rows of a few hundred floats stay in L1/L2. */
const TILE = 32;
/** Below this many elements a transpose is cache resident and the stock kernel is fast. */
const MIN_ELEMENTS = 1 << 16;

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Steps equivalent to transposing `c.shape` by `c.perm`, or null to keep the stock kernel. */
export function planTranspose(c: CollapsedTranspose): TransposeStep[] | null {
  const size = c.shape.reduce((a, b) => a * b, 1);
  if (size < MIN_ELEMENTS) return null;
  if (same(c.perm, [1, 0])) return planBatched2D(1, c.shape[0]!, c.shape[1]!);
  if (same(c.perm, [0, 2, 1])) return planBatched2D(c.shape[0]!, c.shape[1]!, c.shape[2]!);
  if (same(c.perm, [2, 1, 0]) && c.shape[2]! >= 8) {
    // [a,m,c] -> [m,a,c] (row moves) -> [m,c,a] (m small 2-D transposes) -> [c,m,a] (row moves).
    const [a, m, k] = c.shape as [number, number, number];
    return [
      { reshape: [a, m, k], perm: [1, 0, 2] },
      { reshape: [m, a, k], perm: [0, 2, 1] },
      { reshape: [m, k, a], perm: [1, 0, 2] },
    ];
  }
  return null;
}

/** [b,r,c] -> [b,c,r] through [b,r/T,T,c] -> [b,r/T,c,T] -> [b,c,r/T,T]. */
function planBatched2D(batch: number, rows: number, cols: number): TransposeStep[] | null {
  if (rows % TILE !== 0 || rows < 4 * TILE || cols < 16 || rows * cols < MIN_ELEMENTS) return null;
  return [
    { reshape: [batch, rows / TILE, TILE, cols], perm: [0, 1, 3, 2] },
    { reshape: [batch, rows / TILE, cols, TILE], perm: [0, 2, 1, 3] },
  ];
}
