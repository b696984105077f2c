// WebAssembly text of our convolution kernels, generated rather than written by hand because
// the register-blocked tiles are unrolled (MR x NR accumulators named one by one) and the two
// variants differ only in how a multiply-add is spelled. Why hand-written WAT and not
// AssemblyScript or C: there is no clang/emcc here, and in WAT every v128 local, load and loop is
// ours: what reaches V8 is the tile as written (binaryen's optimiser, which AssemblyScript runs,
// may unroll or reorder it), and V8's register pressure decides the tile shape (see MR).
// wabt (npm, pure JS) turns this text into the committed .wasm files: see build.ts.
//
// Memory is imported: the module runs on tfjs-backend-wasm's own heap, so kernels read inputs
// and write outputs in place; scratch buffers come from that heap's malloc.

import { winogradTransformsWat } from "./winograd-wat.js";

export type KernelVariant = "relaxed" | "simd128";

/**
 * Rows of a tile: output pixels (forward) or input channels (filter gradient). 4x8 because
 * TurboFan issues a step's loads before its multiply-adds: 8 accumulators + 2 B vectors + 4
 * splats of A = 14 of the 15 xmm registers V8 allocates on x64 (6x8 needs 20 and spills).
 */
export const MR = 4;
/** Columns of a tile: output channels, two f32x4 vectors. */
export const NR = 8;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const acc = (r: number, c: number): string => `$c${r}_${c}`;

/** acc += a * b: one fused instruction with relaxed SIMD, a multiply and an add without. */
function madd(variant: KernelVariant, accName: string, a: string, b: string): string {
  return variant === "relaxed"
    ? `(local.set ${accName} (f32x4.relaxed_madd (local.get ${a}) (local.get ${b}) (local.get ${accName})))`
    : `(local.set ${accName} (f32x4.add (local.get ${accName}) (f32x4.mul (local.get ${a}) (local.get ${b}))))`;
}

/** One k step of the tile: the B row (2 vectors at bp + bOff) times a splat of each row's A value. */
function tileStep(variant: KernelVariant, aSplat: (r: number) => string, bp: string, bOff: number): string[] {
  const lines = [
    `(local.set $b0 (v128.load offset=${bOff} (local.get ${bp})))`,
    `(local.set $b1 (v128.load offset=${bOff + 16} (local.get ${bp})))`,
  ];
  for (const r of range(MR)) {
    lines.push(`(local.set $a ${aSplat(r)})`);
    lines.push(madd(variant, acc(r, 0), "$a", "$b0"), madd(variant, acc(r, 1), "$a", "$b1"));
  }
  return lines;
}

const accLocals = (): string => range(MR).flatMap((r) => [0, 1].map((c) => `(local ${acc(r, c)} v128)`)).join(" ");
const forAcc = (f: (r: number, c: number) => string): string[] => range(MR).flatMap((r) => [0, 1].map((c) => f(r, c)));
const min = (a: string, b: string): string => `(select ${a} ${b} (i32.lt_s ${a} ${b}))`;

/** Stores the tile at $dst (row stride $ld4 bytes), or through $scratch when it is partial. */
function storeTile(): string[] {
  return [
    `(if (i32.and (i32.eq (local.get $mr) (i32.const ${MR})) (i32.eq (local.get $nr) (i32.const ${NR})))`,
    `  (then`,
    ...forAcc((r, c) => `    (v128.store offset=${c * 16} (i32.add (local.get $dst) (i32.mul (i32.const ${r}) (local.get $ld4))) (local.get ${acc(r, c)}))`),
    `  )`,
    `  (else`,
    ...forAcc((r, c) => `    (v128.store offset=${r * 32 + c * 16} (local.get $scratch) (local.get ${acc(r, c)}))`),
    `    (local.set $r (i32.const 0))`,
    `    (loop $copyRows`,
    `      (local.set $l (i32.const 0))`,
    `      (loop $copyCols`,
    `        (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $ld4))) (i32.shl (local.get $l) (i32.const 2)))`,
    `          (f32.load (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $r) (i32.const 5)) (i32.shl (local.get $l) (i32.const 2))))))`,
    `        (local.set $l (i32.add (local.get $l) (i32.const 1)))`,
    `        (br_if $copyCols (i32.lt_u (local.get $l) (local.get $nr))))`,
    `      (local.set $r (i32.add (local.get $r) (i32.const 1)))`,
    `      (br_if $copyRows (i32.lt_u (local.get $r) (local.get $mr))))`,
    `  )`,
    `)`,
  ];
}

