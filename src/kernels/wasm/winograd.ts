// Winograd F(2x2, 3x3) for 3x3 stride-1 undilated convolutions with channel counts that are
// multiples of 4: forward, input gradient (itself such a convolution, of dy with the flipped
// filter) and filter gradient. 16 GEMMs of a quarter of the tile's pixels replace the 9 taps:
// 2.25x fewer multiply-adds, for three cheap transforms (winograd-wat.ts).
import type * as tf from "@tensorflow/tfjs";
import type { ConvGeometry } from "../conv-geometry.js";
import { packedFloats, packPanels, placeInto } from "./conv-layout.js";
import { addressOf, f32At, type WasmModuleBackend, withScratch } from "./heap.js";
import type { KernelExports } from "./module.js";
import { MR, NR } from "./wat.js";

/** The 4x3 filter transform of F(2, 3). */
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
] as const;

/** Tiles a block aims for: its 16 transformed planes stay in L2 between transform and GEMM. */
const TILES_PER_BLOCK = 64;

export function winogradApplies(g: ConvGeometry): boolean {
  const unit = g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1;
  return unit && g.inC % 4 === 0 && g.outC % 4 === 0 && g.inC >= 8 && g.outC >= 8;
}

/** Filter value (tap kh*3+kw, input channel c, output channel o) of the convolution being run. */
type FilterAt = (tap: number, c: number, o: number) => number;

/** U[xi][c][o] = (G g G^T)[xi] for each 3x3 filter g = filter(., c, o). */
function transformFilter(filter: FilterAt, cin: number, cout: number): Float32Array {
  const u = new Float32Array(16 * cin * cout);
  const gg = new Float64Array(9);
  const tmp = new Float64Array(12);
  for (let c = 0; c < cin; c++) {
    for (let o = 0; o < cout; o++) {
      for (let t = 0; t < 9; t++) gg[t] = filter(t, c, o);
      for (let a = 0; a < 4; a++) for (let j = 0; j < 3; j++) tmp[a * 3 + j] = G[a]![0] * gg[j]! + G[a]![1] * gg[3 + j]! + G[a]![2] * gg[6 + j]!;
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) u[((a * 4 + b) * cin + c) * cout + o] = tmp[a * 3]! * G[b]![0] + tmp[a * 3 + 1]! * G[b]![1] + tmp[a * 3 + 2]! * G[b]![2];
      }
    }
  }
  return u;
}

interface Blocking {
  tilesH: number;
  tilesW: number;
  rowsPerBlock: number;
  tilesPerBlock: number;
  /** The zero-padded input plane the 4x4 patches are read from. */
  H: number;
  W: number;
}

function blocking(outH: number, outW: number): Blocking {
  const tilesH = Math.ceil(outH / 2);
  const tilesW = Math.ceil(outW / 2);
  const rowsPerBlock = Math.max(1, Math.min(tilesH, Math.floor(TILES_PER_BLOCK / tilesW)));
  return { tilesH, tilesW, rowsPerBlock, tilesPerBlock: rowsPerBlock * tilesW, H: 2 * tilesH + 2, W: 2 * tilesW + 2 };
}

/**
 * out[n, outH, outW, cout] = conv3x3(src placed at (top, left) in a zero plane, filter) (+ bias, relu).
 * Serves the forward pass (src = x) and the input gradient (src = dy, flipped filter).
 */
function winogradConv(
  backend: WasmModuleBackend,
  k: KernelExports,
  src: { info: tf.TensorInfo; n: number; h: number; w: number; c: number; top: number; left: number },
  /** Reads the filter from its HWIO view, taken after our malloc (which may grow the heap and detach older views). */
  filterOf: (hwio: Float32Array) => FilterAt,
  filter: tf.TensorInfo,
  cout: number,
  outH: number,
  outW: number,
  out: tf.TensorInfo,
  bias: tf.TensorInfo | null,
  relu: boolean,
): void {
  const cin = src.c;
  const bl = blocking(outH, outW);
  const T = bl.tilesPerBlock;
  const imageFloats = bl.H * bl.W * cin;
  const panelFloats = packedFloats(1, cin, cout);
  const sizes = [src.n * imageFloats * 4, 16 * T * cin * 4, 16 * T * cout * 4, 16 * panelFloats * 4, cout * 4, 4, MR * NR * 4];
  withScratch(backend, sizes, ([padded, v, m, packed, biasAt, tapTable, scratch]) => {
    const dst = f32At(backend, padded!, src.n * imageFloats);
    dst.fill(0);
    placeInto(backend.typedArrayFromHeap(src.info) as Float32Array, dst, { n: src.n, h: src.h, w: src.w, c: cin, H: bl.H, W: bl.W, top: src.top, left: src.left, strideH: 1, strideW: 1 });
    const u = transformFilter(filterOf(backend.typedArrayFromHeap(filter) as Float32Array), cin, cout);
    for (let xi = 0; xi < 16; xi++) {
      const plane = u.subarray(xi * cin * cout, (xi + 1) * cin * cout);
      packPanels(f32At(backend, packed! + xi * panelFloats * 4, panelFloats), 1, cin, cout, (_, c, o) => plane[c * cout + o]!);
    }
    const b = f32At(backend, biasAt!, cout);
    if (bias) b.set(backend.typedArrayFromHeap(bias) as Float32Array);
    else b.fill(0);
    new Int32Array(backend.wasm.HEAPU8.buffer, tapTable!, 1)[0] = 0;
    const y = addressOf(backend, out);
    for (let n = 0; n < src.n; n++) {
      for (let tr0 = 0; tr0 < bl.tilesH; tr0 += bl.rowsPerBlock) {
        const rows = Math.min(bl.rowsPerBlock, bl.tilesH - tr0);
        const tiles = rows * bl.tilesW;
        k.wino_input(padded! + (n * imageFloats + 2 * tr0 * bl.W * cin) * 4, bl.W * cin * 4, cin * 4, cin, rows, bl.tilesW, v!, T * cin * 4);
        for (let xi = 0; xi < 16; xi++) {
          k.conv_fwd(v! + xi * T * cin * 4, 0, cin * 4, 1, tiles, tapTable!, 1, cin, packed! + xi * panelFloats * 4, cout, m! + xi * T * cout * 4, 0, 0, scratch!);
        }
        const yAt = y + ((n * outH + 2 * tr0) * outW) * cout * 4;
        k.wino_output(m!, T * cout * 4, cout, rows, bl.tilesW, yAt, outW * cout * 4, cout * 4, outH - 2 * tr0, outW, biasAt!, relu ? 1 : 0);
      }
    }
  });
}

