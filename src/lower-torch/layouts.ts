// Parameter values between tfjs's layouts and torch's (conv kernels HWIO <-> OIHW, matrices
// [in, out] <-> [out, in]), as flat float32 arrays.
import type { Layout } from "./op-table.js";

export interface FlatTensor {
  shape: number[];
  values: Float32Array;
}

/** Permutes a row-major tensor: out axis i is input axis perm[i]. */
function permute(t: FlatTensor, perm: number[]): FlatTensor {
  const shape = perm.map((p) => t.shape[p]!);
  const inStrides = strides(t.shape);
  const outStrides = strides(shape);
  const values = new Float32Array(t.values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < values.length; o++) {
    let rest = o;
    let src = 0;
    for (let i = 0; i < shape.length; i++) {
      index[i] = Math.floor(rest / outStrides[i]!);
      rest -= index[i]! * outStrides[i]!;
      src += index[i]! * inStrides[perm[i]!]!;
    }
    values[o] = t.values[src]!;
  }
  return { shape, values };
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

const TO_TORCH: Record<Layout, number[]> = { hwio_to_oihw: [3, 2, 0, 1], in_out_to_out_in: [1, 0] };
const FROM_TORCH: Record<Layout, number[]> = { hwio_to_oihw: [2, 3, 1, 0], in_out_to_out_in: [1, 0] };

export function toTorch(t: FlatTensor, layout: Layout | undefined): FlatTensor {
  return layout ? permute(t, TO_TORCH[layout]) : t;
}

export function fromTorch(t: FlatTensor, layout: Layout | undefined): FlatTensor {
  return layout ? permute(t, FROM_TORCH[layout]) : t;
}