/** Loads the tile from $dst, through a zeroed $scratch when it is partial (the inverse of storeTile). */
function loadTile(): string[] {
  return [
    `(if (i32.and (i32.eq (local.get $mr) (i32.const ${MR})) (i32.eq (local.get $nr) (i32.const ${NR})))`,
    `  (then`,
    ...forAcc((r, c) => `    (local.set ${acc(r, c)} (v128.load offset=${c * 16} (i32.add (local.get $dst) (i32.mul (i32.const ${r}) (local.get $ld4)))))`),
    `  )`,
    `  (else`,
    `    (memory.fill (local.get $scratch) (i32.const 0) (i32.const ${MR * NR * 4}))`,
    `    (local.set $r (i32.const 0))`,
    `    (loop $copyRows`,
    `      (local.set $l (i32.const 0))`,
    `      (loop $copyCols`,
    `        (f32.store (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $r) (i32.const 5)) (i32.shl (local.get $l) (i32.const 2))))`,
    `          (f32.load (i32.add (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $ld4))) (i32.shl (local.get $l) (i32.const 2)))))`,
    `        (local.set $l (i32.add (local.get $l) (i32.const 1)))`,
    `        (br_if $copyCols (i32.lt_u (local.get $l) (local.get $nr))))`,
    `      (local.set $r (i32.add (local.get $r) (i32.const 1)))`,
    `      (br_if $copyRows (i32.lt_u (local.get $r) (local.get $mr))))`,
    ...forAcc((r, c) => `    (local.set ${acc(r, c)} (v128.load offset=${r * 32 + c * 16} (local.get $scratch)))`),
    `  )`,
    `)`,
  ];
}

/**
 * conv_fwd: one image of a convolution as implicit GEMM, no im2col. out[oh, ow, :] =
 * sum over taps t and channels c of in[oh*inRow + ow*inPix + taps[t] + 4c] * w[t, c, :].
 * `in` is the zero-padded image, `taps` holds each filter tap's byte offset in it, `w` the
 * filter packed in panels of NR output channels ([panel][tap][c][NR], zero-filled past co).
 * Tiles are MR pixels of one output row by NR channels; bias (0: none) and relu fused.
 */
