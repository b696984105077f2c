// Tensor types with named axes and a symbolic batch axis, and how they print.

/** One axis: `size === null` is the symbolic batch B. */
export interface Dim {
  name: string | null;
  size: number | null;
}

export type DType = "float32" | "int32";

export interface TensorType {
  dims: Dim[];
  dtype: DType;
}

export const BATCH: Dim = { name: "B", size: null };

export function dim(size: number, name: string | null = null): Dim {
  return { name, size };
}

export function formatDim(d: Dim): string {
  if (d.size === null) return d.name ?? "B";
  return d.name ? `${d.name}:${d.size}` : String(d.size);
}

export function formatShape(dims: Dim[]): string {
  return `[${dims.map(formatDim).join(", ")}]`;
}

export function sameShape(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d.size === b[i]!.size);
}

export function lastSize(t: TensorType): number {
  return t.dims[t.dims.length - 1]!.size ?? 0;
}

export function isImage(t: TensorType): boolean {
  return t.dims.length === 4;
}

export function isSequence(t: TensorType): boolean {
  return t.dims.length === 3;
}

export function isVector(t: TensorType): boolean {
  return t.dims.length === 2;
}

/** Divisors of `n` in increasing order (the search stops at 10^5, enough for suggestions). */
export function divisors(n: number): number[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 1; i * i <= n && i <= 100_000; i++) {
    if (n % i !== 0) continue;
    small.push(i);
    if (i * i !== n) large.unshift(n / i);
  }
  return [...small, ...large];
}

/** Output length of a sliding window (conv, pooling) along one axis: the one formula checker, verifier and lowerings share. */
export function windowOutputSize(size: number, window: number, stride: number, dilation: number, padding: "same" | "valid"): number {
  const span = (window - 1) * dilation + 1;
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - span) / stride) + 1;
}

/** Values per item: every axis but the batch. */
export function elementCount(dims: Dim[]): number {
  return dims.slice(1).reduce((n, d) => n * (d.size ?? 1), 1);
}

export function describeKind(t: TensorType): string {
  if (t.dtype === "int32") return t.dims.length === 2 ? "token ids" : "integer labels";
  if (isImage(t)) return "an image";
  if (isSequence(t)) return "a sequence";
  if (isVector(t)) return "a vector";
  return `a rank-${t.dims.length} tensor`;
}
