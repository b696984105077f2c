// WAT of the Winograd F(2x2, 3x3) transforms (Lavin & Gray 2015), vectorised over 4 channels:
// the batched GEMMs between them are conv_fwd / conv_wgrad with one tap (wat.ts). Additions
// only, so both builds share this text. With B, G, A the F(2,3) matrices,
//   forward:         Y  = A^T [ (G g G^T) . (B^T d B) ] A      (2x2 outputs from a 4x4 patch)
//   filter gradient: dg = G^T [ sum over tiles (B^T d B) . (A dY A^T) ] G
// Tiles are 2x2 outputs; a block of tile rows of one image is transformed at a time so that
// the 16 transformed planes stay in L2 between the transforms and the GEMMs.

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const get = (name: string): string => `(local.get ${name})`;
const add = (a: string, b: string): string => `(f32x4.add ${a} ${b})`;
const sub = (a: string, b: string): string => `(f32x4.sub ${a} ${b})`;
const ZERO = "(v128.const i32x4 0 0 0 0)";

/** 4 points through B^T: [d0 - d2, d1 + d2, d2 - d1, d1 - d3]. */
const inputRow = (d: string[]): string[] => [sub(d[0]!, d[2]!), add(d[1]!, d[2]!), sub(d[2]!, d[1]!), sub(d[1]!, d[3]!)];
/** 4 points through A^T: [m0 + m1 + m2, m1 - m2 - m3]. */
const outputRow = (m: string[]): string[] => [add(add(m[0]!, m[1]!), m[2]!), sub(sub(m[1]!, m[2]!), m[3]!)];
/** 2 points through A: [d0, d0 + d1, d0 - d1, -d1]. */
const gradRow = (d: string[]): string[] => [d[0]!, add(d[0]!, d[1]!), sub(d[0]!, d[1]!), `(f32x4.neg ${d[1]!})`];

/** Loops over the tiles of a block and 4-channel groups: sets $t (tile index) and $c (byte offset of the group). */
function tileLoops(channels: string, body: string[]): string[] {
  return [
    `(local.set $tr (i32.const 0))`,
    `(loop $rowLoop`,
    `  (local.set $tw (i32.const 0))`,
    `  (loop $tileLoop`,
    `    (local.set $t (i32.add (i32.mul (local.get $tr) (local.get $tilesW)) (local.get $tw)))`,
    `    (local.set $c (i32.const 0))`,
    `    (loop $chanLoop`,
    ...body.map((l) => `      ${l}`),
    `      (local.set $c (i32.add (local.get $c) (i32.const 16)))`,
    `      (br_if $chanLoop (i32.lt_u (local.get $c) (i32.shl ${channels} (i32.const 2)))))`,
    `    (local.set $tw (i32.add (local.get $tw) (i32.const 1)))`,
    `    (br_if $tileLoop (i32.lt_u (local.get $tw) (local.get $tilesW))))`,
    `  (local.set $tr (i32.add (local.get $tr) (i32.const 1)))`,
    `  (br_if $rowLoop (i32.lt_u (local.get $tr) (local.get $tileRows))))`,
  ];
}

const v128Locals = (prefix: string, n: number): string => range(n).map((i) => `(local ${prefix}${i} v128)`).join(" ");
/** Byte address of plane xi's entry: base + xi * stride (+ $c). */
const planeAt = (base: string, xi: number, stride: string): string => `(i32.add (i32.add ${base} (i32.mul (i32.const ${xi}) ${stride})) (local.get $c))`;

/**
 * wino_input: dst[xi][t][c] = (B^T d B)[xi] for the 4x4 patch d at rows 2tr.., columns 2tw.. of
 * src (rows rowBytes apart, pixels pixBytes apart, c channels a pixel, c % 4 == 0). Output rows
 * a of B^T d need patch rows {0,2}, {1,2} (twice) and {1,3}: each group is loaded, transformed
 * and stored before the next, so at most 8 loaded vectors are live (all 16 would spill).
 */
