// Host-side data layout for the wasm convolution kernels: zero-padded (and, for the input
// gradient, zero-dilated) copies of activations, filters packed in panels of NR output channels,
// and the byte offset of each filter tap within a padded image.
import { NR } from "./wat.js";

/** Where an [n, h, w, c] array goes inside a zero [n, H, W, c] one: row top + i*strideH, column left + j*strideW. */
export interface Placement {
  n: number;
  h: number;
  w: number;
  c: number;
  H: number;
  W: number;
  top: number;
  left: number;
  strideH: number;
  strideW: number;
}

/** Copies `src` into the zeroed `dst` as `p` says; rows and columns landing outside are dropped. */
export function placeInto(src: Float32Array, dst: Float32Array, p: Placement): void {
  const { n, h, w, c, H, W, top, left, strideH, strideW } = p;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      const row = top + i * strideH;
      if (row < 0 || row >= H) continue;
      const srcRow = (b * h + i) * w * c;
      const dstRow = (b * H + row) * W * c;
      if (strideW === 1) {
        const j0 = Math.max(0, -left);
        const j1 = Math.min(w, W - left);
        if (j1 > j0) dst.set(src.subarray(srcRow + j0 * c, srcRow + j1 * c), dstRow + (left + j0) * c);
        continue;
      }
      for (let j = 0; j < w; j++) {
        const col = left + j * strideW;
        if (col >= 0 && col < W) dst.set(src.subarray(srcRow + j * c, srcRow + (j + 1) * c), dstRow + col * c);
      }
    }
  }
}

/** Floats in a packed filter: panels of NR columns, each [taps][k][NR]. */
export function packedFloats(taps: number, k: number, n: number): number {
  return Math.ceil(n / NR) * taps * k * NR;
}

/**
 * Packs a filter given as value(t, k, n) for tap t, input channel k, output channel n into
 * [panel][t][k][NR], zero past the last output channel.
 */
export function packPanels(dst: Float32Array, taps: number, k: number, n: number, value: (t: number, kk: number, nn: number) => number): void {
  const panels = Math.ceil(n / NR);
  let at = 0;
  for (let j = 0; j < panels; j++) {
    for (let t = 0; t < taps; t++) {
      for (let kk = 0; kk < k; kk++) {
        for (let l = 0; l < NR; l++, at++) {
          const nn = j * NR + l;
          dst[at] = nn < n ? value(t, kk, nn) : 0;
        }
      }
    }
  }
}

/** Byte offset of each tap (kh, kw) in a [.., W, c] image, for dilations dh, dw. */
export function tapOffsets(dst: Int32Array, kH: number, kW: number, dh: number, dw: number, W: number, c: number): void {
  for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) dst[kh * kW + kw] = (kh * dh * W + kw * dw) * c * 4;
}
