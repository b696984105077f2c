// Plain-JS (float64) reference implementations of the losses, written loop by loop and
// independently of the tensor code, used as the ground truth in the tests.
import { Rng } from "../../src/common/random.js";

export type Matrix = number[][];

export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const r = rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r() * 2 - 1));
}

function normalize(v: number[]): number[] {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.sqrt(s);
  return v.map((x) => x / n);
}

export function cosine(a: Matrix, b: Matrix): Matrix {
  const an = a.map(normalize);
  const bn = b.map(normalize);
  return an.map((x) => bn.map((y) => x.reduce((s, xi, k) => s + xi * y[k], 0)));
}

function transpose(m: Matrix): Matrix {
  return m[0].map((_, j) => m.map((row) => row[j]));
}

function same(ids: number[] | undefined, i: number, j: number): boolean {
  return ids ? ids[i] === ids[j] : i === j;
}

/** One direction of InfoNCE: rows are queries. */
function infoNceRows(
  l: Matrix,
  ids: number[] | undefined,
  mode: "exclude" | "share",
  beta: number,
  lw: Matrix = l, // logits the hard-negative weights are computed from
): number {
  let total = 0;
  for (let i = 0; i < l.length; i++) {
    const negs: number[] = [];
    const poss: number[] = [];
    for (let j = 0; j < l.length; j++) {
      if (!same(ids, i, j)) negs.push(j);
      else if (j === i || mode === "share") poss.push(j);
    }
    // Importance weights of the negatives, averaging 1.
    let z = 0;
    for (const j of negs) z += Math.exp(beta * lw[i][j]);
    let denom = 0;
    for (const j of poss) denom += Math.exp(l[i][j]);
    for (const j of negs) denom += ((negs.length * Math.exp(beta * lw[i][j])) / z) * Math.exp(l[i][j]);
    let numer = 0;
    for (const j of poss) numer += l[i][j];
    total += Math.log(denom) - numer / poss.length;
  }
  return total / l.length;
}

export function infoNceRef(
  img: Matrix,
  txt: Matrix,
  logScale: number,
  opts: { ids?: number[]; mode?: "exclude" | "share"; beta?: number; weightsFrom?: [Matrix, Matrix] } = {},
): number {
  const logits = (a: Matrix, b: Matrix) => cosine(a, b).map((row) => row.map((x) => Math.exp(logScale) * x));
  const l = logits(img, txt);
  // Hard-negative weights from other (frozen) embeddings, to check they get no gradient.
  const lw = opts.weightsFrom ? logits(...opts.weightsFrom) : l;
  const mode = opts.mode ?? "exclude";
  const beta = opts.beta ?? 0;
  return (infoNceRows(l, opts.ids, mode, beta, lw) + infoNceRows(transpose(l), opts.ids, mode, beta, transpose(lw))) / 2;
}

export function siglipRef(img: Matrix, txt: Matrix, logScale: number, bias: number, ids?: number[], perPair = false): number {
  const c = cosine(img, txt);
  const b = img.length;
  let total = 0;
  for (let i = 0; i < b; i++) {
    for (let j = 0; j < b; j++) {
      const z = same(ids, i, j) ? 1 : -1;
      const x = z * (Math.exp(logScale) * c[i][j] + bias);
      total += -Math.log(1 / (1 + Math.exp(-x)));
    }
  }
  return total / (perPair ? b * b : b);
}

function tripletRows(d: Matrix, ids: number[] | undefined, margin: number, mining: string): number {
  let total = 0;
  let anchors = 0;
  for (let i = 0; i < d.length; i++) {
    const pos = d[i][i];
    const negs: number[] = [];
    for (let j = 0; j < d.length; j++) if (!same(ids, i, j)) negs.push(d[i][j]);
    if (negs.length === 0) continue;
    anchors++;
    if (mining === "all") {
      let s = 0;
      for (const n of negs) s += Math.max(0, margin + pos - n);
      total += s / negs.length;
      continue;
    }
    let chosen: number;
    if (mining === "hardest") {
      chosen = Math.min(...negs);
    } else {
      const beyond = negs.filter((n) => n > pos);
      chosen = beyond.length > 0 ? Math.min(...beyond) : Math.max(...negs);
    }
    total += Math.max(0, margin + pos - chosen);
  }
  return anchors === 0 ? 0 : total / anchors;
}

export function tripletRef(img: Matrix, txt: Matrix, margin: number, mining: string, ids?: number[]): number {
  const d = cosine(img, txt).map((row) => row.map((x) => 1 - x));
  return (tripletRows(d, ids, margin, mining) + tripletRows(transpose(d), ids, margin, mining)) / 2;
}

export function crossEntropyRef(logits: Matrix, labels: number[]): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const m = Math.max(...logits[i]);
    let s = 0;
    for (const x of logits[i]) s += Math.exp(x - m);
    total += m + Math.log(s) - logits[i][labels[i]];
  }
  return total / logits.length;
}

/** Central finite differences of f at x (float64), one coordinate at a time. */
export function numericGrad(f: (x: number[]) => number, x: number[], h = 1e-5): number[] {
  return x.map((_, k) => {
    const up = x.slice();
    const down = x.slice();
    up[k] += h;
    down[k] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}
