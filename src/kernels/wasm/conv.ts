// Convolution forward, input gradient and filter gradient on our wasm tiles (module.ts), for
// NHWC activations and HWIO filters of any stride, dilation and padding. All three are implicit
// GEMMs over a zero-padded copy of the activation: no im2col matrix is ever built.
import type * as tf from "@tensorflow/tfjs";
import type { ConvGeometry } from "../conv-geometry.js";
import { packedFloats, packPanels, placeInto, tapOffsets } from "./conv-layout.js";
import { addressOf, f32At, type WasmModuleBackend, withScratch } from "./heap.js";
import type { KernelExports } from "./module.js";
import { MR, NR } from "./wat.js";

const TILE_BYTES = MR * NR * 4;

/** y = conv(x, filter) (+ bias, relu), x [n, inH, inW, ci], filter [kH, kW, ci, co]. */
export function convForward(
  backend: WasmModuleBackend,
  k: KernelExports,
  g: ConvGeometry,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo {
  const out = backend.makeOutput([g.batch, g.outH, g.outW, g.outC], "float32");
  if (g.batch * g.outH * g.outW * g.outC === 0) return out;
  const H = (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1;
  const W = (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1;
  const copy = needsPaddedCopy(g, H, W);
  const plane = copy ? { H, W } : { H: g.inH, W: g.inW };
  const taps = g.kH * g.kW;
  const imageFloats = plane.H * plane.W * g.inC;
  const sizes = [copy ? g.batch * imageFloats * 4 : 0, packedFloats(taps, g.inC, g.outC) * 4, Math.ceil(g.outC / NR) * NR * 4, taps * 4, TILE_BYTES];
  withScratch(backend, sizes, ([padded, packed, biasPacked, tapTable, scratch]) => {
    const input = copy ? padded! : addressOf(backend, x);
    if (copy) placeActivation(backend, x, padded!, g, plane, g.inC, { top: g.padTop, left: g.padLeft, strideH: 1, strideW: 1 });
    const w = backend.typedArrayFromHeap(filter) as Float32Array;
    const { inC: ci, outC: co } = g;
    packPanels(f32At(backend, packed!, packedFloats(taps, ci, co)), taps, ci, co, (t, c, o) => w[(t * ci + c) * co + o]!);
    if (bias) {
      const b = f32At(backend, biasPacked!, Math.ceil(co / NR) * NR);
      b.fill(0);
      b.set(backend.typedArrayFromHeap(bias) as Float32Array);
    }
    tapOffsets(new Int32Array(backend.wasm.HEAPU8.buffer, tapTable!, taps), g.kH, g.kW, g.dilationH, g.dilationW, plane.W, ci);
    const y = addressOf(backend, out);
    for (let b = 0; b < g.batch; b++) {
      k.conv_fwd(
        input + b * imageFloats * 4, g.strideH * plane.W * ci * 4, g.strideW * ci * 4, g.outH, g.outW,
        tapTable!, taps, ci, packed!, co, y + b * g.outH * g.outW * co * 4, bias ? biasPacked! : 0, relu ? 1 : 0, scratch!,
      );
    }
  });
  return out;
}

/**
 * dx for dy [n, outH, outW, co]: a stride-1 convolution of dy, zero-dilated by the stride and
 * padded, with the flipped filter whose in/out channels are swapped. With taps flipped
 * (kh -> kH-1-kh), dx[i] = sum dyPadded[i + kh*d] * w[kH-1-kh], where dy[oh] sits at row
 * (kH-1)*d - padTop + oh*stride.
 */
export function convInputGrad(backend: WasmModuleBackend, k: KernelExports, g: ConvGeometry, dy: tf.TensorInfo, filter: tf.TensorInfo): tf.TensorInfo {
  const out = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], "float32");
  if (g.batch * g.inH * g.inW * g.inC === 0) return out;
  if (g.outH * g.outW * g.outC === 0) {
    (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
    return out;
  }
  const plane = { H: g.inH + (g.kH - 1) * g.dilationH, W: g.inW + (g.kW - 1) * g.dilationW };
  const taps = g.kH * g.kW;
  const { inC: ci, outC: co } = g;
  const imageFloats = plane.H * plane.W * co;
  const sizes = [g.batch * imageFloats * 4, packedFloats(taps, co, ci) * 4, taps * 4, TILE_BYTES];
  withScratch(backend, sizes, ([padded, packed, tapTable, scratch]) => {
    placeActivation(backend, dy, padded!, { batch: g.batch, inH: g.outH, inW: g.outW }, plane, co, {
      top: (g.kH - 1) * g.dilationH - g.padTop,
      left: (g.kW - 1) * g.dilationW - g.padLeft,
      strideH: g.strideH,
      strideW: g.strideW,
    });
    const w = backend.typedArrayFromHeap(filter) as Float32Array;
    const flip = (t: number) => taps - 1 - t; // (kh, kw) -> (kH-1-kh, kW-1-kw)
    packPanels(f32At(backend, packed!, packedFloats(taps, co, ci)), taps, co, ci, (t, o, c) => w[(flip(t) * ci + c) * co + o]!);
    tapOffsets(new Int32Array(backend.wasm.HEAPU8.buffer, tapTable!, taps), g.kH, g.kW, g.dilationH, g.dilationW, plane.W, co);
    const dx = addressOf(backend, out);
    for (let b = 0; b < g.batch; b++) {
      k.conv_fwd(padded! + b * imageFloats * 4, plane.W * co * 4, co * 4, g.inH, g.inW, tapTable!, taps, co, packed!, ci, dx + b * g.inH * g.inW * ci * 4, 0, 0, scratch!);
    }
  });
  return out;
}

/** Pixels of dy per call of the filter-gradient kernel: dy's block and x's rows stay in L2. */
const PIXELS_PER_BLOCK = 256;

/** dW[kh, kw, c, o] = sum over n, oh, ow of xPadded[n, oh*s + kh*d, ow*s + kw*d, c] * dy[n, oh, ow, o]. */
export function convFilterGrad(backend: WasmModuleBackend, k: KernelExports, g: ConvGeometry, x: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const out = backend.makeOutput([g.kH, g.kW, g.inC, g.outC], "float32");
  const dwFloats = g.kH * g.kW * g.inC * g.outC;
  if (dwFloats === 0) return out;
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  if (g.batch * g.outH * g.outW === 0) return out;
  const H = (g.outH - 1) * g.strideH + (g.kH - 1) * g.dilationH + 1;
  const W = (g.outW - 1) * g.strideW + (g.kW - 1) * g.dilationW + 1;
  // Tiles of MR channels read up to MR-1 floats past the last pixel: x itself only if that is in memory.
  const xEnd = addressOf(backend, x) + g.batch * g.inH * g.inW * g.inC * 4;
  const copy = needsPaddedCopy(g, H, W) || xEnd + MR * 4 > backend.wasm.HEAPU8.buffer.byteLength;
  const plane = copy ? { H, W } : { H: g.inH, W: g.inW };
  const { inC: ci, outC: co } = g;
  // dy's channels are read NR at a time: pad them when co is not a multiple of NR.
  const ldb = Math.ceil(co / NR) * NR;
  const dyCopy = ldb !== co;
  const taps = g.kH * g.kW;
  const imageFloats = plane.H * plane.W * ci;
  const sizes = [copy ? g.batch * imageFloats * 4 : 0, dyCopy ? g.batch * g.outH * g.outW * ldb * 4 : 0, taps * 4, TILE_BYTES];
  withScratch(backend, sizes, ([padded, dyPadded, tapTable, scratch]) => {
    if (copy) placeActivation(backend, x, padded!, g, plane, ci, { top: g.padTop, left: g.padLeft, strideH: 1, strideW: 1 });
    if (dyCopy) padChannels(f32At(backend, addressOf(backend, dy), g.batch * g.outH * g.outW * co), f32At(backend, dyPadded!, g.batch * g.outH * g.outW * ldb), co, ldb);
    const xBase = copy ? padded! : addressOf(backend, x);
    const dyBase = dyCopy ? dyPadded! : addressOf(backend, dy);
    const offsets = new Int32Array(backend.wasm.HEAPU8.buffer, tapTable!, taps);
    tapOffsets(offsets, g.kH, g.kW, g.dilationH, g.dilationW, plane.W, ci);
    const dw = addressOf(backend, out);
    const rowsPerBlock = Math.max(1, Math.floor(PIXELS_PER_BLOCK / g.outW));
    const xRow = g.strideH * plane.W * ci * 4;
    const dyRow = g.outW * ldb * 4;
    for (let b = 0; b < g.batch; b++) {
      for (let oh0 = 0; oh0 < g.outH; oh0 += rowsPerBlock) {
        const rows = Math.min(rowsPerBlock, g.outH - oh0);
        const xAt = xBase + b * imageFloats * 4 + oh0 * xRow;
        const dyAt = dyBase + (b * g.outH + oh0) * dyRow;
        for (let t = 0; t < taps; t++) {
          k.conv_wgrad(xAt + offsets[t]!, xRow, g.strideW * ci * 4, dyAt, dyRow, ldb * 4, rows, g.outW, ci, co, dw + t * ci * co * 4, scratch!);
        }
      }
    }
  });
  return out;
}

/** True unless the taps read x exactly as it is: no padding, nothing past its edges. */
function needsPaddedCopy(g: ConvGeometry, H: number, W: number): boolean {
  return g.padTop !== 0 || g.padLeft !== 0 || H > g.inH || W > g.inW;
}

function placeActivation(
  backend: WasmModuleBackend,
  src: tf.TensorInfo,
  dstPtr: number,
  s: { batch: number; inH: number; inW: number },
  plane: { H: number; W: number },
  c: number,
  at: { top: number; left: number; strideH: number; strideW: number },
): void {
  const dst = f32At(backend, dstPtr, s.batch * plane.H * plane.W * c);
  dst.fill(0);
  placeInto(backend.typedArrayFromHeap(src) as Float32Array, dst, { n: s.batch, h: s.inH, w: s.inW, c, H: plane.H, W: plane.W, ...at });
}

function padChannels(src: Float32Array, dst: Float32Array, c: number, ld: number): void {
  dst.fill(0);
  for (let p = 0, n = src.length / c; p < n; p++) dst.set(src.subarray(p * c, (p + 1) * c), p * ld);
}