function winoInput(): string[] {
  const d = (i: number, j: number) => `(v128.load (i32.add (local.get $row${i}) (local.get $pix${j})))`;
  const groups: { rows: number[]; out: (col: (i: number) => string) => [number, string][] }[] = [
    { rows: [0, 2], out: (col) => [[0, sub(col(0), col(2))]] },
    { rows: [1, 2], out: (col) => [[1, add(col(1), col(2))], [2, sub(col(2), col(1))]] },
    { rows: [1, 3], out: (col) => [[3, sub(col(1), col(3))]] },
  ];
  const body: string[] = [...range(4).map((i) => `(local.set $row${i} (i32.add (i32.add (local.get $base) (local.get $c)) (i32.mul (i32.const ${i}) (local.get $rowBytes))))`)];
  for (const grp of groups) {
    for (const i of grp.rows) for (const j of range(4)) body.push(`(local.set $d${i * 4 + j} ${d(i, j)})`);
    // Column j of row a of B^T d, for each output row a of this group.
    const rowOfBtD = (j: number) => grp.out((i) => get(`$d${i * 4 + j}`));
    grp.out(() => "").forEach(([a], n) => {
      const row = range(4).map((j) => rowOfBtD(j)[n]![1]);
      inputRow(row).forEach((e, b) => body.push(`(v128.store ${planeAt("(local.get $out)", a * 4 + b, "(local.get $xiStride)")} ${e})`));
    });
  }
  return [
    `(func (export "wino_input") (param $src i32) (param $rowBytes i32) (param $pixBytes i32) (param $ci i32)`,
    `  (param $tileRows i32) (param $tilesW i32) (param $dst i32) (param $xiStride i32)`,
    `  (local $tr i32) (local $tw i32) (local $t i32) (local $c i32) (local $base i32) (local $out i32)`,
    `  ${range(4).map((i) => `(local $row${i} i32) (local $pix${i} i32)`).join(" ")} ${v128Locals("$d", 16)}`,
    ...range(4).map((j) => `  (local.set $pix${j} (i32.mul (i32.const ${j}) (local.get $pixBytes)))`),
    ...tileLoops("(local.get $ci)", [
      `(local.set $base (i32.add (local.get $src) (i32.add (i32.mul (i32.shl (local.get $tr) (i32.const 1)) (local.get $rowBytes)) (i32.mul (i32.shl (local.get $tw) (i32.const 1)) (local.get $pixBytes)))))`,
      `(local.set $out (i32.add (local.get $dst) (i32.mul (local.get $t) (i32.shl (local.get $ci) (i32.const 2)))))`,
      ...body,
    ]).map((l) => `  ${l}`),
    `)`,
  ];
}

/**
 * wino_output: y[2tr + a, 2tw + b, c] = relu?(A^T m A + bias)[a][b] for m = src[.][t][c]
 * (co channels, co % 4 == 0), skipping outputs past validH rows or validW columns.
 */
function winoOutput(): string[] {
  const m = (a: number, b: number) => `$m${a * 4 + b}`;
  const s = (a: number, b: number) => `$s${a * 4 + b}`;
  const yAt = (a: number, b: number) =>
    `(i32.add (i32.add (local.get $base) (local.get $c)) (i32.add (i32.mul (i32.const ${a}) (local.get $yRow)) (i32.mul (i32.const ${b}) (local.get $yPix))))`;
  const fin = (e: string) => `(local.set $v (f32x4.add ${e} (local.get $bv)))
        (if (local.get $relu) (then (local.set $v (f32x4.max (local.get $v) ${ZERO}))))`;
  const outs = range(2).flatMap((a) => outputRow(range(4).map((b) => get(s(a, b)))).map((e, b) => ({ a, b, e })));
  const body = [
    ...range(16).map((xi) => `(local.set $m${xi} (v128.load ${planeAt("(local.get $in)", xi, "(local.get $xiStride)")}))`),
    ...range(4).flatMap((b) => outputRow(range(4).map((a) => get(m(a, b)))).map((e, a) => `(local.set ${s(a, b)} ${e})`)),
    `(local.set $bv (v128.load (i32.add (local.get $bias) (local.get $c))))`,
    ...outs.flatMap(({ a, b, e }) => {
      const store = [fin(e), `(v128.store ${yAt(a, b)} (local.get $v))`];
      const conds = [a === 1 ? "(local.get $okH)" : "", b === 1 ? "(local.get $okW)" : ""].filter(Boolean);
      if (conds.length === 0) return store;
      const cond = conds.length === 2 ? `(i32.and ${conds[0]} ${conds[1]})` : conds[0]!;
      return [`(if ${cond} (then`, ...store.map((l) => `  ${l}`), `))`];
    }),
  ];
  return [
    `(func (export "wino_output") (param $src i32) (param $xiStride i32) (param $co i32) (param $tileRows i32) (param $tilesW i32)`,
    `  (param $y i32) (param $yRow i32) (param $yPix i32) (param $validH i32) (param $validW i32) (param $bias i32) (param $relu i32)`,
    `  (local $tr i32) (local $tw i32) (local $t i32) (local $c i32) (local $base i32) (local $in i32) (local $okH i32) (local $okW i32)`,
    `  (local $bv v128) (local $v v128) ${v128Locals("$m", 16)} ${v128Locals("$s", 8)}`,
    ...tileLoops("(local.get $co)", [
      `(local.set $base (i32.add (local.get $y) (i32.add (i32.mul (i32.shl (local.get $tr) (i32.const 1)) (local.get $yRow)) (i32.mul (i32.shl (local.get $tw) (i32.const 1)) (local.get $yPix)))))`,
      `(local.set $in (i32.add (local.get $src) (i32.mul (local.get $t) (i32.shl (local.get $co) (i32.const 2)))))`,
      `(local.set $okH (i32.lt_s (i32.add (i32.shl (local.get $tr) (i32.const 1)) (i32.const 1)) (local.get $validH)))`,
      `(local.set $okW (i32.lt_s (i32.add (i32.shl (local.get $tw) (i32.const 1)) (i32.const 1)) (local.get $validW)))`,
      ...body,
    ]).map((l) => `  ${l}`),
    `)`,
  ];
}