export function winogradForward(
  backend: WasmModuleBackend, k: KernelExports, g: ConvGeometry,
  x: tf.TensorInfo, filter: tf.TensorInfo, bias: tf.TensorInfo | null, relu: boolean,
): tf.TensorInfo {
  const out = backend.makeOutput([g.batch, g.outH, g.outW, g.outC], "float32");
  if (g.batch * g.outH * g.outW === 0) return out;
  const { inC: ci, outC: co } = g;
  const src = { info: x, n: g.batch, h: g.inH, w: g.inW, c: ci, top: g.padTop, left: g.padLeft };
  const filterAt = (w: Float32Array): FilterAt => (t, c, o) => w[(t * ci + c) * co + o]!;
  winogradConv(backend, k, src, filterAt, filter, co, g.outH, g.outW, out, bias, relu);
  return out;
}

/** dx = conv3x3(dy padded by 2 - pad, flipped filter with in/out swapped): see conv.ts convInputGrad. */
export function winogradInputGrad(backend: WasmModuleBackend, k: KernelExports, g: ConvGeometry, dy: tf.TensorInfo, filter: tf.TensorInfo): tf.TensorInfo {
  const out = backend.makeOutput([g.batch, g.inH, g.inW, g.inC], "float32");
  if (g.batch * g.inH * g.inW === 0) return out;
  const { inC: ci, outC: co } = g;
  const src = { info: dy, n: g.batch, h: g.outH, w: g.outW, c: co, top: 2 - g.padTop, left: 2 - g.padLeft };
  const flipped = (w: Float32Array): FilterAt => (t, o, c) => w[((8 - t) * ci + c) * co + o]!;
  winogradConv(backend, k, src, flipped, filter, ci, g.inH, g.inW, out, null, false);
  return out;
}

/** dW = G^T [ sum over tiles (B^T x B) . (A dy A^T) ] G per (input, output) channel pair. */
export function winogradFilterGrad(backend: WasmModuleBackend, k: KernelExports, g: ConvGeometry, x: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const out = backend.makeOutput([3, 3, g.inC, g.outC], "float32");
  const { inC: ci, outC: co } = g;
  const bl = blocking(g.outH, g.outW);
  const T = bl.tilesPerBlock;
  const ld = Math.ceil(co / NR) * NR;
  const imageFloats = bl.H * bl.W * ci;
  const sizes = [g.batch * imageFloats * 4, 16 * T * ci * 4, 16 * T * ld * 4, 16 * ci * co * 4, MR * NR * 4];
  withScratch(backend, sizes, ([padded, v, d, acc, scratch]) => {
    const dst = f32At(backend, padded!, g.batch * imageFloats);
    dst.fill(0);
    placeInto(backend.typedArrayFromHeap(x) as Float32Array, dst, { n: g.batch, h: g.inH, w: g.inW, c: ci, H: bl.H, W: bl.W, top: g.padTop, left: g.padLeft, strideH: 1, strideW: 1 });
    f32At(backend, acc!, 16 * ci * co).fill(0);
    const dyAt = addressOf(backend, dy);
    for (let n = 0; n < g.batch; n++) {
      for (let tr0 = 0; tr0 < bl.tilesH; tr0 += bl.rowsPerBlock) {
        const rows = Math.min(bl.rowsPerBlock, bl.tilesH - tr0);
        const tiles = rows * bl.tilesW;
        k.wino_input(padded! + (n * imageFloats + 2 * tr0 * bl.W * ci) * 4, bl.W * ci * 4, ci * 4, ci, rows, bl.tilesW, v!, T * ci * 4);
        const dyBlock = dyAt + ((n * g.outH + 2 * tr0) * g.outW) * co * 4;
        k.wino_dy(dyBlock, g.outW * co * 4, co * 4, co, rows, bl.tilesW, g.outH - 2 * tr0, g.outW, d!, T * ld * 4, ld);
        for (let xi = 0; xi < 16; xi++) {
          k.conv_wgrad(v! + xi * T * ci * 4, 0, ci * 4, d! + xi * T * ld * 4, 0, ld * 4, 1, tiles, ci, co, acc! + xi * ci * co * 4, scratch!);
        }
      }
    }
    const m = f32At(backend, acc!, 16 * ci * co);
    const dw = backend.typedArrayFromHeap(out) as Float32Array;
    const plane = ci * co;
    for (let p = 0; p < plane; p++) {
      for (let kh = 0; kh < 3; kh++) {
        for (let kw = 0; kw < 3; kw++) {
          let s = 0;
          for (let a = 0; a < 4; a++) {
            const ga = G[a]![kh]!;
            if (ga === 0) continue;
            for (let b = 0; b < 4; b++) s += ga * G[b]![kw]! * m[(a * 4 + b) * plane + p]!;
          }
          dw[(kh * 3 + kw) * plane + p] = s;
        }
      }
    }
  });
  return out;
}