function convForward(variant: KernelVariant): string[] {
  // Each row of the tile has its own pixel pointer p_r. No unrolling: TurboFan keeps loads in
  // program order ahead of the (pure) multiply-adds, so an unrolled step's loads would all be
  // live at once and spill the accumulators.
  const step = (aOff: number, bOff: number) => tileStep(variant, (r) => `(v128.load32_splat offset=${aOff} (local.get $p${r}))`, "$bp", bOff);
  return [
    `(func (export "conv_fwd") (param $in i32) (param $inRow i32) (param $inPix i32) (param $outH i32) (param $outW i32)`,
    `  (param $taps i32) (param $ntaps i32) (param $ci i32) (param $w i32) (param $co i32)`,
    `  (param $out i32) (param $bias i32) (param $relu i32) (param $scratch i32)`,
    `  (local $oh i32) (local $ow0 i32) (local $mr i32) (local $j i32) (local $nr i32) (local $panels i32) (local $panelBytes i32)`,
    `  (local $rowIn i32) (local $rowOut i32) (local $bp i32) (local $t i32) (local $k i32) (local $off i32) (local $dst i32) (local $ld4 i32)`,
    `  (local $r i32) (local $l i32)`,
    `  ${range(MR).map((r) => `(local $row${r} i32) (local $p${r} i32)`).join(" ")}`,
    `  (local $a v128) (local $b0 v128) (local $b1 v128) ${accLocals()}`,
    `  (local.set $ld4 (i32.shl (local.get $co) (i32.const 2)))`,
    `  (local.set $panels (i32.shr_u (i32.add (local.get $co) (i32.const ${NR - 1})) (i32.const 3)))`,
    `  (local.set $panelBytes (i32.mul (i32.mul (local.get $ntaps) (local.get $ci)) (i32.const ${NR * 4})))`,
    `  (loop $rows`,
    `    (local.set $rowIn (i32.add (local.get $in) (i32.mul (local.get $oh) (local.get $inRow))))`,
    `    (local.set $rowOut (i32.add (local.get $out) (i32.mul (i32.mul (local.get $oh) (local.get $outW)) (local.get $ld4))))`,
    `    (local.set $ow0 (i32.const 0))`,
    `    (loop $tiles`,
    `      (local.set $mr ${min(`(i32.const ${MR})`, "(i32.sub (local.get $outW) (local.get $ow0))")})`,
    // Rows past the end repeat the last one: their loads stay in bounds, their results are dropped.
    ...range(MR).map(
      (r) =>
        `      (local.set $row${r} (i32.add (local.get $rowIn) (i32.mul (i32.add (local.get $ow0) ${min(`(i32.const ${r})`, "(i32.sub (local.get $mr) (i32.const 1))")}) (local.get $inPix))))`,
    ),
    `      (local.set $j (i32.const 0))`,
    `      (loop $panelLoop`,
    `        (local.set $nr ${min(`(i32.const ${NR})`, `(i32.sub (local.get $co) (i32.shl (local.get $j) (i32.const 3)))`)})`,
    `        (if (local.get $bias)`,
    `          (then`,
    `            (local.set $b0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 5)))))`,
    `            (local.set $b1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 5))))))`,
    `          (else (local.set $b0 (v128.const i32x4 0 0 0 0)) (local.set $b1 (v128.const i32x4 0 0 0 0))))`,
    ...forAcc((r, c) => `        (local.set ${acc(r, c)} (local.get $b${c}))`),
    `        (local.set $bp (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $panelBytes))))`,
    `        (local.set $t (i32.const 0))`,
    `        (loop $tapLoop`,
    `          (local.set $off (i32.load (i32.add (local.get $taps) (i32.shl (local.get $t) (i32.const 2)))))`,
    ...range(MR).map((r) => `          (local.set $p${r} (i32.add (local.get $row${r}) (local.get $off)))`),
    `          (local.set $k (local.get $ci))`,
    `          (loop $kLoop`,
    ...step(0, 0).map((l) => `            ${l}`),
    ...range(MR).map((r) => `            (local.set $p${r} (i32.add (local.get $p${r}) (i32.const 4)))`),
    `            (local.set $bp (i32.add (local.get $bp) (i32.const ${NR * 4})))`,
    `            (local.set $k (i32.sub (local.get $k) (i32.const 1)))`,
    `            (br_if $kLoop (local.get $k)))`,
    `          (local.set $t (i32.add (local.get $t) (i32.const 1)))`,
    `          (br_if $tapLoop (i32.lt_u (local.get $t) (local.get $ntaps))))`,
    `        (if (local.get $relu)`,
    `          (then`,
    ...forAcc((r, c) => `            (local.set ${acc(r, c)} (f32x4.max (local.get ${acc(r, c)}) (v128.const i32x4 0 0 0 0)))`),
    `          ))`,
    `        (local.set $dst (i32.add (i32.add (local.get $rowOut) (i32.mul (local.get $ow0) (local.get $ld4))) (i32.shl (local.get $j) (i32.const 5))))`,
    ...storeTile().map((l) => `        ${l}`),
    `        (local.set $j (i32.add (local.get $j) (i32.const 1)))`,
    `        (br_if $panelLoop (i32.lt_u (local.get $j) (local.get $panels))))`,
    `      (local.set $ow0 (i32.add (local.get $ow0) (i32.const ${MR})))`,
    `      (br_if $tiles (i32.lt_s (local.get $ow0) (local.get $outW))))`,
    `    (local.set $oh (i32.add (local.get $oh) (i32.const 1)))`,
    `    (br_if $rows (i32.lt_s (local.get $oh) (local.get $outH))))`,
    `)`,
  ];
}

/**
 * conv_wgrad: one filter tap's gradient over a block of output rows of one image, accumulated:
 * dw[c, o] += sum over rows i and columns j of x[i*xRow + j*xPix + 4c] * dy[i*dyRow + j*dyPix + 4o].
 * dw is [ci][co]; dy's row of channels must be readable NR at a time (co padded to NR).
 * Tiles are MR input channels by NR output channels, with the pixels as the long k loop.
 */
