// Direct-loop reference implementations (in float64) that the kernel tests
// compare against. Deliberately naive: one formula each, no layout tricks.

export interface RefGeometry {
  n: number;
  h: number;
  w: number;
  ci: number;
  oh: number;
  ow: number;
  co: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
}

/** y[n,oh,ow,co] = sum x[n, oh*sh+kh*dh-top, ow*sw+kw*dw-left, ci] * f[kh,kw,ci,co]. */
export function refConv2d(x: ArrayLike<number>, f: ArrayLike<number>, g: RefGeometry): Float64Array {
  const y = new Float64Array(g.n * g.oh * g.ow * g.co);
  forEachTap(g, (n, oh, ow, kh, kw, ih, iw) => {
    for (let ci = 0; ci < g.ci; ci++) {
      const xv = x[((n * g.h + ih) * g.w + iw) * g.ci + ci]!;
      for (let co = 0; co < g.co; co++) {
        y[((n * g.oh + oh) * g.ow + ow) * g.co + co]! += xv * f[((kh * g.kw + kw) * g.ci + ci) * g.co + co]!;
      }
    }
  });
  return y;
}

/** dF[kh,kw,ci,co] = sum over n,oh,ow of x[..tap..] * dy[n,oh,ow,co]. */
export function refFilterGrad(x: ArrayLike<number>, dy: ArrayLike<number>, g: RefGeometry): Float64Array {
  const df = new Float64Array(g.kh * g.kw * g.ci * g.co);
  forEachTap(g, (n, oh, ow, kh, kw, ih, iw) => {
    for (let ci = 0; ci < g.ci; ci++) {
      const xv = x[((n * g.h + ih) * g.w + iw) * g.ci + ci]!;
      for (let co = 0; co < g.co; co++) {
        df[((kh * g.kw + kw) * g.ci + ci) * g.co + co]! += xv * dy[((n * g.oh + oh) * g.ow + ow) * g.co + co]!;
      }
    }
  });
  return df;
}

/** dx[n,ih,iw,ci] = sum over the taps that read it of f[kh,kw,ci,co] * dy[n,oh,ow,co]. */
export function refInputGrad(f: ArrayLike<number>, dy: ArrayLike<number>, g: RefGeometry): Float64Array {
  const dx = new Float64Array(g.n * g.h * g.w * g.ci);
  forEachTap(g, (n, oh, ow, kh, kw, ih, iw) => {
    for (let ci = 0; ci < g.ci; ci++) {
      let s = 0;
      for (let co = 0; co < g.co; co++) {
        s += f[((kh * g.kw + kw) * g.ci + ci) * g.co + co]! * dy[((n * g.oh + oh) * g.ow + ow) * g.co + co]!;
      }
      dx[((n * g.h + ih) * g.w + iw) * g.ci + ci]! += s;
    }
  });
  return dx;
}

/** Calls `fn` for every (output position, filter tap) whose input position is inside x. */
function forEachTap(
  g: RefGeometry,
  fn: (n: number, oh: number, ow: number, kh: number, kw: number, ih: number, iw: number) => void,
): void {
  for (let n = 0; n < g.n; n++)
    for (let oh = 0; oh < g.oh; oh++)
      for (let ow = 0; ow < g.ow; ow++)
        for (let kh = 0; kh < g.kh; kh++)
          for (let kw = 0; kw < g.kw; kw++) {
            const ih = oh * g.sh + kh * g.dh - g.top;
            const iw = ow * g.sw + kw * g.dw - g.left;
            if (ih >= 0 && ih < g.h && iw >= 0 && iw < g.w) fn(n, oh, ow, kh, kw, ih, iw);
          }
}

/** out[s, :] = sum of rows r of x (shape [rows, width]) with ids[r] = s. */
export function refSegmentSum(x: ArrayLike<number>, ids: ArrayLike<number>, width: number, numSegments: number): Float64Array {
  const out = new Float64Array(numSegments * width);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r]!;
    if (s < 0 || s >= numSegments) continue;
    for (let k = 0; k < width; k++) out[s * width + k]! += x[r * width + k]!;
  }
  return out;
}

/** Deterministic values in [-1, 1) (a small LCG), so failures reproduce. */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = (seed * 2654435761) >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Largest |a - b| relative to max(1, largest |b|). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}