/**
 * wino_dy: dst[xi][t][c] (pixels ld floats apart) = (A g A^T)[xi] for the 2x2 tile g of dy at
 * rows 2tr.., columns 2tw.. (co channels, co % 4 == 0), zero past validH rows or validW columns.
 */
function winoGrad(): string[] {
  const g = (a: number, b: number) => `$g${a * 2 + b}`;
  const u = (a: number, b: number) => `$u${a * 2 + b}`;
  const at = (a: number, b: number) =>
    `(i32.add (i32.add (local.get $base) (local.get $c)) (i32.add (i32.mul (i32.const ${a}) (local.get $dyRow)) (i32.mul (i32.const ${b}) (local.get $dyPix))))`;
  const cond = (a: number, b: number) => [a === 1 ? "(local.get $okH)" : "", b === 1 ? "(local.get $okW)" : ""].filter(Boolean);
  const load = (a: number, b: number) => {
    const c = cond(a, b);
    const l = `(v128.load ${at(a, b)})`;
    if (c.length === 0) return `(local.set ${g(a, b)} ${l})`;
    return `(local.set ${g(a, b)} (if (result v128) ${c.length === 2 ? `(i32.and ${c[0]} ${c[1]})` : c[0]} (then ${l}) (else ${ZERO})))`;
  };
  const body = [
    ...range(2).flatMap((a) => range(2).map((b) => load(a, b))),
    ...range(2).flatMap((b) => gradRow(range(2).map((a) => get(g(a, b)))).map((e, a) => `(local.set ${u(a, b)} ${e})`)),
    ...range(4).flatMap((a) => gradRow(range(2).map((b) => get(u(a, b)))).map((e, b) => `(v128.store ${planeAt("(local.get $out)", a * 4 + b, "(local.get $xiStride)")} ${e})`)),
  ];
  return [
    `(func (export "wino_dy") (param $dy i32) (param $dyRow i32) (param $dyPix i32) (param $co i32) (param $tileRows i32) (param $tilesW i32)`,
    `  (param $validH i32) (param $validW i32) (param $dst i32) (param $xiStride i32) (param $ld i32)`,
    `  (local $tr i32) (local $tw i32) (local $t i32) (local $c i32) (local $base i32) (local $out i32) (local $okH i32) (local $okW i32)`,
    `  ${v128Locals("$g", 4)} ${v128Locals("$u", 8)}`,
    ...tileLoops("(local.get $co)", [
      `(local.set $base (i32.add (local.get $dy) (i32.add (i32.mul (i32.shl (local.get $tr) (i32.const 1)) (local.get $dyRow)) (i32.mul (i32.shl (local.get $tw) (i32.const 1)) (local.get $dyPix)))))`,
      `(local.set $out (i32.add (local.get $dst) (i32.mul (local.get $t) (i32.shl (local.get $ld) (i32.const 2)))))`,
      `(local.set $okH (i32.lt_s (i32.add (i32.shl (local.get $tr) (i32.const 1)) (i32.const 1)) (local.get $validH)))`,
      `(local.set $okW (i32.lt_s (i32.add (i32.shl (local.get $tw) (i32.const 1)) (i32.const 1)) (local.get $validW)))`,
      ...body,
    ]).map((l) => `  ${l}`),
    `)`,
  ];
}

export function winogradTransformsWat(): string[] {
  return [...winoInput(), ...winoOutput(), ...winoGrad()];
}