function convFilterGrad(variant: KernelVariant): string[] {
  // Every row r of the tile reads the same pixel, channel ci0 + r: one pointer, offsets 4r.
  const step = tileStep(variant, (r) => `(v128.load32_splat offset=${4 * r} (local.get $xp))`, "$dp", 0);
  return [
    `(func (export "conv_wgrad") (param $x i32) (param $xRow i32) (param $xPix i32) (param $dy i32) (param $dyRow i32) (param $dyPix i32)`,
    `  (param $rows i32) (param $cols i32) (param $ci i32) (param $co i32) (param $dw i32) (param $scratch i32)`,
    `  (local $ci0 i32) (local $mr i32) (local $j i32) (local $nr i32) (local $panels i32) (local $dst i32) (local $ld4 i32)`,
    `  (local $row i32) (local $k i32) (local $xp i32) (local $dp i32) (local $r i32) (local $l i32)`,
    `  (local $a v128) (local $b0 v128) (local $b1 v128) ${accLocals()}`,
    `  (local.set $ld4 (i32.shl (local.get $co) (i32.const 2)))`,
    `  (local.set $panels (i32.shr_u (i32.add (local.get $co) (i32.const ${NR - 1})) (i32.const 3)))`,
    `  (loop $ctiles`,
    `    (local.set $mr ${min(`(i32.const ${MR})`, "(i32.sub (local.get $ci) (local.get $ci0))")})`,
    `    (local.set $j (i32.const 0))`,
    `    (loop $panelLoop`,
    `      (local.set $nr ${min(`(i32.const ${NR})`, `(i32.sub (local.get $co) (i32.shl (local.get $j) (i32.const 3)))`)})`,
    `      (local.set $dst (i32.add (i32.add (local.get $dw) (i32.mul (local.get $ci0) (local.get $ld4))) (i32.shl (local.get $j) (i32.const 5))))`,
    ...loadTile().map((l) => `      ${l}`),
    `      (local.set $row (i32.const 0))`,
    `      (loop $rowLoop`,
    `        (local.set $xp (i32.add (i32.add (local.get $x) (i32.mul (local.get $row) (local.get $xRow))) (i32.shl (local.get $ci0) (i32.const 2))))`,
    `        (local.set $dp (i32.add (i32.add (local.get $dy) (i32.mul (local.get $row) (local.get $dyRow))) (i32.shl (local.get $j) (i32.const 5))))`,
    `        (local.set $k (local.get $cols))`,
    `        (loop $kLoop`,
    ...step.map((l) => `          ${l}`),
    `          (local.set $xp (i32.add (local.get $xp) (local.get $xPix)))`,
    `          (local.set $dp (i32.add (local.get $dp) (local.get $dyPix)))`,
    `          (local.set $k (i32.sub (local.get $k) (i32.const 1)))`,
    `          (br_if $kLoop (local.get $k)))`,
    `        (local.set $row (i32.add (local.get $row) (i32.const 1)))`,
    `        (br_if $rowLoop (i32.lt_u (local.get $row) (local.get $rows))))`,
    ...storeTile().map((l) => `      ${l}`),
    `      (local.set $j (i32.add (local.get $j) (i32.const 1)))`,
    `      (br_if $panelLoop (i32.lt_u (local.get $j) (local.get $panels))))`,
    `    (local.set $ci0 (i32.add (local.get $ci0) (i32.const ${MR})))`,
    `    (br_if $ctiles (i32.lt_s (local.get $ci0) (local.get $ci))))`,
    `)`,
  ];
}

/** peak: `iters` rounds of 12 independent multiply-adds on f32x4 (96 flops a round), for GFLOP/s. */
function peak(variant: KernelVariant): string[] {
  const names = range(12).map((i) => `$s${i}`);
  return [
    `(func (export "peak") (param $iters i32) (result f32)`,
    `  (local $a v128) (local $b v128) ${names.map((n) => `(local ${n} v128)`).join(" ")}`,
    `  (local.set $a (f32x4.splat (f32.const 1e-7)))`,
    `  (local.set $b (f32x4.splat (f32.const 0.5)))`,
    `  (loop $l`,
    ...names.map((n) => `    ${madd(variant, n, "$a", "$b")}`),
    `    (local.set $iters (i32.sub (local.get $iters) (i32.const 1)))`,
    `    (br_if $l (i32.gt_s (local.get $iters) (i32.const 0))))`,
    `  (f32x4.extract_lane 0 ${names.reduce((s, n) => (s ? `(f32x4.add ${s} (local.get ${n}))` : `(local.get ${n})`), "")})`,
    `)`,
  ];
}

/** The whole module for one variant. */
export function kernelModuleWat(variant: KernelVariant): string {
  const body = [...peak(variant), ...convForward(variant), ...convFilterGrad(variant), ...winogradTransformsWat()];
  return [
    `;; Generated by src/kernels/wasm/wat.ts (${variant}); do not edit.`,
    `(module`,
    `  (import "env" "memory" (memory 1))`,
    ...body.map((l) => `  ${l}`),
    `)`,
    ``,
  ].join("\n");
}
